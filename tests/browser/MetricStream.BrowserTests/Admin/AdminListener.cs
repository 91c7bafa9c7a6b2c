using System.Net.Http.Headers;
using MetricStream.Edge.Tenants;
using MetricStream.Host.Admin;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.BrowserTests.Admin;

/// <summary>An in-process admin listener on a free port serving every module for a given <see cref="AdminContext"/>.</summary>
internal sealed class AdminListener : IAsyncDisposable
{
    public const string Key = "msk_test-admin-key";

    private AdminListener(AdminServer server)
    {
        Server = server;
        Http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public AdminServer Server { get; }

    public HttpClient Http { get; }

    public static async Task<AdminListener> StartAsync(AdminContext? context = null)
    {
        context ??= Context();
        var keys = KeyStore.FromKeys([(Key, new ApiKeyIdentity("ops", KeyRole.Admin)), ("msk_test-write-key", new ApiKeyIdentity("demo", KeyRole.Write))]);
        var server = await AdminServer.StartAsync(new Uri("http://127.0.0.1:0"), new AdminKeyCheck(keys), AdminModules.For(context), NullLoggerFactory.Instance, CancellationToken.None);
        return new AdminListener(server);
    }

    public static AdminContext Context(string? topologies = null, TimeProvider? time = null) => new()
    {
        BootstrapServers = "127.0.0.1:1",
        RegistryUrl = new Uri("http://127.0.0.1:1/"),
        TopologiesDirectory = topologies,
        Time = time ?? TimeProvider.System,
        Logs = NullLoggerFactory.Instance,
    };

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key = Key, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        return await Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
