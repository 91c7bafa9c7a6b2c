namespace MetricStream.Edge.Spool;

/// <summary>How <see cref="SpoolLog.Append"/> ended.</summary>
public enum SpoolAppendResult
{
    /// <summary>Appended and on disk (fsync'd): the request may be answered 2xx.</summary>
    Appended,

    /// <summary>Not appended: the spool would grow past its size bound (answer 503).</summary>
    Full,

    /// <summary>Not appended: asked to append only while the spool holds unacknowledged entries, and it holds none.</summary>
    NotNeeded,
}
