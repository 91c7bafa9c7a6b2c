using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MetricStream.Sinks.Local.Internal;

namespace MetricStream.Sinks.Local;

/// <summary>
/// Debian's <c>influxd</c> (InfluxDB 1.x) run as a child process with its own data directory and port,
/// for <c>metricstream up</c> and for integration tests. <see cref="StartAsync"/> writes
/// <c>influxd.conf</c> into the data directory, starts the server and returns once <c>/ping</c> answers.
/// <see cref="StopAsync"/> stops it cleanly, <see cref="Kill"/> kills it (fault tests), and
/// <see cref="RestartAsync"/> starts it again on the same directory and ports, so written data survives.
/// </summary>
/// <remarks>
/// Concurrency: stop, kill and restart are not thread-safe: callers must not run them concurrently on one
/// instance (tests and the host drive them from one place). <see cref="Url"/>,
/// <see cref="IsRunning"/> and <see cref="RecentOutput"/> may be read from any thread.
/// </remarks>
public sealed class LocalInfluxd : IAsyncDisposable
{
    private const int OutputLines = 200;
    private readonly LocalInfluxdOptions _options;
    private readonly string _configPath;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private LocalInfluxd(LocalInfluxdOptions options, int rpcPort)
    {
        _options = options;
        RpcPort = rpcPort;
        Url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{options.Port}/"));
        _configPath = Path.Combine(options.DataDirectory, "influxd.conf");
    }

    /// <summary>The server's base address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The HTTP port.</summary>
    public int Port => _options.Port;

    /// <summary>The port of influxd's backup RPC service (kept across restarts).</summary>
    public int RpcPort { get; }

    /// <summary>The data directory (meta, data, wal and influxd.conf).</summary>
    public string DataDirectory => _options.DataDirectory;

    /// <summary>True while the child process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The child process's id while it runs (for CPU accounting in benchmarks), else null.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>The last lines influxd wrote to stdout/stderr, for diagnostics.</summary>
    public IReadOnlyCollection<string> RecentOutput => _output.ToArray();

    /// <summary>Starts influxd and waits until <c>/ping</c> answers.</summary>
    /// <exception cref="FileNotFoundException">The executable is missing (install Debian's <c>influxdb</c> package).</exception>
    /// <exception cref="TimeoutException">The server did not answer <c>/ping</c> within <see cref="LocalInfluxdOptions.StartTimeout"/>.</exception>
    public static async Task<LocalInfluxd> StartAsync(LocalInfluxdOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Port, 1);
        if (!File.Exists(options.Executable))
        {
            throw new FileNotFoundException($"influxd not found at {options.Executable}: install Debian's influxdb package (apt-get install -y influxdb)", options.Executable);
        }

        var server = new LocalInfluxd(options, options.RpcPort > 0 ? options.RpcPort : FreeLoopbackPort());
        await server.LaunchAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>Stops the server with SIGTERM, waiting for a clean exit; kills it after <see cref="LocalInfluxdOptions.StopTimeout"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var process = _process;
        if (process is null || process.HasExited)
        {
            return;
        }

        PosixSignals.Send(process.Id, PosixSignals.Terminate);
        using var deadline = new CancellationTokenSource(_options.StopTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
        }
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would; the data directory stays for <see cref="RestartAsync"/>.</summary>
    public void Kill()
    {
        var process = _process;
        if (process is null || process.HasExited)
        {
            return;
        }

        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>Starts the server again on the same data directory and ports (stopping it first if it runs).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        await LaunchAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process?.Dispose();
        _process = null;
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.DataDirectory);
        await File.WriteAllTextAsync(_configPath, InfluxdConfig.Render(_options.DataDirectory, _options.Port, RpcPort, _options.LogLevel), cancellationToken).ConfigureAwait(false);
        _process?.Dispose();
        var info = new ProcessStartInfo(_options.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-config");
        info.ArgumentList.Add(_configPath);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitForPingAsync(process, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitForPingAsync(Process process, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var started = time.GetTimestamp();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ping = new Uri(Url, "ping");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"influxd exited with code {process.ExitCode} during start: {string.Join('\n', RecentOutput.TakeLast(20))}");
            }

            try
            {
                using var response = await http.GetAsync(ping, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The attempt timed out; try again within the deadline.
            }

            if (time.GetElapsedTime(started) > _options.StartTimeout)
            {
                Kill();
                throw new TimeoutException($"influxd did not answer {ping} within {_options.StartTimeout.TotalSeconds:0} s: {string.Join('\n', RecentOutput.TakeLast(20))}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > OutputLines && _output.TryDequeue(out _))
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
