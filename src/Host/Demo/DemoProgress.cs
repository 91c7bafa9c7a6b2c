using System.Globalization;

namespace MetricStream.Host.Demo;

/// <summary>
/// Counts what the demo agent sent and shows it as one line that rewrites itself (carriage return) on a
/// terminal: <c>demo: 1,230 points sent, 41 requests 2xx, 0 errors</c>. Silent when the writer is not a
/// terminal (redirected standard error), so logs and CI output stay clean.
/// </summary>
/// <remarks>Thread-safe: counters are updated with interlocked operations; rendering takes a lock.</remarks>
internal sealed class DemoProgress
{
    private readonly TextWriter? _output;
    private readonly Lock _lock = new();
    private long _points;
    private long _accepted;
    private long _errors;

    /// <summary>Creates a display writing to <paramref name="output"/>, or counting only when it is null.</summary>
    /// <param name="output">A terminal writer, or null for none.</param>
    public DemoProgress(TextWriter? output) => _output = output;

    /// <summary>Points in requests answered 2xx.</summary>
    public long PointsSent => Interlocked.Read(ref _points);

    /// <summary>Requests answered 2xx.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Requests that failed for good (non-2xx after retries, or no answer).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>A display on standard error when it is a terminal, otherwise a silent counter.</summary>
    /// <returns>The display.</returns>
    public static DemoProgress ForConsole() => new(Console.IsErrorRedirected ? null : Console.Error);

    /// <summary>Counts a request answered 2xx carrying <paramref name="points"/> points.</summary>
    /// <param name="points">Points in the request.</param>
    public void Sent(int points)
    {
        Interlocked.Add(ref _points, points);
        Interlocked.Increment(ref _accepted);
        Render();
    }

    /// <summary>Counts a request that failed for good.</summary>
    public void Failed()
    {
        Interlocked.Increment(ref _errors);
        Render();
    }

    /// <summary>The current line, without the carriage return.</summary>
    /// <returns>The text.</returns>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"demo: {PointsSent:N0} points sent, {Accepted:N0} requests 2xx, {Errors:N0} errors");

    /// <summary>Ends the line on the terminal (after the last update).</summary>
    public void Finish()
    {
        if (_output is not null)
        {
            lock (_lock)
            {
                _output.WriteLine();
                _output.Flush();
            }
        }
    }

    private void Render()
    {
        if (_output is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.Write('\r');
            _output.Write(Describe());
            _output.Flush();
        }
    }
}
