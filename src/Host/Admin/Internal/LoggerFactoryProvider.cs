using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Admin.Internal;

/// <summary>Sends the web host's logs to the process's logger factory.</summary>
internal sealed class LoggerFactoryProvider(ILoggerFactory logs) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => logs.CreateLogger(categoryName);

    public void Dispose()
    {
        // The process owns the factory.
    }
}
