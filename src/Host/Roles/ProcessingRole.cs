using MetricStream.Processing.Runtime;
using MetricStream.Processing.Topology;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Roles;

/// <summary>
/// The processing role of <c>metricstream up</c>: one <see cref="StreamsApplication"/> per topology file of a
/// directory, started together and stopped together.
/// </summary>
/// <remarks>Driven from one thread (the command): start, wait, stop, dispose.</remarks>
internal sealed class ProcessingRole : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private List<Task> _runs = [];
    private Task<bool>? _stopping;

    private ProcessingRole(IReadOnlyList<StreamsApplication> applications, ILogger logger)
    {
        Applications = applications;
        _logger = logger;
    }

    /// <summary>The applications, in file name order.</summary>
    public IReadOnlyList<StreamsApplication> Applications { get; }

    /// <summary>
    /// Loads every <c>*.yaml</c> / <c>*.yml</c> of <paramref name="directory"/>; a missing directory gives no
    /// applications (and a warning), so <c>up</c> still runs ingestion outside the repository.
    /// </summary>
    /// <param name="directory">The topologies directory.</param>
    /// <param name="options">Options every application gets.</param>
    /// <param name="sinks">The InfluxDB sink the topologies' <c>influxdb:</c> sinks write to.</param>
    /// <param name="webhooks">The webhooks the topologies' <c>webhook:</c> sinks post to.</param>
    /// <param name="logger">Logs the warning and failures.</param>
    /// <returns>The role, not started.</returns>
    /// <exception cref="TopologyValidationException">A file is not a valid topology.</exception>
    /// <exception cref="ArgumentException">A topology writes to an InfluxDB destination or a webhook that is not configured.</exception>
    public static ProcessingRole Load(string directory, StreamsApplicationOptions options, InfluxSinkRole sinks, WebhookRole webhooks, ILogger logger)
    {
        if (!Directory.Exists(directory))
        {
            logger.LogWarning("No topologies directory '{Directory}': processing is not started (set Process:Topologies or run from the repository root)", directory);
            return new ProcessingRole([], logger);
        }

        var topologies = Directory.EnumerateFiles(directory, "*.yaml")
            .Concat(Directory.EnumerateFiles(directory, "*.yml"))
            .Order(StringComparer.Ordinal)
            .Select(TopologyLoader.LoadFile)
            .ToList();
        var problems = topologies.SelectMany(sinks.Check).Concat(topologies.SelectMany(webhooks.Check)).ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems));
        }

        return new ProcessingRole(topologies.Select(t => new StreamsApplication(t, options)).ToList(), logger);
    }

    /// <summary>Starts every application.</summary>
    public void Start() => _runs = Applications.Select(a => a.RunAsync(_stop.Token)).ToList();

    /// <summary>Waits until <paramref name="shutdown"/> completes or an application stops by itself (a failure).</summary>
    /// <param name="shutdown">Completes when the process is asked to stop.</param>
    /// <returns>True when an application failed.</returns>
    public async Task<bool> WaitAsync(Task shutdown)
    {
        var first = await Task.WhenAny(_runs.Append(shutdown));
        if (first == shutdown)
        {
            return false;
        }

        _logger.LogError("A topology stopped processing by itself; stopping every role");
        return true;
    }

    /// <summary>Stops every application (drain, commit, leave the group); later calls return the same task.</summary>
    /// <returns>True when an application failed.</returns>
    public Task<bool> StopAsync() => _stopping ??= StopOnceAsync();

    private async Task<bool> StopOnceAsync()
    {
        await _stop.CancelAsync();
        var failed = false;
        foreach (var run in _runs)
        {
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
                // Stopped while still registering schemas.
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A topology failed");
                failed = true;
            }
        }

        return failed;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var stopping = StopAsync();
        if (!stopping.IsCompleted)
        {
            // The command gave up waiting (its shutdown deadline passed); the process is exiting anyway.
            return;
        }

        await stopping;
        foreach (var application in Applications)
        {
            await application.DisposeAsync();
        }

        _stop.Dispose();
    }
}
