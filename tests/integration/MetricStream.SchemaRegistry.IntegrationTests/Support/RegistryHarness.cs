using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Server;
using MetricStream.Testing;

namespace MetricStream.SchemaRegistry.IntegrationTests.Support;

/// <summary>
/// A real registry (Kestrel on a free 127.0.0.1 port) over its own one-partition schemas topic on the test's
/// embedded broker, plus a raw HTTP client and our REST client pointed at it. Restart keeps the topic.
/// </summary>
internal sealed class RegistryHarness : IAsyncDisposable
{
    private readonly EmbeddedKafkaFixture _kafka;

    private RegistryHarness(EmbeddedKafkaFixture kafka, string topic, EmbeddedRegistryServer server)
    {
        _kafka = kafka;
        SchemasTopic = topic;
        Server = server;
        Http = new HttpClient { BaseAddress = server.Url };
        Client = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = server.Url });
    }

    public string SchemasTopic { get; }

    public EmbeddedRegistryServer Server { get; private set; }

    public HttpClient Http { get; private set; }

    public SchemaRegistryClient Client { get; private set; }

    public Uri Url => Server.Url;

    public static async Task<RegistryHarness> StartAsync(EmbeddedKafkaFixture kafka)
    {
        var topic = kafka.CreateTopic("schemas", partitions: 1);
        return new RegistryHarness(kafka, topic, await StartServerAsync(kafka, topic));
    }

    public static Task<EmbeddedRegistryServer> StartServerAsync(EmbeddedKafkaFixture kafka, string topic, int? port = null) =>
        EmbeddedRegistryServer.StartAsync(new RegistryServerOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            SchemasTopic = topic,
            ListenUrl = new Uri($"http://127.0.0.1:{port ?? FreePort.Next()}"),
        });

    /// <summary>Stops the registry and starts a new one on the same topic (and a new port).</summary>
    public async Task RestartAsync()
    {
        await DisposeClientsAndServerAsync();
        Server = await StartServerAsync(_kafka, SchemasTopic);
        Http = new HttpClient { BaseAddress = Server.Url };
        Client = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = Server.Url });
    }

    /// <summary>Sends a JSON body with the registry's content type; returns status and parsed body.</summary>
    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null, string contentType = "application/vnd.schemaregistry.v1+json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return ((int)response.StatusCode, doc.RootElement.Clone());
    }

    /// <summary>POSTs <c>{"schema": schema}</c> to register under <paramref name="subject"/>.</summary>
    public Task<(int Status, JsonElement Body)> RegisterAsync(string subject, string schema, string? schemaType = null) =>
        SendAsync(HttpMethod.Post, $"/subjects/{Uri.EscapeDataString(subject)}/versions", Body(schema, schemaType));

    public static string Body(string schema, string? schemaType = null) =>
        schemaType is null
            ? JsonSerializer.Serialize(new { schema })
            : JsonSerializer.Serialize(new { schema, schemaType });

    public async ValueTask DisposeAsync() => await DisposeClientsAndServerAsync();

    private async Task DisposeClientsAndServerAsync()
    {
        Http.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
