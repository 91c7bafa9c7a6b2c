using System.Text;

namespace MetricStream.Processing.TestDriver.Fixtures;

/// <summary>The outcome of one fixture file: passed, or the list of differences between expected and actual.</summary>
/// <param name="File">The fixture file.</param>
/// <param name="Description">The fixture's description, or empty.</param>
/// <param name="Differences">One line per difference (empty when passed); a fixture that could not be read has one line saying why.</param>
public sealed record FixtureResult(string File, string Description, IReadOnlyList<string> Differences)
{
    /// <summary>True when every expectation held.</summary>
    public bool Passed => Differences.Count == 0;

    /// <summary>A readable report: <c>PASS file</c>, or <c>FAIL file</c> followed by the differences, indented.</summary>
    /// <returns>The text, lines separated by <c>\n</c>.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Passed ? "PASS " : "FAIL ").Append(File);
        if (Description.Length > 0)
        {
            text.Append(" (").Append(Description).Append(')');
        }

        foreach (var line in Differences)
        {
            text.Append("\n  ").Append(line.Replace("\n", "\n  ", StringComparison.Ordinal));
        }

        return text.ToString();
    }
}

/// <summary>A fixture file is malformed; the message names the file, the line and what to write instead.</summary>
public sealed class FixtureFormatException : Exception
{
    /// <summary>An exception with a message.</summary>
    public FixtureFormatException()
    {
    }

    /// <summary>An exception with a message.</summary>
    /// <param name="message">The message, starting with <c>file:line:column:</c>.</param>
    public FixtureFormatException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public FixtureFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
