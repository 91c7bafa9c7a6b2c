using System.Net.Http.Json;
using System.Text.Json;
using MetricStream.Testing;

namespace MetricStream.IntegrationTests.Host;

public sealed class RegistryCommandTests : IDisposable
{
    private const string Schema = """{"type":"record","name":"Probe","namespace":"test","fields":[{"name":"v","type":"long"}]}""";
    private readonly string _dir = Directory.CreateTempSubdirectory("registry-cmd-").FullName;

    [Fact]
    public async Task Registry_RestartedOnTheSameBroker_KeepsTheSchemaId()
    {
        var bootstrapFile = Path.Combine(_dir, "bootstrap");
        using var kafka = MetricStreamProcess.Start(null, "kafka-dev", "--bootstrap-file", bootstrapFile);
        var bootstrap = await MetricStreamProcess.WaitForLineAsync(kafka, "kafka");
        using var http = new HttpClient();

        int firstId;
        using (var registry = MetricStreamProcess.Start(null, "registry", "--bootstrap", bootstrap, "--listen", $"http://127.0.0.1:{FreePort.Next()}"))
        {
            var url = await MetricStreamProcess.WaitForLineAsync(registry, "registry");
            firstId = await RegisterAsync(http, url);
            registry.Signal(15);
            await registry.WaitForExitAsync(TimeSpan.FromSeconds(30));
            registry.ExitCode.Should().Be(0, "SIGTERM is a clean shutdown");
        }

        using var restarted = MetricStreamProcess.Start(null, "registry", "--bootstrap", bootstrap, "--listen", $"http://127.0.0.1:{FreePort.Next()}");
        var restartedUrl = await MetricStreamProcess.WaitForLineAsync(restarted, "registry");

        (await RegisterAsync(http, restartedUrl)).Should().Be(firstId, "the registry rebuilds its state from the _schemas topic");
    }

    [Fact]
    public async Task Registry_WithoutBootstrap_ExitsWithUsageError()
    {
        using var registry = MetricStreamProcess.Start(null, "registry");

        await registry.WaitForExitAsync(TimeSpan.FromSeconds(30));

        registry.ExitCode.Should().Be(2);
        string.Join('\n', registry.Errors).Should().Contain("--bootstrap is required");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<int> RegisterAsync(HttpClient http, string url)
    {
        using var response = await http.PostAsJsonAsync($"{url}/subjects/probe-value/versions", new { schema = Schema });
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetInt32();
    }
}
