using MetricStream.Host.Admin.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Admin;

/// <summary>
/// A role's admin listener: Kestrel on its own address serving the <see cref="IAdminModule"/>s it is given
/// (admin API, <c>/metrics</c>, the operators' page). <c>metricstream up</c> runs one at port base + 2.
/// </summary>
/// <remarks>Takes no signals for itself: the process owns SIGINT/SIGTERM and disposes the listener.</remarks>
internal sealed class AdminServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AdminServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The address it listens on, with the actual port.</summary>
    public Uri Url { get; }

    /// <summary>Starts listening on <paramref name="listen"/> (port 0 picks a free one) and maps every module.</summary>
    /// <param name="listen">Scheme, host and port, e.g. <c>http://127.0.0.1:8082</c>.</param>
    /// <param name="auth">The admin key rule modules use.</param>
    /// <param name="modules">The API parts to serve.</param>
    /// <param name="logs">Logging.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The listening server.</returns>
    public static async Task<AdminServer> StartAsync(Uri listen, AdminKeyCheck auth, IEnumerable<IAdminModule> modules, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentNullException.ThrowIfNull(logs);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(AdminServer).Assembly.GetName().Name });
        builder.Logging.AddProvider(new LoggerFactoryProvider(logs));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(5));
        builder.WebHost.UseUrls($"{listen.Scheme}://{listen.Authority}");
        var app = builder.Build();
        foreach (var module in modules)
        {
            module.Map(app, auth);
        }

        app.MapFallback(context => AdminKeyCheck.ErrorAsync(context, StatusCodes.Status404NotFound, "not found", $"{context.Request.Method} {context.Request.Path} is not an admin endpoint"));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var url = new Uri(app.Urls.First());
        logs.CreateLogger("admin").LogInformation("Admin listener on {Url}", url);
        return new AdminServer(app, url);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
