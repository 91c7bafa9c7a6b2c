using System.Text.Json;
using MetricStream.Edge;
using MetricStream.Edge.Tenants;
using MetricStream.Edge.Validation;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Roles;

/// <summary>
/// Starts the edge ingester from <see cref="EdgeSettings"/>: checks the settings, loads the API keys and the
/// default policy file, then <see cref="EdgeServer.StartAsync"/>. Used by <c>metricstream edge</c> and
/// <c>metricstream up</c>; the caller owns the returned server (<see cref="EdgeServer.StopAsync"/> drains it).
/// </summary>
internal static class EdgeRole
{
    /// <summary>Starts the edge; returns once it listens and is ready.</summary>
    /// <param name="settings">The <c>Edge</c> section.</param>
    /// <param name="logs">Logging for the edge.</param>
    /// <param name="cancellationToken">Cancels start-up (e.g. SIGTERM while Kafka is still being reached).</param>
    /// <returns>The running server; print <see cref="EdgeServer.Url"/> if you like.</returns>
    /// <exception cref="ArgumentException">
    /// The settings are unusable (a required one missing, a bad URL, an unreadable or malformed key, policy or
    /// spool file): the message is meant for the user (exit code 2).
    /// </exception>
    /// <remarks>
    /// Anything else (registry refusing the schema, Kafka unreachable within the start-up timeout, the listen
    /// port taken, cancellation) comes from <see cref="EdgeServer.StartAsync"/> (exit code 1).
    /// </remarks>
    public static async Task<EdgeServer> StartAsync(EdgeSettings settings, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logs);
        var options = await OptionsAsync(settings, logs, cancellationToken).ConfigureAwait(false);
        return await EdgeServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<EdgeOptions> OptionsAsync(EdgeSettings settings, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Bootstrap) || string.IsNullOrWhiteSpace(settings.Registry) || string.IsNullOrWhiteSpace(settings.ApiKeys))
        {
            throw new ArgumentException("--bootstrap, --registry and --api-keys are required", nameof(settings));
        }

        if (!Uri.TryCreate(settings.Listen, UriKind.Absolute, out var listenUrl) || !Uri.TryCreate(settings.Registry, UriKind.Absolute, out var registryUrl))
        {
            throw new ArgumentException("--listen and --registry must be absolute URLs", nameof(settings));
        }

        if (settings.SpoolMaxBytes <= 0)
        {
            throw new ArgumentException($"--spool-max-bytes must be positive (got {settings.SpoolMaxBytes})", nameof(settings));
        }

        KeyStore apiKeys;
        JsonElement? defaults = null;
        try
        {
            apiKeys = KeyStore.Load(settings.ApiKeys);
            if (settings.DefaultPoliciesFile is { Length: > 0 } file)
            {
                using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
                defaults = document.RootElement.Clone();
            }
        }
        catch (Exception ex) when (ex is FormatException or IOException or JsonException or UnauthorizedAccessException)
        {
            throw new ArgumentException(ex.Message, nameof(settings), ex);
        }

        if (apiKeys.Count == 0)
        {
            logs.CreateLogger("edge").LogWarning("No API keys in {File}: every write will be refused until `metricstream keys add` adds one", settings.ApiKeys);
        }

        return new EdgeOptions
        {
            ListenUrl = listenUrl,
            BootstrapServers = settings.Bootstrap,
            RegistryUrl = registryUrl,
            Keys = apiKeys,
            Topic = settings.Topic,
            TopicPartitions = settings.Partitions,
            TopicReplicationFactor = settings.ReplicationFactor,
            PoliciesFile = settings.PoliciesFile,
            DefaultPolicies = defaults,
            Limits = IngestLimits.Default with { MaxBodyBytes = settings.MaxBodyBytes, MaxDecompressedBytes = settings.MaxDecompressedBytes },
            SpoolDirectory = settings.Spool is { Length: > 0 } spool ? Path.GetFullPath(spool) : null,
            SpoolMaxBytes = settings.SpoolMaxBytes,
            LoggerFactory = logs,
        };
    }
}
