namespace MetricStream.Avro.Internal;

/// <summary>
/// A value that does not fit its schema (on write) or data that cannot be decoded into the reader's
/// model (on read). Plan nodes prepend where they are as the exception unwinds, so the message reads
/// <c>field 'tags' of record 'ns.P' > map value 'host': expected string, got System.Int32</c>.
/// </summary>
internal sealed class DatumPathException : AvroException
{
    private readonly List<string> _path = [];
    private readonly string _problem;

    public DatumPathException(string problem)
        : base(problem)
    {
        _problem = problem;
    }

    public DatumPathException(string problem, Exception innerException)
        : base(problem, innerException)
    {
        _problem = problem;
    }

    public DatumPathException()
        : this("invalid datum")
    {
    }

    public override string Message => _path.Count == 0 ? _problem : $"{string.Join(" > ", _path)}: {_problem}";

    public DatumPathException Prepend(string segment)
    {
        _path.Insert(0, segment);
        return this;
    }

    public static string Describe(object? value) => value is null ? "null" : value.GetType().FullName ?? value.GetType().Name;
}
