using MetricStream.Sinks.Webhook;

namespace MetricStream.Host.Roles;

/// <summary>
/// Configuration section <c>Alerts:Webhooks</c>: the webhooks that topologies' <c>webhook: &lt;name&gt;</c> sinks
/// notify, by name. Only <see cref="WebhookTargetSettings.Url"/> is required; the rest default as in
/// <see cref="WebhookNotifierOptions"/>.
/// </summary>
/// <example>
/// <code>
/// "Alerts": { "Webhooks": {
///   "ops": { "Url": "http://alerts.example:9000/hook", "Headers": { "Authorization": "Bearer s3cret" }, "MaxAttempts": 8 } } }
/// </code>
/// or <c>METRICSTREAM__Alerts__Webhooks__ops__Url=http://...</c>.
/// </example>
internal static class WebhookSettings
{
    /// <summary>Configuration section name: a map of webhook name to <see cref="WebhookTargetSettings"/>.</summary>
    public const string Section = "Alerts:Webhooks";
}

/// <summary>One webhook of <see cref="WebhookSettings"/>.</summary>
internal sealed class WebhookTargetSettings
{
    /// <summary>The receiver's URL (absolute http or https). Required.</summary>
    public string? Url { get; set; }

    /// <summary>Headers sent with every request, e.g. <c>Authorization</c>.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The transitions sent: any of <c>pending</c>, <c>firing</c>, <c>resolved</c>, <c>inactive</c>. Default
    /// <c>firing</c> and <c>resolved</c> (what people are paged for).
    /// </summary>
    public List<string> States { get; set; } = [];

    /// <summary>See <see cref="WebhookNotifierOptions.RequestTimeout"/>.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>See <see cref="WebhookNotifierOptions.MaxAttempts"/>.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>See <see cref="WebhookNotifierOptions.MaxRetryDuration"/>.</summary>
    public TimeSpan? MaxRetryDuration { get; set; }

    /// <summary>See <see cref="WebhookNotifierOptions.RetryBaseDelay"/>.</summary>
    public TimeSpan? RetryBaseDelay { get; set; }

    /// <summary>See <see cref="WebhookNotifierOptions.RetryMaxDelay"/>.</summary>
    public TimeSpan? RetryMaxDelay { get; set; }

    /// <summary>See <see cref="WebhookNotifierOptions.BreakerFailureThreshold"/>.</summary>
    public int? BreakerFailureThreshold { get; set; }

    /// <summary>See <see cref="WebhookNotifierOptions.BreakerOpenDuration"/>.</summary>
    public TimeSpan? BreakerOpenDuration { get; set; }

    /// <summary>The notifier options for webhook <paramref name="name"/>.</summary>
    /// <param name="name">The webhook's name.</param>
    /// <returns>Validated options.</returns>
    /// <exception cref="ArgumentException">A setting is missing or out of range (message for the user).</exception>
    public WebhookNotifierOptions ToOptions(string name)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url))
        {
            throw new ArgumentException($"{WebhookSettings.Section}:{name}:Url must be an absolute http(s) URL, not '{Url}'");
        }

        var defaults = new WebhookNotifierOptions { Url = url };
        var options = defaults with
        {
            Name = name,
            Headers = Headers,
            RequestTimeout = RequestTimeout ?? defaults.RequestTimeout,
            MaxAttempts = MaxAttempts ?? defaults.MaxAttempts,
            MaxRetryDuration = MaxRetryDuration ?? defaults.MaxRetryDuration,
            RetryBaseDelay = RetryBaseDelay ?? defaults.RetryBaseDelay,
            RetryMaxDelay = RetryMaxDelay ?? (RetryBaseDelay is { } b && b > defaults.RetryMaxDelay ? b : defaults.RetryMaxDelay),
            BreakerFailureThreshold = BreakerFailureThreshold ?? defaults.BreakerFailureThreshold,
            BreakerOpenDuration = BreakerOpenDuration ?? defaults.BreakerOpenDuration,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{WebhookSettings.Section}:{name}: {ex.Message}", ex);
        }

        return options;
    }

    /// <summary>The states to send, lower case.</summary>
    /// <param name="name">The webhook's name (for the message).</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException">An unknown state name.</exception>
    public HashSet<string> StatesToSend(string name)
    {
        string[] known = ["pending", "firing", "resolved", "inactive"];
        var states = States.Count == 0 ? ["firing", "resolved"] : States.Select(s => s.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (states.FirstOrDefault(s => !known.Contains(s)) is { } unknown)
        {
            throw new ArgumentException($"{WebhookSettings.Section}:{name}:States: unknown state '{unknown}' (use {string.Join(", ", known)})");
        }

        return states;
    }
}
