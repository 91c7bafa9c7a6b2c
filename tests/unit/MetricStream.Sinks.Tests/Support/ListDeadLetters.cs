using System.Collections.Concurrent;
using MetricStream.Sinks.DeadLetters;

namespace MetricStream.Sinks.Tests.Support;

/// <summary>Keeps dead letters in memory.</summary>
public sealed class ListDeadLetters : IInfluxDeadLetterPublisher
{
    private readonly ConcurrentQueue<InfluxDeadLetter> _letters = new();

    public IReadOnlyList<InfluxDeadLetter> Letters => [.. _letters];

    public Task PublishAsync(InfluxDeadLetter letter, CancellationToken cancellationToken)
    {
        _letters.Enqueue(letter);
        return Task.CompletedTask;
    }
}
