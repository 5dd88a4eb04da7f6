using System.Net;
using System.Net.Sockets;

namespace GoRtc.LoadTest;

/// <summary>
/// An HTTP handler whose connections leave from one local address: a client has ~28,000 ephemeral ports per
/// (source address, server address, server port), so 127.0.0.2, 127.0.0.3… (all loopback on Linux) raise the ceiling.
/// </summary>
internal static class LocalAddressHandler
{
    public static SocketsHttpHandler Create(IPAddress local) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
