using MetricStream.Edge.Producing;
using MetricStream.Edge.Spool.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace MetricStream.Edge.Spool;

/// <summary>
/// The edge's durable spool: an append-only log of requests (their encoded Kafka records) in numbered
/// segment files, each entry framed with its length and a CRC-32. <see cref="Append"/> returns only once the
/// entry is fsync'd; a reader replays entries in append order (<see cref="TryRead"/>) and
/// <see cref="Acknowledge"/>s them once Kafka has every record, which deletes segments wholly acknowledged
/// and records a checkpoint so a restart does not replay them again. <see cref="Open"/> truncates a torn
/// tail and resumes a spool left by a previous run.
/// </summary>
/// <remarks>
/// Thread-safe for many appenders and one reader. Locking: <c>_lock</c> guards the segment list, segment
/// lengths, counters and positions; <c>_syncLock</c> serialises fsyncs (group commit: one fsync covers
/// every entry written before it) and is always taken before <c>_lock</c>, never inside it. Segments are
/// deleted only by <see cref="Acknowledge"/> (the reader) while holding both locks.
/// Limits: the directory itself is not fsync'd when a segment is created, so after a power loss (not a
/// process crash) the newest segment's entries may be missing; and a crash between Kafka's acknowledgement
/// and the checkpoint write replays those entries again (at-least-once).
/// </remarks>
public sealed class SpoolLog : IDisposable
{
    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly long _segmentBytes;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Lock _syncLock = new();
    private readonly List<SpoolSegment> _segments;
    private readonly SafeFileHandle _checkpoint;
    private SpoolPosition _acknowledged;
    private SpoolPosition _synced;
    private long _nextNumber;
    private long _size;
    private long _pendingEntries;
    private long _pendingRecords;
    private bool _disposed;

    private SpoolLog(string directory, long maxBytes, long segmentBytes, ILogger logger, List<SpoolSegment> segments, SpoolPosition acknowledged, long pendingEntries, long pendingRecords)
    {
        _directory = directory;
        _maxBytes = maxBytes;
        _segmentBytes = segmentBytes;
        _logger = logger;
        _segments = segments;
        _acknowledged = acknowledged;
        _synced = acknowledged;
        _pendingEntries = pendingEntries;
        _pendingRecords = pendingRecords;
        _size = segments.Sum(s => s.Length);
        _nextNumber = segments.Count > 0 ? segments[^1].Number + 1 : acknowledged.Segment + 1;
        _checkpoint = File.OpenHandle(Path.Combine(directory, SpoolRecovery.CheckpointFile), FileMode.OpenOrCreate, FileAccess.Write);
    }

    /// <summary>Raised after an entry is appended (the replayer wakes up).</summary>
    public event Action? EntryAppended;

    /// <summary>Bytes of all segment files on disk.</summary>
    public long SizeBytes => Read(() => _size);

    /// <summary>The size bound: an append that would grow the spool past it is refused.</summary>
    public long MaxBytes => _maxBytes;

    /// <summary>Entries (requests) appended and not yet acknowledged.</summary>
    public long PendingEntries => Read(() => _pendingEntries);

    /// <summary>Kafka records appended and not yet acknowledged.</summary>
    public long PendingRecords => Read(() => _pendingRecords);

    /// <summary>True when every appended entry has been acknowledged.</summary>
    public bool IsEmpty => PendingEntries == 0;

    /// <summary>Where replay starts: the first entry not yet acknowledged.</summary>
    public SpoolPosition Acknowledged => Read(() => _acknowledged);

    /// <summary>Opens (creating it when missing) the spool in <paramref name="directory"/>, recovering what a previous run left.</summary>
    /// <param name="directory">The spool directory; one edge process per directory.</param>
    /// <param name="maxBytes">The size bound.</param>
    /// <param name="logger">Logs recovery; none when null.</param>
    /// <param name="segmentBytes">Segment size before rolling to a new file. Default: a quarter of <paramref name="maxBytes"/>, between 64 KiB and 64 MiB.</param>
    /// <returns>The open spool.</returns>
    public static SpoolLog Open(string directory, long maxBytes, ILogger? logger = null, long? segmentBytes = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        logger ??= NullLogger.Instance;
        var (segments, start, pendingEntries, pendingRecords) = SpoolRecovery.Recover(directory, logger);
        var log = new SpoolLog(directory, maxBytes, segmentBytes ?? Math.Clamp(maxBytes / 4, 64 * 1024, 64 * 1024 * 1024), logger, segments, start, pendingEntries, pendingRecords);
        log.Acknowledge(start, 0, 0);
        return log;
    }

