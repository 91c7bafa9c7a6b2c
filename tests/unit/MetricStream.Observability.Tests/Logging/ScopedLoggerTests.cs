using MetricStream.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace MetricStream.Observability.Tests.Logging;

public sealed class ScopedLoggerTests
{
    [Fact]
    public async Task WithScope_EntriesFromAnyThread_AreWrittenInsideTheScope()
    {
        var recorder = new RecordingLogger();
        var logger = recorder.WithScope(("topology", "rollups"), ("partition", 3));

        logger.LogWarning("first");
        await Task.Run(() => logger.LogInformation("second"));

        recorder.Entries.Should().HaveCount(2);
        recorder.Entries.Should().OnlyContain(e => e.Scopes.Contains("topology=rollups") && e.Scopes.Contains("partition=3"));
        recorder.Entries.Select(e => e.Message).Should().Equal("first", "second");
        recorder.OpenScopes.Should().Be(0, "each entry's scope is closed after it is written");
    }

    [Fact]
    public void WithScope_LevelDisabled_WritesNothingAndOpensNoScope()
    {
        var recorder = new RecordingLogger { MinimumLevel = LogLevel.Warning };

        recorder.WithScope(("tenant", "acme")).LogInformation("ignored");

        recorder.Entries.Should().BeEmpty();
        recorder.ScopesOpened.Should().Be(0);
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly AsyncLocal<List<string>?> _scopes = new();

        public List<(string Message, List<string> Scopes)> Entries { get; } = [];

        public LogLevel MinimumLevel { get; init; } = LogLevel.Trace;

        public int OpenScopes { get; private set; }

        public int ScopesOpened { get; private set; }

        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            var values = state is IEnumerable<KeyValuePair<string, object>> pairs ? pairs.Select(p => $"{p.Key}={p.Value}").ToList() : [state.ToString()!];
            var previous = _scopes.Value;
            _scopes.Value = [.. previous ?? [], .. values];
            OpenScopes++;
            ScopesOpened++;
            return new Pop(() =>
            {
                _scopes.Value = previous;
                OpenScopes--;
            });
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((formatter(state, exception), [.. _scopes.Value ?? []]));

        private sealed class Pop(Action pop) : IDisposable
        {
            public void Dispose() => pop();
        }
    }
}
