using GoRtc.Gateway.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace GoRtc.Gateway.Demo;

/// <summary>
/// The demo page on the WebSocket port (<c>Rtc:DemoPage</c>): static files from <c>wwwroot</c> beside the executable
/// (the page, and the JavaScript client under <c>/lib/gortc/</c>, both copied there by the build) and the page's
/// settings. Nothing is served on the REST API's port, and <c>/rtc</c> is untouched: a file is served only where one
/// exists.
/// </summary>
internal static partial class DemoPageHosting
{
    public const string SettingsPath = "/demo-settings.json";

    public static void UseDemoPage(this WebApplication app, RtcOptions rtc)
    {
        if (!rtc.DemoPage)
        {
            return;
        }

        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!Directory.Exists(root))
        {
            LogDemoPageMissing(app.Logger, root);
            return;
        }

        var files = new PhysicalFileProvider(root);
        // The page's modules change with the server: let browsers revalidate instead of running a stale mix.
        var staticFiles = new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = file => file.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        };
        app.UseWhen(
            context => context.Connection.LocalPort == rtc.Port,
            page => page
                .UseDefaultFiles(new DefaultFilesOptions { FileProvider = files })
                .UseStaticFiles(staticFiles));

        var settings = new DemoPageSettings([.. rtc.IceServers]);
        app.MapGet(SettingsPath, () => Results.Json(settings, DemoPageJsonContext.Default.DemoPageSettings))
            .RequireHost($"*:{rtc.Port}");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rtc:DemoPage is on but {Root} does not exist: no demo page is served")]
    private static partial void LogDemoPageMissing(ILogger logger, string root);
}
