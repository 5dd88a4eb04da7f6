using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace GoRtc.Gateway.Connections;

/// <summary>The sockets this gateway holds, by connection id, with per-address counts for the connection limits.</summary>
internal sealed class ConnectionTable
{
    private readonly ConcurrentDictionary<Guid, JsipConnection> _connections = new();
    private readonly ConcurrentDictionary<string, int> _perAddress = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public IEnumerable<JsipConnection> All => _connections.Values;

    public bool TryGet(Guid id, [NotNullWhen(true)] out JsipConnection? connection) => _connections.TryGetValue(id, out connection);

    /// <summary>Reserves a slot for <paramref name="address"/>; false when either limit is reached.</summary>
    public bool TryReserve(string address, int maxTotal, int maxPerAddress, out bool perAddressLimited)
    {
        perAddressLimited = false;
        if (_connections.Count >= maxTotal)
        {
            return false;
        }

        var count = _perAddress.AddOrUpdate(address, 1, static (_, n) => n + 1);
        if (count > maxPerAddress)
        {
            Release(address);
            perAddressLimited = true;
            return false;
        }

        return true;
    }

    public void Release(string address)
    {
        while (_perAddress.TryGetValue(address, out var n))
        {
            if (n <= 1 ? _perAddress.TryRemove(new KeyValuePair<string, int>(address, n)) : _perAddress.TryUpdate(address, n - 1, n))
            {
                return;
            }
        }
    }

    public void Add(JsipConnection connection) => _connections[connection.Id] = connection;

    public void Remove(JsipConnection connection) => _connections.TryRemove(new KeyValuePair<Guid, JsipConnection>(connection.Id, connection));
}
