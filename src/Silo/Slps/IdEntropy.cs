using System.Security.Cryptography;

namespace GoRtc.Silo.Slps;

/// <summary>
/// Unguessable bytes for ids that clients learn and could otherwise forge (an instance id is inside every relid it
/// hands out), drawn from the operating system's cryptographic generator a block at a time: one system call per 64
/// ids instead of one per <see cref="Guid.NewGuid"/>, which had cost 2 % of a busy node's CPU. Not thread-safe: each
/// dialogue shard, which runs one turn at a time, has its own.
/// </summary>
internal sealed class IdEntropy
{
    private const int BlockSize = 1024;
    private readonly byte[] _block = new byte[BlockSize];
    private int _next = BlockSize;

    /// <summary>Fills <paramref name="destination"/> (at most <c>1024</c> bytes) with fresh random bytes.</summary>
    public void Fill(Span<byte> destination)
    {
        if (_next + destination.Length > BlockSize)
        {
            RandomNumberGenerator.Fill(_block);
            _next = 0;
        }

        var bytes = _block.AsSpan(_next, destination.Length);
        bytes.CopyTo(destination);
        bytes.Clear(); // used bytes do not linger in memory
        _next += destination.Length;
    }
}
