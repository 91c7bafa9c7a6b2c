using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace MetricStream.Edge.Spool.Internal;

/// <summary>
/// Start-up of a spool directory: opens the segments in order, checks every frame (length and CRC-32) and
/// truncates a segment at its first bad frame (a torn tail after a crash: that request was never answered
/// 2xx), and reads the acknowledgement checkpoint (<c>[i64 segment][i64 offset][u32 CRC-32]</c>).
/// </summary>
internal static class SpoolRecovery
{
    public const string CheckpointFile = "checkpoint";

    /// <summary>
    /// Opens every segment of <paramref name="directory"/> in order, truncating bad tails, and finds where replay
    /// starts (the checkpoint when it names a frame boundary of a segment still there, else the first segment's start).
    /// </summary>
    public static (List<SpoolSegment> Segments, SpoolPosition Start, long PendingEntries, long PendingRecords) Recover(string directory, ILogger logger)
    {
        Directory.CreateDirectory(directory);
        var numbers = Directory.EnumerateFiles(directory, "*" + SpoolSegment.Extension)
            .Select(f => long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(n => n >= 0).Order().ToList();
        var segments = new List<SpoolSegment>();
        var frames = new Dictionary<long, List<(long Offset, int Records)>>();
        foreach (var number in numbers)
        {
            var segment = SpoolSegment.Open(directory, number, FileMode.Open);
            segments.Add(segment);
            frames[number] = Scan(segment, number == numbers[^1], logger);
        }

        var start = segments.Count > 0 ? new SpoolPosition(segments[0].Number, 0) : default;
        if (ReadCheckpoint(directory) is { } checkpoint && frames.TryGetValue(checkpoint.Segment, out var list)
            && (list.Any(f => f.Offset == checkpoint.Offset) || checkpoint.Offset == segments.First(s => s.Number == checkpoint.Segment).Length))
        {
            start = checkpoint;
        }

        var pendingEntries = 0L;
        var pendingRecords = 0L;
        foreach (var (number, segmentFrames) in frames)
        {
            foreach (var frame in segmentFrames.Where(f => new SpoolPosition(number, f.Offset) >= start))
            {
                pendingEntries++;
                pendingRecords += frame.Records;
            }
        }

        if (pendingEntries > 0)
        {
            logger.LogWarning("Spool {Directory}: {Entries} requests ({Records} records) left by a previous run will be replayed", directory, pendingEntries, pendingRecords);
        }

        return (segments, start, pendingEntries, pendingRecords);
    }

    /// <summary>Validates one segment; returns the frame start offsets (and its end) with each frame's record count.</summary>
    public static List<(long Offset, int Records)> Scan(SpoolSegment segment, bool isLast, ILogger logger)
    {
        var frames = new List<(long Offset, int Records)>();
        var header = new byte[SpoolFrame.HeaderBytes];
        var offset = 0L;
        while (offset < segment.Length)
        {
            var records = -1;
            if (segment.Length - offset >= SpoolFrame.HeaderBytes && RandomAccess.Read(segment.Handle, header, offset) == SpoolFrame.HeaderBytes)
            {
                var (length, crc) = SpoolFrame.ReadHeader(header);
                if (length <= segment.Length - offset - SpoolFrame.HeaderBytes)
                {
                    var payload = new byte[length];
                    if (RandomAccess.Read(segment.Handle, payload, offset + SpoolFrame.HeaderBytes) == length && Crc32.Compute(payload) == crc)
                    {
                        records = SpoolFrame.CountRecords(payload);
                    }
                }

                if (records >= 0)
                {
                    frames.Add((offset, records));
                    offset += SpoolFrame.HeaderBytes + length;
                    continue;
                }
            }

            logger.Log(
                isLast ? LogLevel.Warning : LogLevel.Error,
                "Spool segment {Path}: {Bytes} bytes from offset {Offset} are not a whole frame ({What}); truncated",
                segment.Path,
                segment.Length - offset,
                offset,
                isLast ? "a write cut short by a crash: that request was never acknowledged" : "corruption in the middle of the spool");
            RandomAccess.SetLength(segment.Handle, offset);
            segment.Length = offset;
            break;
        }

        return frames;
    }

    public static SpoolPosition? ReadCheckpoint(string directory)
    {
        var path = Path.Combine(directory, CheckpointFile);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != 20 || Crc32.Compute(bytes.AsSpan(0, 16)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)))
        {
            return null;
        }

        return new SpoolPosition(BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)));
    }

    public static byte[] Checkpoint(SpoolPosition position)
    {
        var bytes = new byte[20];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, position.Segment);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), position.Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), Crc32.Compute(bytes.AsSpan(0, 16)));
        return bytes;
    }
}
