using MetricStream.Processing.Runtime.Internal;

namespace MetricStream.Processing.Tests.Runtime;

public class CommitTrackerTests
{
    private const long NoWindow = long.MaxValue;

    [Fact]
    public void Advance_AcknowledgedRecordsWithNoOpenWindow_CommitsPastTheLast()
    {
        var tracker = new CommitTracker();
        tracker.Add(0, 10, Task.CompletedTask, NoWindow);
        tracker.Add(1, 20, Task.CompletedTask, NoWindow);

        tracker.Advance().Should().Be(2);
        tracker.Pending.Should().Be(0);
        tracker.Advance().Should().Be(2, "the position stays where it was");
    }

    [Fact]
    public void Advance_OutputNotAcknowledged_StopsBeforeThatRecord()
    {
        var tracker = new CommitTracker();
        var ack = new TaskCompletionSource();
        tracker.Add(0, 10, Task.CompletedTask, NoWindow);
        tracker.Add(1, 20, ack.Task, NoWindow);
        tracker.Add(2, 30, Task.CompletedTask, NoWindow);

        tracker.Advance().Should().Be(1);
        ack.SetResult();
        tracker.Advance().Should().Be(3);
    }

    [Fact]
    public void Advance_RecordDataStillInAnOpenWindow_StaysUncommittedUntilTheWindowCloses()
    {
        var tracker = new CommitTracker();
        tracker.Add(0, 10, Task.CompletedTask, NoWindow);
        tracker.Add(1, 65, Task.CompletedTask, 60);
        tracker.Add(2, 70, Task.CompletedTask, 60);

        tracker.Advance().Should().Be(1, "the window starting at 60 holds the data of offsets 1 and 2");

        // A later item (a wall-clock tick) closed the window and its output was acknowledged.
        tracker.Add(null, long.MinValue, Task.CompletedTask, NoWindow);
        tracker.Advance().Should().Be(3);
    }

    [Fact]
    public void Advance_WindowClosedButItsOutputUnacknowledged_DoesNotCommitItsInput()
    {
        var tracker = new CommitTracker();
        var emitted = new TaskCompletionSource();
        tracker.Add(0, 65, Task.CompletedTask, 60);
        tracker.Add(1, 130, emitted.Task, 120);

        tracker.Advance().Should().BeNull("offset 0 is in the window that offset 1 closed, whose output is not acknowledged");
        emitted.SetResult();
        tracker.Advance().Should().Be(1, "offset 1 is itself in the window starting at 120");
    }

    [Fact]
    public void Advance_OutputFailed_Throws()
    {
        var tracker = new CommitTracker();
        tracker.Add(0, 10, Task.FromException(new InvalidOperationException("not acknowledged")), NoWindow);

        var advance = () => tracker.Advance();

        advance.Should().Throw<AggregateException>().WithInnerException<InvalidOperationException>();
    }
}
