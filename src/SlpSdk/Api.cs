namespace GoRtc.SlpSdk;

/// <summary>
/// A REST API plugin: requests to <c>/&lt;name&gt;/v&lt;N&gt;/&lt;path&gt;</c> on any gateway run one of its
/// handlers on a silo. GoRtc creates a fresh instance per request (as the reference did), so an API keeps no
/// state of its own; state that outlives a request lives in <see cref="Api{TShared}.Shared"/> or in the SLPs.
/// A method the API does not override answers <c>405</c>.
/// </summary>
public abstract class Api
{
    private IApiContext? _context;

    /// <summary>Configuration, logging and clock for this API.</summary>
    public IApiContext Context => _context ?? throw new InvalidOperationException("The API is not attached to a runtime yet.");

    /// <summary>Handles GET.</summary>
    public virtual ValueTask<ApiResponse> GetAsync(ApiRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ApiResponse.MethodNotAllowed(request));

    /// <summary>Handles POST.</summary>
    public virtual ValueTask<ApiResponse> PostAsync(ApiRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ApiResponse.MethodNotAllowed(request));

    /// <summary>Handles DELETE.</summary>
    public virtual ValueTask<ApiResponse> DeleteAsync(ApiRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ApiResponse.MethodNotAllowed(request));

    internal void Attach(IApiContext context) => _context = context;

    internal virtual void AttachShared(object? shared)
    {
    }

    internal virtual Type? SharedType => null;
}

/// <summary>
/// An API that shares <typeparamref name="TShared"/> with the SLP of the same plugin assembly: an SLP and an API
/// uploaded from the same bytes get the same object on each node (the chatroom's API lists the chatroom SLP's rooms).
/// </summary>
public abstract class Api<TShared> : Api
    where TShared : class, new()
{
    private TShared? _shared;

    /// <summary>The object shared with the SLP (and other APIs) of the same plugin assembly on this node.</summary>
    protected TShared Shared => _shared ?? throw new InvalidOperationException("The shared context is not attached yet.");

    internal override void AttachShared(object? shared) => _shared = (TShared?)shared;

    internal override Type? SharedType => typeof(TShared);
}
