namespace MetricStream.Edge.Validation;

/// <summary>
/// Limits every write request and every point must respect. A request over a body limit is refused whole
/// (HTTP 413); a point over a point limit is rejected alone (it is listed in the 400 response's errors and
/// the request's other points are accepted). The defaults suit agents such as Telegraf and Prometheus.
/// </summary>
public sealed record IngestLimits
{
    /// <summary>The limits with their defaults.</summary>
    public static IngestLimits Default { get; } = new();

    /// <summary>
    /// Largest request body as sent (compressed when it has a <c>Content-Encoding</c>). A larger
    /// <c>Content-Length</c> is refused before the body is read. Default 10 MiB.
    /// </summary>
    public long MaxBodyBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>
    /// Largest request body after decompression (gzip or snappy). Decompression stops as soon as the output
    /// passes this size, so a compression bomb costs at most this much memory. Default 64 MiB.
    /// </summary>
    public long MaxDecompressedBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Longest line protocol line in bytes, line feed excluded. Default 64 KiB.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>Most tags on one point. Default 64.</summary>
    public int MaxTagsPerPoint { get; init; } = 64;

    /// <summary>Most fields on one point. Default 128.</summary>
    public int MaxFieldsPerPoint { get; init; } = 128;

    /// <summary>Longest measurement name, tag key or field key, in UTF-8 bytes. Default 256.</summary>
    public int MaxNameBytes { get; init; } = 256;

    /// <summary>Longest tag value, in UTF-8 bytes. Default 1024.</summary>
    public int MaxTagValueBytes { get; init; } = 1024;

    /// <summary>Longest string field value, in UTF-8 bytes. Default 64 KiB.</summary>
    public int MaxStringFieldBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// How far before the request's arrival a point's timestamp may lie. Default 30 days (the raw data
    /// retention of the InfluxDB sink): older points would be dropped downstream anyway.
    /// </summary>
    public TimeSpan MaxTimestampAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How far after the request's arrival a point's timestamp may lie (clock skew). Default 1 hour.</summary>
    public TimeSpan MaxTimestampAhead { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How many errors a 400 response lists (the first ones, in body order). Default 10.</summary>
    public int MaxErrorsReported { get; init; } = 10;

    /// <summary>Throws when a limit is not positive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBodyBytes, 1, nameof(MaxBodyBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDecompressedBytes, 1, nameof(MaxDecompressedBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDecompressedBytes, Array.MaxLength, nameof(MaxDecompressedBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLineBytes, 1, nameof(MaxLineBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTagsPerPoint, 0, nameof(MaxTagsPerPoint));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFieldsPerPoint, 1, nameof(MaxFieldsPerPoint));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNameBytes, 1, nameof(MaxNameBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTagValueBytes, 1, nameof(MaxTagValueBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStringFieldBytes, 0, nameof(MaxStringFieldBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTimestampAge, TimeSpan.Zero, nameof(MaxTimestampAge));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTimestampAhead, TimeSpan.Zero, nameof(MaxTimestampAhead));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxErrorsReported, 0, nameof(MaxErrorsReported));
    }
}
