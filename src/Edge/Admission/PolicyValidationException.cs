namespace MetricStream.Edge.Admission;

/// <summary>A policy configuration was refused; <see cref="Problems"/> lists every problem found.</summary>
public sealed class PolicyValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyValidationException()
        : this(["invalid policy configuration"])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message (also the only problem).</param>
    public PolicyValidationException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PolicyValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception listing <paramref name="problems"/>.</summary>
    /// <param name="problems">Each problem, e.g. <c>token-bucket: burst must be at least 1</c>.</param>
    public PolicyValidationException(IReadOnlyList<string> problems)
        : base(string.Join("; ", problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Problems { get; }
}
