using MetricStream.Sinks.Local;
using Xunit;

namespace MetricStream.Testing.Influx;

/// <summary>
/// A real Debian influxd (1.x) started in a fresh temporary data directory on a free port, for a test class
/// (<c>IClassFixture&lt;InfluxdFixture&gt;</c>) or created per test with <see cref="StartAsync"/>.
/// The directory is deleted on dispose. Tests make their own databases (<see cref="NewDatabaseName"/>).
/// With <c>METRICSTREAM_TEST_INFLUXDB_URL</c> naming a v1 server (<see cref="ExternalServers"/>), none is started:
/// <see cref="Url"/> and <see cref="Query"/> go to that server and <see cref="Server"/> (stopping and starting it for
/// fault injection) throws.
/// </summary>
public sealed class InfluxdFixture : IAsyncLifetime, IAsyncDisposable
{
    private LocalInfluxd? _server;
    private Uri? _external;
    private int _sequence;

    /// <summary>The running server.</summary>
    public LocalInfluxd Server => _server ?? throw new InvalidOperationException(_external is null
        ? "influxd is not started"
        : $"This test stops or starts influxd, which needs a local one: run it without {ExternalServers.InfluxUrlVariable}");

    /// <summary>The server's base address.</summary>
    public Uri Url => _external ?? Server.Url;

    /// <summary>A query client for the server.</summary>
    public InfluxQueryClient Query => new(Url);

    /// <summary>Starts a new server in a fresh temporary directory; dispose it when done.</summary>
    public static async Task<InfluxdFixture> StartAsync()
    {
        var fixture = new InfluxdFixture();
        await fixture.InitializeAsync();
        return fixture;
    }

    /// <summary>A database name unique to this fixture: <c>{prefix}_{n}_{random}</c>.</summary>
    public string NewDatabaseName(string prefix = "test") =>
        $"{prefix}_{Interlocked.Increment(ref _sequence)}_{Guid.NewGuid().ToString("N")[..8]}";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (ExternalServers.Influx is { Api: "v1" } external)
        {
            _external = external.Url;
            return;
        }

        var directory = Path.Combine(Path.GetTempPath(), "ms-influxd-" + Guid.NewGuid().ToString("N")[..12]);
        _server = await LocalInfluxd.StartAsync(new LocalInfluxdOptions { DataDirectory = directory, Port = FreePort.Next() });
    }

    /// <inheritdoc />
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is null)
        {
            return;
        }

        var directory = _server.DataDirectory;
        await _server.DisposeAsync();
        _server = null;
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
