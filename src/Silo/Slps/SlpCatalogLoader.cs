using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoRtc.Silo.Slps;

/// <summary>Loads the SLPs named in configuration when the silo starts; one that fails is reported and skipped.</summary>
internal sealed partial class SlpCatalogLoader : IHostedService
{
    private readonly SlpCatalog _catalog;
    private readonly IOptions<PluginOptions> _options;
    private readonly ILogger<SlpCatalogLoader> _logger;

    public SlpCatalogLoader(SlpCatalog catalog, IOptions<PluginOptions> options, ILogger<SlpCatalogLoader> logger)
    {
        _catalog = catalog;
        _options = options;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var directory = Path.IsPathRooted(options.Directory)
            ? options.Directory
            : Path.Combine(AppContext.BaseDirectory, options.Directory);

        foreach (var (name, slp) in options.Slps)
        {
            var path = Path.Combine(directory, slp.File);
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                LogUnreadable(ex, name, path);
                continue;
            }
            catch (UnauthorizedAccessException ex)
            {
                LogUnreadable(ex, name, path);
                continue;
            }

            _catalog.Load(name, slp.File, bytes, slp.Settings, out _);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "SLP {Name}: cannot read {Path}; skipped")]
    private partial void LogUnreadable(Exception exception, string name, string path);
}
