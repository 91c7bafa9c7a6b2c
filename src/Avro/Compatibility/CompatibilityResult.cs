namespace MetricStream.Avro.Compatibility;

/// <summary>The outcome of a compatibility check: whether it passed and, when not, what breaks and where.</summary>
public sealed class CompatibilityResult
{
    internal CompatibilityResult(IReadOnlyList<string> messages)
    {
        Messages = messages;
    }

    /// <summary>A passing result with no messages.</summary>
    public static CompatibilityResult Compatible { get; } = new([]);

    /// <summary>True when no incompatibility was found (<see cref="Messages"/> is then empty).</summary>
    public bool IsCompatible => Messages.Count == 0;

    /// <summary>
    /// One message per incompatibility, each saying what breaks and where, e.g.
    /// <c>reader field 'host' has no default and is missing from the writer (at /host)</c>.
    /// </summary>
    public IReadOnlyList<string> Messages { get; }

    /// <summary>"compatible", or the messages joined by "; ".</summary>
    /// <returns>A one-line summary.</returns>
    public override string ToString() => IsCompatible ? "compatible" : string.Join("; ", Messages);
}
