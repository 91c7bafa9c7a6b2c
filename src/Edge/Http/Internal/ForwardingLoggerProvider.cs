using Microsoft.Extensions.Logging;

namespace MetricStream.Edge.Http.Internal;

/// <summary>Hands ASP.NET Core's loggers to the host's logger factory, so the edge logs where the host logs.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

    public void Dispose()
    {
        // The factory belongs to the host.
    }
}
