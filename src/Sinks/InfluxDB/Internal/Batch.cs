using System.Buffers;
using MetricStream.Sinks.LineProtocol;

namespace MetricStream.Sinks.InfluxDB.Internal;

/// <summary>
/// Lines for one (destination, target) being collected, then sent. Every writer of a line gets
/// <see cref="Completion"/>: it completes when InfluxDB stored every line of the batch or the rejected ones
/// were dead-lettered, so one task per batch, not per line. Filled under its slot's lock; once sealed
/// (taken out of the slot) only the sender touches it.
/// </summary>
internal sealed class Batch : IDisposable
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LineMeta[] _lines;

    public Batch(int destination, int target, int expectedLines, int initialBytes)
    {
        Destination = destination;
        Target = target;
        Buffer = new LineBuffer(initialBytes);
        _lines = ArrayPool<LineMeta>.Shared.Rent(Math.Max(16, expectedLines));
    }

    public int Destination { get; }

    /// <summary>The target it goes to; the sender changes it when the target's breaker opens and another is healthy.</summary>
    public int Target { get; set; }

    public LineBuffer Buffer { get; }

    public int Count { get; private set; }

    public Task Completion => _done.Task;

    /// <summary>The linger timer, disposed when the batch is sealed.</summary>
    public ITimer? Linger { get; set; }

    /// <summary>The tenant of the first line: the routing key when the batch must move to another target.</summary>
    public string FirstTenant => Count == 0 ? string.Empty : _lines[0].Tenant;

    /// <summary>Records a line just written to <see cref="Buffer"/> (ending at its current length).</summary>
    public void Add(string tenant, InfluxRecordSource source)
    {
        if (Count == _lines.Length)
        {
            var bigger = ArrayPool<LineMeta>.Shared.Rent(_lines.Length * 2);
            _lines.AsSpan(0, Count).CopyTo(bigger);
            ArrayPool<LineMeta>.Shared.Return(_lines, clearArray: true);
            _lines = bigger;
        }

        _lines[Count++] = new LineMeta(Buffer.Length, tenant, source);
    }

    /// <summary>The bytes of lines [first, first + count), line feeds included.</summary>
    public ReadOnlyMemory<byte> Lines(int first, int count)
    {
        var start = first == 0 ? 0 : _lines[first - 1].End;
        return Buffer.WrittenMemory[start.._lines[first + count - 1].End];
    }

    public string Tenant(int line) => _lines[line].Tenant;

    public InfluxRecordSource Source(int line) => _lines[line].Source;

    public void Complete() => _done.TrySetResult();

    public void Fail(Exception error) => _done.TrySetException(error);

    public void Dispose()
    {
        Linger?.Dispose();
        Buffer.Dispose();
        ArrayPool<LineMeta>.Shared.Return(_lines, clearArray: true);
        _lines = [];
    }

    private readonly record struct LineMeta(int End, string Tenant, InfluxRecordSource Source);
}
