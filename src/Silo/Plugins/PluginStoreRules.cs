using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace GoRtc.Silo.Plugins;

/// <summary>The rules every <see cref="IPluginStore"/> applies, kept here so the implementations cannot drift apart.</summary>
internal static class PluginStoreRules
{
    private const int Sha256HexLength = 64;
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Throws if an upload cannot be stored.</summary>
    public static void Validate(PluginUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (!Enum.IsDefined(upload.Kind))
        {
            throw new ArgumentException($"Unknown plugin kind {upload.Kind}.", nameof(upload));
        }

        if (!Enum.IsDefined(upload.Origin))
        {
            throw new ArgumentException($"Unknown plugin origin {upload.Origin}.", nameof(upload));
        }

        if (string.IsNullOrWhiteSpace(upload.Name))
        {
            throw new ArgumentException("A plugin needs a name.", nameof(upload));
        }

        if (string.IsNullOrWhiteSpace(upload.File))
        {
            throw new ArgumentException($"Plugin {upload.Kind} {upload.Name} needs a file name.", nameof(upload));
        }
    }

    /// <summary>Throws unless the upload comes from configuration: a seeded Upload record would block every later seed.</summary>
    public static void ValidateSeed(PluginUpload upload)
    {
        Validate(upload);
        if (upload.Origin != PluginOrigin.Configuration)
        {
            throw new ArgumentException(
                $"Seeding stores configuration plugins only; {upload.Kind} {upload.Name} has origin {upload.Origin}.",
                nameof(upload));
        }
    }

    /// <summary>
    /// Whether seeding writes: a name never stored and never deleted is seeded; a configuration record whose bundled
    /// file changed is replaced. An operator's upload or delete always wins over configuration.
    /// </summary>
    public static bool ShouldSeed(PluginRecord? current, bool deleted, string sha256) =>
        current is null
            ? !deleted
            : current.Origin == PluginOrigin.Configuration && !string.Equals(current.Sha256, sha256, StringComparison.Ordinal);

    /// <summary>Lower-case hex SHA-256: the content address of a blob.</summary>
    public static string Sha256Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>
    /// Lower-cases a hex SHA-256, or fails for anything else. Blob file names and keys are built from it, so nothing but
    /// 64 hex digits may pass (no path separators).
    /// </summary>
    public static bool TryNormalizeSha256(string? sha256, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (sha256 is null || sha256.Length != Sha256HexLength || sha256.AsSpan().ContainsAnyExcept(HexDigits))
        {
            return false;
        }

        normalized = sha256.ToLowerInvariant();
        return true;
    }

    /// <summary>Normalises the SHA-256s to keep; anything that is not one keeps nothing.</summary>
    public static HashSet<string> NormalizeKeepSet(IReadOnlySet<string> keepSha256)
    {
        ArgumentNullException.ThrowIfNull(keepSha256);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sha256 in keepSha256)
        {
            if (TryNormalizeSha256(sha256, out var normalized))
            {
                keep.Add(normalized);
            }
        }

        return keep;
    }
}
