namespace GoRtc.Cli;

/// <summary>What is uploaded for one plugin: a single assembly, or a zip of the assembly and its private dependencies.</summary>
internal sealed class PluginPackage
{
    public const string DllContentType = "application/octet-stream";
    public const string ZipContentType = "application/zip";

    public PluginPackage(string fileName, string contentType, byte[] content, IReadOnlyList<string> sourceFiles)
    {
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        SourceFiles = sourceFiles;
    }

    /// <summary>The name the server stores it under (the <c>file</c> query parameter).</summary>
    public string FileName { get; }

    /// <summary><see cref="DllContentType"/> or <see cref="ZipContentType"/>.</summary>
    public string ContentType { get; }

    public byte[] Content { get; }

    /// <summary>The files on disk it was made from; the plugin assembly (or the given zip) first.</summary>
    public IReadOnlyList<string> SourceFiles { get; }

    public bool IsZip => ContentType == ZipContentType;
}
