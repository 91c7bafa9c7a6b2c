using System.Text.Json;
using MetricStream.Host.Cli;
using MetricStream.IntegrationTests.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MetricStream.IntegrationTests.Observability;

/// <summary><c>Logging:Format=json</c>: one JSON object per log line on standard error, with the scopes.</summary>
public sealed class JsonLogsTests
{
    [Fact]
    public void Create_JsonFormat_WritesOneJsonObjectPerEntryWithTheScopes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:Format"] = "json" }).Build();
        var original = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            using (var logs = Logs.Create(configuration))
            {
                var logger = logs.CreateLogger("edge");
                using (logger.BeginScope(new KeyValuePair<string, object>[] { new("tenant", "acme"), new("partition", 3) }))
                {
                    logger.LogWarning("Throttled {Points} points", 12);
                }
            }
        }
        finally
        {
            Console.SetError(original);
        }

        var line = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Single();
        using var entry = JsonDocument.Parse(line);
        var root = entry.RootElement;
        root.GetProperty("LogLevel").GetString().Should().Be("Warning");
        root.GetProperty("Category").GetString().Should().Be("edge");
        root.GetProperty("Message").GetString().Should().Be("Throttled 12 points");
        root.GetProperty("State").GetProperty("Points").GetInt32().Should().Be(12);
        var scope = root.GetProperty("Scopes").EnumerateArray().Single();
        scope.GetProperty("tenant").GetString().Should().Be("acme");
        scope.GetProperty("partition").GetInt32().Should().Be(3);
        root.GetProperty("Timestamp").GetString().Should().EndWith("Z");
    }

    [Fact]
    public async Task Role_WithJsonFormatFromTheEnvironment_LogsJsonLinesAndKeepsStdoutForAddresses()
    {
        using var kafka = MetricStreamProcess.Start(new Dictionary<string, string> { ["METRICSTREAM__LOGGING__FORMAT"] = "json" }, "kafka-dev");

        (await MetricStreamProcess.WaitForLineAsync(kafka, "kafka")).Should().Contain("127.0.0.1:");
        await MetricStream.Testing.Poll.UntilAsync(() => kafka.Errors.Count > 0, "a log line");
        kafka.Signal(15);
        await kafka.WaitForExitAsync(TimeSpan.FromSeconds(60));

        kafka.Errors.Should().NotBeEmpty().And.OnlyContain(l => IsJsonLogEntry(l), "every log line is a JSON object");
    }

    private static bool IsJsonLogEntry(string line)
    {
        try
        {
            using var entry = JsonDocument.Parse(line);
            return entry.RootElement.TryGetProperty("Category", out _) && entry.RootElement.TryGetProperty("Message", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
