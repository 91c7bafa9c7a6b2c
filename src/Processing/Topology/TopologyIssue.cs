namespace MetricStream.Processing.Topology;

/// <summary>
/// One problem found when validating a topology. <see cref="File"/>, <see cref="Line"/> and
/// <see cref="Column"/> are set when the topology came from a file.
/// </summary>
/// <param name="Processor">The processor the problem is in, or null for the topology as a whole.</param>
/// <param name="Key">The setting at fault as a path, e.g. <c>from</c>, <c>window.size</c>, <c>aggregates[2]</c>; null for the processor itself.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Fix">How to fix it.</param>
public sealed record TopologyIssue(string? Processor, string? Key, string Message, string Fix)
{
    /// <summary>The topology file, or null.</summary>
    public string? File { get; init; }

    /// <summary>1-based line in <see cref="File"/>, or 0 when unknown.</summary>
    public int Line { get; init; }

    /// <summary>1-based column in <see cref="File"/>, or 0 when unknown.</summary>
    public int Column { get; init; }

    /// <summary>e.g. <c>topologies/rollups.yaml:12:5: processor 'rollup-1h', window.size: ... Fix: ...</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var where = File is null ? string.Empty : Line > 0 ? $"{File}:{Line}:{Column}: " : $"{File}: ";
        var what = Processor is null ? string.Empty : $"processor '{Processor}'" + (Key is null ? ": " : $", {Key}: ");
        if (Processor is null && Key is not null)
        {
            what = $"{Key}: ";
        }

        return $"{where}{what}{Message} Fix: {Fix}";
    }
}

/// <summary>Thrown when a topology is invalid; <see cref="Issues"/> lists every problem found.</summary>
public sealed class TopologyValidationException : Exception
{
    /// <summary>An exception for the given issues.</summary>
    /// <param name="issues">At least one issue.</param>
    public TopologyValidationException(IReadOnlyList<TopologyIssue> issues)
        : base(FormatMessage(issues))
    {
        Issues = issues;
    }

    /// <summary>An exception with a message only (no issues).</summary>
    public TopologyValidationException()
        : this([])
    {
    }

    /// <summary>An exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public TopologyValidationException(string message)
        : base(message)
    {
        Issues = [];
    }

    /// <summary>An exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TopologyValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Issues = [];
    }

    /// <summary>Every problem found, in file order when loaded from a file.</summary>
    public IReadOnlyList<TopologyIssue> Issues { get; }

    private static string FormatMessage(IReadOnlyList<TopologyIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        return issues.Count == 0
            ? "invalid topology"
            : $"invalid topology ({issues.Count} problem{(issues.Count == 1 ? string.Empty : "s")}):" + Environment.NewLine
                + string.Join(Environment.NewLine, issues.Select(i => "  " + i));
    }
}
