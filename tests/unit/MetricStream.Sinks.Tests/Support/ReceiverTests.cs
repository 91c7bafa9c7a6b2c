using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Sinks.Tests.Support;

/// <summary>Tests against a <see cref="LocalHttpReceiver"/> on fake time: a fresh receiver per test, stopped after it.</summary>
public abstract class ReceiverTests : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

    protected LocalHttpReceiver Receiver { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Receiver = await LocalHttpReceiver.StartAsync(Time);

    public async Task DisposeAsync() => await Receiver.DisposeAsync();
}
