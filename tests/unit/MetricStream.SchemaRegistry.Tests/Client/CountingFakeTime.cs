using Microsoft.Extensions.Time.Testing;

namespace MetricStream.SchemaRegistry.Tests.Client;

/// <summary>
/// Fake time that counts the timers created on it, so a test can wait until the code under test is
/// actually waiting (its backoff timer exists) before advancing time past it.
/// </summary>
internal sealed class CountingFakeTime : FakeTimeProvider
{
    private int _timers;

    public int TimersCreated => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }
}
