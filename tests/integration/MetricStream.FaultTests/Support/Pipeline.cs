using MetricStream.FaultTests.Ledger;
using MetricStream.Kafka.Embedded;
using MetricStream.Kafka.Topics;
using MetricStream.Testing;
using MetricStream.Testing.Influx;

namespace MetricStream.FaultTests.Support;

/// <summary>
/// The whole pipeline for one scenario, each role its own process except the broker: the embedded 3-broker
/// cluster lives in the test process so the scenario can take brokers down, delay them and inject request
/// errors (other processes reach it over TCP). Roles: <c>registry</c>, <c>edge</c> (tenant <see cref="Tenant"/>),
/// <c>process</c> running <c>topologies/rollups.yaml</c> into a real influxd. Everything is stopped and
/// deleted on dispose.
/// </summary>
internal sealed class Pipeline : IAsyncDisposable
{
    /// <summary>The tenant of <see cref="ApiKey"/>.</summary>
    public const string Tenant = "ledger";

    private readonly List<ChildProcess> _roles = [];
    private readonly string _registryListen = $"http://127.0.0.1:{FreePort.Next()}";
    private readonly int _edgePort = FreePort.Next();

    private Pipeline(EmbeddedKafkaCluster kafka, InfluxdFixture influx, string directory)
    {
        Kafka = kafka;
        Influx = influx;
        Directory = directory;
        Database = influx.NewDatabaseName("ledger");
    }

    /// <summary>The embedded broker (fault injection goes through it).</summary>
    public EmbeddedKafkaCluster Kafka { get; }

    /// <summary>The real influxd the sinks write to.</summary>
    public InfluxdFixture Influx { get; }

    /// <summary>The scenario's scratch directory (key file, topologies, spool).</summary>
    public string Directory { get; }

    /// <summary>The InfluxDB database of the raw and rollup destinations.</summary>
    public string Database { get; }

    /// <summary>The key file.</summary>
    public string KeyFile => Path.Combine(Directory, "api-keys");

    /// <summary>A write key of <see cref="Tenant"/>.</summary>
    public string ApiKey { get; private set; } = string.Empty;

    /// <summary>The registry's URL (the same across restarts).</summary>
    public string RegistryUrl { get; private set; } = string.Empty;

    /// <summary>The current registry process.</summary>
    public ChildProcess? Registry { get; private set; }

    /// <summary>The edge's base URL (the same port across restarts), ending in '/'.</summary>
    public Uri EdgeUrl => new($"http://127.0.0.1:{_edgePort}/");

    /// <summary>Every role process started so far (for their logs).</summary>
    public IReadOnlyList<ChildProcess> AllRoles => _roles;

    /// <summary>Starts broker, influxd, registry and a key; the edge and processing instances are started by the scenario.</summary>
    public static async Task<Pipeline> StartAsync(string name)
    {
        var kafka = EmbeddedKafkaCluster.Start(3);
        await new EmbeddedTopicProvisioner(kafka).EnsureAsync(TopicCatalog.Defaults(6, 3));
        var pipeline = new Pipeline(kafka, await InfluxdFixture.StartAsync(), System.IO.Directory.CreateTempSubdirectory($"fault-{name}-").FullName);
        await pipeline.StartRegistryAsync();
        pipeline.ApiKey = await pipeline.AddKeyAsync(Tenant, admin: false);
        var topologies = Path.Combine(pipeline.Directory, "topologies");
        System.IO.Directory.CreateDirectory(topologies);
        File.Copy(Path.Combine(Roles.RepositoryRoot(), "topologies", "rollups.yaml"), Path.Combine(topologies, "rollups.yaml"));
        return pipeline;
    }

    /// <summary>Adds a key for <paramref name="tenant"/> to the key file and returns it.</summary>
    public async Task<string> AddKeyAsync(string tenant, bool admin)
    {
        using var keys = Roles.Start(["keys", "add", "--tenant", tenant, "--api-keys", KeyFile, .. admin ? new[] { "--admin" } : []]);
        await keys.WaitForExitAsync(TimeSpan.FromSeconds(60));
        keys.ExitCode.Should().Be(0, string.Join('\n', keys.Errors));
        return keys.Output.Single();
    }

    /// <summary>Starts the registry on its (fixed) URL.</summary>
    public async Task StartRegistryAsync()
    {
        Registry = Track(Roles.Start("registry", "--bootstrap", Kafka.BootstrapServers, "--listen", _registryListen));
        RegistryUrl = await Roles.WaitForLineAsync(Registry, "registry");
    }

    /// <summary>Starts an edge on the pipeline's edge port, with a spool in <paramref name="spool"/> when given.</summary>
    public async Task<ChildProcess> StartEdgeAsync(string? spool = null)
    {
        string[] arguments = ["edge", "--listen", $"http://127.0.0.1:{_edgePort}", "--bootstrap", Kafka.BootstrapServers, "--registry", RegistryUrl, "--api-keys", KeyFile];
        var edge = Track(Roles.Start(spool is null ? arguments : [.. arguments, "--spool", spool]));
        await Roles.WaitForLineAsync(edge, "edge");
        return edge;
    }

    /// <summary>
    /// Starts a processing instance (consumer group <c>rollups</c>) writing to the pipeline's database, with an admin
    /// listener on <paramref name="adminListen"/> (keys from the pipeline's key file) when given.
    /// </summary>
    public async Task<ChildProcess> StartProcessAsync(string? adminListen = null)
    {
        string[] arguments =
        [
            "process", "--bootstrap", Kafka.BootstrapServers, "--registry", RegistryUrl, "--topologies", Path.Combine(Directory, "topologies"),
            "--influxdb", Influx.Url.ToString(), "--influxdb-database", Database,
        ];
        var process = Track(Roles.Start(adminListen is null ? arguments : [.. arguments, "--admin-listen", adminListen, "--api-keys", KeyFile]));
        (await Roles.WaitForLineAsync(process, "process")).Should().StartWith("rollups");
        return process;
    }

    /// <summary>
    /// A load generator for <see cref="Tenant"/>: event times backfilled from 8 minutes ago (a whole minute), so the
    /// closing points at <c>start + 6 min</c> are in the past too and every data window closes on stream time.
    /// </summary>
    public LoadGenerator NewLoad(int hosts = 4, int pointsPerRequest = 20, TimeSpan? step = null)
    {
        var now = TimeProvider.System.GetUtcNow();
        var start = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(-8);
        return new LoadGenerator(EdgeUrl, ApiKey, "cpu", start, step ?? TimeSpan.FromMilliseconds(25), hosts, pointsPerRequest);
    }

    /// <summary>The ledger's verifier for this pipeline.</summary>
    public LedgerVerifier Verifier() => new(Kafka.BootstrapServers, Influx.Url, Database, Tenant);

    /// <summary>Every line every role wrote so far (stdout and stderr).</summary>
    public IEnumerable<string> Logs() => _roles.SelectMany(r => r.Output.Concat(r.Errors));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Processing first (it commits against the broker), the broker last.
        foreach (var role in Enumerable.Reverse(_roles))
        {
            await Roles.StopAsync(role);
            role.Dispose();
        }

        await Influx.DisposeAsync();
        Kafka.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private ChildProcess Track(ChildProcess process)
    {
        _roles.Add(process);
        return process;
    }
}
