namespace GoRtc.Jsip;

/// <summary>
/// The request types of JSIP. A response carries the method of the request it answers
/// (on the wire its <c>Type</c> is <c>RESPONSE</c>); <see cref="None"/> marks a response
/// that has not been matched to its request yet.
/// </summary>
public enum JsipMethod : byte
{
    None = 0,
    Invite,
    Ack,
    Bye,
    Cancel,
    Register,
    Options,
    Info,
    Update,
    Prack,
    Subscribe,
    Message,
    Notify,
}
