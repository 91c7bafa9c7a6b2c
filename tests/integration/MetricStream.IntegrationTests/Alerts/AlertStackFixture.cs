using MetricStream.Edge.Tenants;
using MetricStream.Host.Admin;
using MetricStream.Host.Admin.AlertRules;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.Runtime;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Server;
using MetricStream.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.IntegrationTests.Alerts;

/// <summary>
/// An embedded 3-broker cluster with the <c>alert-rules</c> topic, the embedded registry over HTTP, and an admin
/// listener serving <see cref="AlertRulesModule"/> for the streams applications the tests start
/// (<see cref="Applications"/>) and the repository's topologies directory (the YAML rules). Tests use their own rollup and alert topics, and measurements of their own, so
/// the rules other tests put into the shared <c>alert-rules</c> topic never match their series.
/// </summary>
public sealed class AlertStackFixture : IAsyncLifetime
{
    /// <summary>The admin key (tenant <c>ops</c>, role admin).</summary>
    public const string AdminKey = "admin-key-for-alert-tests";

    /// <summary>A key of tenant <c>acme</c> without the admin role.</summary>
    public const string WriterKey = "writer-key-for-alert-tests";

    private AdminServer? _admin;

    public EmbeddedKafkaFixture Kafka { get; } = new();

    public EmbeddedRegistryServer Registry { get; private set; } = null!;

    public SchemaRegistryClient Client { get; private set; } = null!;

    /// <summary>The applications the admin listener reports firing alerts of (tests add and remove theirs).</summary>
    public List<StreamsApplication> Applications { get; } = [];

    /// <summary>The admin listener's base URL, without a trailing slash.</summary>
    public string AdminUrl => _admin!.Url.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        Kafka.Cluster.CreateTopic(TopicCatalog.AlertRules, 1, 3);
        Registry = await EmbeddedRegistryServer.StartAsync(new RegistryServerOptions
        {
            BootstrapServers = Kafka.BootstrapServers,
            SchemasTopic = Kafka.CreateTopic("schemas", partitions: 1),
            ListenUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}"),
        });
        Client = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = Registry.Url });
        var keys = KeyStore.FromKeys([(AdminKey, new ApiKeyIdentity("ops", KeyRole.Admin)), (WriterKey, new ApiKeyIdentity("acme", KeyRole.Write))]);
        var context = new AdminContext
        {
            BootstrapServers = Kafka.BootstrapServers,
            RegistryUrl = Registry.Url,
            Applications = Applications,
            TopologiesDirectory = Path.Combine(Host.MetricStreamProcess.RepositoryRoot(), "topologies"),
            Logs = NullLoggerFactory.Instance,
        };
        _admin = await AdminServer.StartAsync(new Uri("http://127.0.0.1:0"), new AdminKeyCheck(keys), [new AlertRulesModule(context)], NullLoggerFactory.Instance, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        Client.Dispose();
        await Registry.DisposeAsync();
        Kafka.Dispose();
    }
}
