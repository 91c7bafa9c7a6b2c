using MetricStream.Processing.Runtime.Internal;

namespace MetricStream.Processing.Tests.Runtime;

/// <summary>Checkpoints (changelog markers) release input held back by open windows.</summary>
public class CommitTrackerCheckpointTests
{
    [Fact]
    public void Advance_DurableCheckpoint_CommitsItsPositionAlthoughWindowsAreOpen()
    {
        var tracker = new CommitTracker();
        var marker = new TaskCompletionSource();
        tracker.Add(0, 10, Task.CompletedTask, 0);
        tracker.Add(1, 20, Task.CompletedTask, 0);
        tracker.AddCheckpoint(2, marker.Task);
        tracker.Add(2, 30, Task.CompletedTask, 0);

        tracker.Advance().Should().BeNull("the open window holds the data and the marker is not durable yet");
        marker.SetResult();
        tracker.Advance().Should().Be(2);
        tracker.Pending.Should().Be(1, "offset 2 came after the checkpoint and its window is still open");
    }

    [Fact]
    public void Advance_CheckpointAfterAnUnacknowledgedOutput_WaitsForThatOutput()
    {
        var tracker = new CommitTracker();
        var output = new TaskCompletionSource();
        tracker.Add(0, 10, output.Task, 0);
        tracker.AddCheckpoint(1, Task.CompletedTask);

        tracker.Advance().Should().BeNull();
        output.SetResult();
        tracker.Advance().Should().Be(1);
    }

    [Fact]
    public void Advance_FailedMarker_Throws()
    {
        var tracker = new CommitTracker();
        tracker.Add(0, 10, Task.CompletedTask, 0);
        tracker.AddCheckpoint(1, Task.FromException(new InvalidOperationException("broker gone")));

        var act = () => tracker.Advance();

        act.Should().Throw<AggregateException>().WithInnerException<InvalidOperationException>();
    }

    [Fact]
    public void Advance_TickCheckpointWithoutNewInput_KeepsThePosition()
    {
        var tracker = new CommitTracker();
        tracker.Add(0, 10, Task.CompletedTask, long.MaxValue);
        tracker.AddCheckpoint(1, Task.CompletedTask);
        tracker.Add(null, long.MinValue, Task.CompletedTask, long.MaxValue);
        tracker.AddCheckpoint(1, Task.CompletedTask);

        tracker.Advance().Should().Be(1);
        tracker.Pending.Should().Be(0);
    }
}
