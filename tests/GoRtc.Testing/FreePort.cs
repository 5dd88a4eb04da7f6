using System.Net;
using System.Net.Sockets;

namespace GoRtc.Testing;

/// <summary>
/// Free TCP ports on 127.0.0.1 for servers started by tests: the OS picks one (bind to port 0), the socket is
/// released, and the port is returned. A port is never returned twice in one test process (a process-wide record,
/// the only static mutable state besides the child-process kill list). Another program can still take the port
/// between this call and the server's bind; fixtures that can detect it (see <see cref="RedisServer"/>) retry.
/// </summary>
public static class FreePort
{
    private static readonly Lock Sync = new();
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A free loopback TCP port not handed out before in this process.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            int port;
            using (var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            }

            lock (Sync)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("Could not find a free TCP port on 127.0.0.1 that was not handed out before.");
    }
}