    /// <summary>
    /// Appends one request's records as one entry and fsyncs it. With <paramref name="onlyIfNotEmpty"/>, appends
    /// only while unacknowledged entries exist (so a request that follows spooled ones queues behind them and
    /// per-series order holds); the check and the append are atomic.
    /// </summary>
    /// <param name="records">The request's records.</param>
    /// <param name="onlyIfNotEmpty">Append only when the spool holds unacknowledged entries.</param>
    /// <returns>Whether it was appended.</returns>
    /// <exception cref="IOException">The disk refused the write.</exception>
    public SpoolAppendResult Append(IReadOnlyList<EncodedRecord> records, bool onlyIfNotEmpty)
    {
        ArgumentNullException.ThrowIfNull(records);
        var frame = SpoolFrame.Encode(records);
        SpoolPosition end;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (onlyIfNotEmpty && _pendingEntries == 0)
            {
                return SpoolAppendResult.NotNeeded;
            }

            if (_size + frame.Length > _maxBytes)
            {
                return SpoolAppendResult.Full;
            }

            var active = _segments.Count > 0 ? _segments[^1] : null;
            if (active is null || (active.Length > 0 && active.Length + frame.Length > _segmentBytes))
            {
                if (active is not null)
                {
                    // The old segment is durable before the first entry of the next one can be acknowledged.
                    RandomAccess.FlushToDisk(active.Handle);
                }

                active = SpoolSegment.Open(_directory, _nextNumber++, FileMode.CreateNew);
                _segments.Add(active);
                _logger.LogDebug("Spool segment {Path} started ({Bytes} bytes spooled)", active.Path, _size);
            }

            RandomAccess.Write(active.Handle, frame, active.Length);
            active.Length += frame.Length;
            _size += frame.Length;
            _pendingEntries++;
            _pendingRecords += records.Count;
            end = new SpoolPosition(active.Number, active.Length);
        }

        Sync(end);
        EntryAppended?.Invoke();
        return SpoolAppendResult.Appended;
    }

    /// <summary>Reads the entry at <paramref name="from"/> (or the first one after it, across segments); false when there is none yet.</summary>
    /// <param name="from">A position from <see cref="Acknowledged"/> or a previous entry's <see cref="SpoolEntry.Next"/>.</param>
    /// <param name="entry">The entry.</param>
    /// <returns>True when an entry was read.</returns>
    public bool TryRead(SpoolPosition from, out SpoolEntry entry)
    {
        entry = default;
        SafeFileHandle handle;
        SpoolPosition at;
        lock (_lock)
        {
            var index = _segments.FindIndex(s => s.Number >= from.Segment);
            if (index < 0)
            {
                return false;
            }

            at = _segments[index].Number == from.Segment ? from : new SpoolPosition(_segments[index].Number, 0);
            if (at.Offset >= _segments[index].Length)
            {
                if (index + 1 >= _segments.Count || _segments[index + 1].Length == 0)
                {
                    return false;
                }

                index++;
                at = new SpoolPosition(_segments[index].Number, 0);
            }

            handle = _segments[index].Handle;
        }

        // Outside the lock: only Acknowledge (the reader itself) deletes segments, and bytes below a
        // segment's length are never rewritten.
        var header = new byte[SpoolFrame.HeaderBytes];
        RandomAccess.Read(handle, header, at.Offset);
        var (length, crc) = SpoolFrame.ReadHeader(header);
        var payload = new byte[length];
        if (RandomAccess.Read(handle, payload, at.Offset + SpoolFrame.HeaderBytes) != length || Crc32.Compute(payload) != crc)
        {
            throw new InvalidDataException($"spool entry at {at} does not match its checksum");
        }

        entry = new SpoolEntry(SpoolFrame.Decode(payload), new SpoolPosition(at.Segment, at.Offset + SpoolFrame.HeaderBytes + length));
        return true;
    }

    /// <summary>
    /// Records that Kafka acknowledged every record before <paramref name="upTo"/>: deletes segments wholly
    /// before it (the last one too once nothing is pending) and writes the checkpoint.
    /// </summary>
    /// <param name="upTo">The <see cref="SpoolEntry.Next"/> of the last acknowledged entry.</param>
    /// <param name="entries">How many entries this acknowledges.</param>
    /// <param name="records">How many records those entries hold.</param>
    public void Acknowledge(SpoolPosition upTo, int entries, int records)
    {
        lock (_syncLock)
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _acknowledged = upTo;
                _pendingEntries -= entries;
                _pendingRecords -= records;
                while (_segments.Count > 0 && Consumed(_segments[0], upTo, _segments.Count > 1 || _pendingEntries == 0))
                {
                    _size -= _segments[0].Length;
                    _segments[0].Delete();
                    _segments.RemoveAt(0);
                }

                RandomAccess.Write(_checkpoint, SpoolRecovery.Checkpoint(upTo), 0);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_syncLock)
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                foreach (var segment in _segments)
                {
                    segment.Dispose();
                }

                _checkpoint.Dispose();
            }
        }
    }

    private static bool Consumed(SpoolSegment segment, SpoolPosition upTo, bool notLastOrIdle) =>
        segment.Number < upTo.Segment || (segment.Number == upTo.Segment && upTo.Offset >= segment.Length && notLastOrIdle);

    private void Sync(SpoolPosition end)
    {
        lock (_syncLock)
        {
            if (_synced >= end)
            {
                return;
            }

            SpoolSegment active;
            SpoolPosition target;
            lock (_lock)
            {
                if (_segments.Count == 0 || _segments[^1].Number > end.Segment)
                {
                    // Rolled (flushed when it rolled) or acknowledged by Kafka and deleted: durable either way.
                    return;
                }

                active = _segments[^1];
                target = new SpoolPosition(active.Number, active.Length);
            }

            RandomAccess.FlushToDisk(active.Handle);
            _synced = target;
        }
    }

    private T Read<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }
}
