using System.Net.WebSockets;

namespace GoRtc.Testing;

/// <summary>Options of a <see cref="JsipTestClient"/>.</summary>
public sealed class JsipTestClientOptions
{
    /// <summary>A label for logs and failure messages; defaults to the <c>userid</c> of the URL, else its authority.</summary>
    public string? Name { get; init; }

    /// <summary>How long the connect (TCP + upgrade) may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <see cref="JsipTestClient.CloseAsync"/> waits for the server's close frame before aborting. Default 2 s.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A received message larger than this aborts the connection (recorded in <see cref="JsipTestClient.ReceiveError"/>). Default 4 MiB.</summary>
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Extra configuration of the socket before connecting (headers, sub-protocols, keep-alive).</summary>
    public Action<ClientWebSocketOptions>? ConfigureWebSocket { get; init; }
}
