using System.Net.Http.Headers;
using MetricStream.FaultTests.Support;
using MetricStream.Testing;

namespace MetricStream.FaultTests.Security;

/// <summary>
/// One pipeline for the security checks: two write tenants (<c>alpha</c>, <c>beta</c>), an admin key (tenant
/// <c>ops</c>), an edge, and a processing instance with an admin listener reading the same key file.
/// </summary>
public sealed class SecurePipeline : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private Pipeline? _pipeline;

    internal Pipeline Pipeline => _pipeline ?? throw new InvalidOperationException("not started");

    /// <summary>A write key of tenant <c>alpha</c>.</summary>
    public string AlphaKey { get; private set; } = string.Empty;

    /// <summary>A write key of tenant <c>beta</c>.</summary>
    public string BetaKey { get; private set; } = string.Empty;

    /// <summary>An admin key (tenant <c>ops</c>).</summary>
    public string AdminKey { get; private set; } = string.Empty;

    /// <summary>The processing instance's admin listener, ending in '/'.</summary>
    public Uri AdminListener { get; private set; } = new("http://127.0.0.1/");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _pipeline = await Pipeline.StartAsync("security");
        AlphaKey = await Pipeline.AddKeyAsync("alpha", admin: false);
        BetaKey = await Pipeline.AddKeyAsync("beta", admin: false);
        AdminKey = await Pipeline.AddKeyAsync("ops", admin: true);
        await Pipeline.StartEdgeAsync();
        var process = await Pipeline.StartProcessAsync($"http://127.0.0.1:{FreePort.Next()}");
        AdminListener = new Uri((await Roles.WaitForLineAsync(process, "admin")).TrimEnd('/') + "/");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_pipeline is not null)
        {
            await _pipeline.DisposeAsync();
        }
    }

    /// <summary>Sends a request with <c>Authorization: Token key</c> (none when null) and returns status and body.</summary>
    public static async Task<(int Status, string Body)> SendAsync(HttpMethod method, Uri url, string? key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", key);
        }

        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
