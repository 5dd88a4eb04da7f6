namespace GoRtc.Jsip.Stack;

/// <summary>The status codes the stack generates itself.</summary>
internal static class JsipStatusCodes
{
    public const int Trying = 100;
    public const int Ok = 200;
    public const int BadRequest = 400;
    public const int RequestTimeout = 408;
    public const int CallDoesNotExist = 481;
    public const int RequestTerminated = 487;
    public const int RequestPending = 491;
}
