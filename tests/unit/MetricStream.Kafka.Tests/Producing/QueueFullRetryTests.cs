using Confluent.Kafka;
using MetricStream.Kafka.Producing;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Kafka.Tests.Producing;

public class QueueFullRetryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ExecuteAsync_QueueFullThenSpace_RetriesUntilAccepted()
    {
        var attempts = 0;
        var task = QueueFullRetry.ExecuteAsync(
            () => ++attempts <= 3 ? Task.FromException<int>(QueueFull()) : Task.FromResult(42),
            _time,
            Bound,
            CancellationToken.None);

        await DriveAsync(task, TimeSpan.FromMilliseconds(10));

        (await task).Should().Be(42);
        attempts.Should().Be(4);
    }

    [Fact]
    public async Task ExecuteAsync_QueueFullPastBound_ThrowsBackpressure()
    {
        var attempts = 0;
        var task = QueueFullRetry.ExecuteAsync(
            () =>
            {
                attempts++;
                return Task.FromException<int>(QueueFull());
            },
            _time,
            Bound,
            CancellationToken.None);

        await DriveAsync(task, TimeSpan.FromMilliseconds(100));

        var act = () => task;
        (await act.Should().ThrowAsync<KafkaBackpressureException>())
            .Which.Message.Should().Contain("queue stayed full for 5 s");
        attempts.Should().BeGreaterThan(10, "it kept trying while the bound had not passed");
    }

    [Fact]
    public async Task ExecuteAsync_QueueFullThrownSynchronously_IsTreatedAsBackpressure()
    {
        var attempts = 0;
        var task = QueueFullRetry.ExecuteAsync(
            () => ++attempts == 1 ? throw QueueFull() : Task.FromResult("ok"),
            _time,
            Bound,
            CancellationToken.None);

        await DriveAsync(task, TimeSpan.FromMilliseconds(10));

        (await task).Should().Be("ok");
    }

    [Fact]
    public async Task ExecuteAsync_OtherError_PropagatesWithoutRetry()
    {
        var attempts = 0;
        var error = new KafkaException(new Error(ErrorCode.Local_MsgTimedOut));

        var act = () => QueueFullRetry.ExecuteAsync<int>(
            () =>
            {
                attempts++;
                return Task.FromException<int>(error);
            },
            _time,
            Bound,
            CancellationToken.None);

        (await act.Should().ThrowAsync<KafkaException>()).Which.Should().BeSameAs(error);
        attempts.Should().Be(1);
    }

    [Fact]
    public async Task ExecuteAsync_CancelledWhileWaiting_StopsWaiting()
    {
        using var cts = new CancellationTokenSource();
        var task = QueueFullRetry.ExecuteAsync(() => Task.FromException<int>(QueueFull()), _time, Bound, cts.Token);

        await cts.CancelAsync();

        var act = () => task;
        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    private static KafkaException QueueFull() => new(new Error(ErrorCode.Local_QueueFull));

    private async Task DriveAsync(Task task, TimeSpan step)
    {
        // Advance fake time in small steps until the retry loop finishes; bounded so a bug cannot hang the test.
        for (var i = 0; i < 10_000 && !task.IsCompleted; i++)
        {
            _time.Advance(step);
            await Task.Yield();
        }

        task.IsCompleted.Should().BeTrue("the retry loop must finish once time passes the bound");
    }
}
