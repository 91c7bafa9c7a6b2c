using Microsoft.Extensions.Logging;

namespace MetricStream.Observability.Logging;

/// <summary>
/// Log scopes that follow an object rather than an async flow: <c>logger.WithScope(("topology", t), ("partition", p))</c>
/// returns a logger that writes every entry inside that scope, which suits components whose work runs on
/// threads they do not start (dataflow blocks, timers), where <see cref="ILogger.BeginScope{TState}"/> around a
/// call would not reach. JSON logs show the values under <c>Scopes</c>.
/// </summary>
public static class ScopedLogger
{
    /// <summary>A logger writing every entry of <paramref name="logger"/> inside a scope of <paramref name="values"/>.</summary>
    /// <param name="logger">The logger to wrap.</param>
    /// <param name="values">Scope names and values, e.g. <c>("tenant", "acme")</c>.</param>
    /// <returns>The scoped logger.</returns>
    public static ILogger WithScope(this ILogger logger, params (string Name, object Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(values);
        return new Scoped(logger, [.. values.Select(v => new KeyValuePair<string, object>(v.Name, v.Value))]);
    }

    private sealed class Scoped(ILogger inner, KeyValuePair<string, object>[] scope) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            using (inner.BeginScope(scope))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
