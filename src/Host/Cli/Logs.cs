using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace MetricStream.Host.Cli;

/// <summary>
/// Console logging to standard error, so standard output carries only the <c>name: url</c> lines.
/// <c>Logging:Format</c> chooses the shape: <c>simple</c> (default: one human-readable line per entry) or
/// <c>json</c> (one JSON object per line with <c>Timestamp</c>, <c>LogLevel</c>, <c>Category</c>, <c>Message</c>,
/// <c>State</c> and <c>Scopes</c>, e.g. the <c>tenant</c>, <c>topology</c> and <c>partition</c> a role logs
/// under), for log shippers; any other value logs a warning and uses simple. Levels come from <c>Logging:LogLevel</c> as usual.
/// </summary>
internal static class Logs
{
    /// <summary>The configuration key of the format.</summary>
    public const string FormatKey = "Logging:Format";

    public static ILoggerFactory Create(IConfiguration configuration)
    {
        var format = configuration[FormatKey]?.Trim();
        var json = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);
        var factory = LoggerFactory.Create(builder =>
        {
            builder.AddConfiguration(configuration.GetSection("Logging"));
            if (json)
            {
                builder.AddJsonConsole(o =>
                {
                    o.IncludeScopes = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
            }
            else
            {
                builder.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss.fff ";
                });
            }

            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        if (!json && !string.IsNullOrEmpty(format) && !string.Equals(format, "simple", StringComparison.OrdinalIgnoreCase))
        {
            factory.CreateLogger("logging").LogWarning("{Key} must be simple or json (got '{Format}'): using simple", FormatKey, format);
        }

        return factory;
    }
}
