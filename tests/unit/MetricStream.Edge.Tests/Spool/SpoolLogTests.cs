using System.Text;
using MetricStream.Edge.Producing;
using MetricStream.Edge.Spool;
using MetricStream.Edge.Spool.Internal;

namespace MetricStream.Edge.Tests.Spool;

public sealed class SpoolLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("spool-").FullName;

    [Fact]
    public void Crc32_StandardCheckValue()
    {
        Crc32.Compute("123456789"u8).Should().Be(0xCBF43926u);
    }

    [Fact]
    public void Append_ThenRead_SameRecordsInOrder_NullAndEmptyKeysKept()
    {
        using var log = SpoolLog.Open(_dir, 1 << 20);
        var first = Request(0, "a", "b");
        var second = new[] { new EncodedRecord(2, null, [1, 2, 3]), new EncodedRecord(0, [], []) };

        log.Append(first, onlyIfNotEmpty: false).Should().Be(SpoolAppendResult.Appended);
        log.Append(second, onlyIfNotEmpty: false).Should().Be(SpoolAppendResult.Appended);

        log.TryRead(log.Acknowledged, out var one).Should().BeTrue();
        log.TryRead(one.Next, out var two).Should().BeTrue();
        log.TryRead(two.Next, out _).Should().BeFalse("nothing after the second entry");
        Describe(one.Records).Should().Equal(Describe(first));
        Describe(two.Records).Should().Equal(Describe(second));
        two.Records[0].Key.Should().BeNull();
        two.Records[1].Key.Should().NotBeNull().And.BeEmpty();
        log.PendingEntries.Should().Be(2);
        log.PendingRecords.Should().Be(4);
    }

    [Fact]
    public void Append_ManyEntriesAcrossSegments_ReadBackInAppendOrder()
    {
        using var log = SpoolLog.Open(_dir, 1 << 24, segmentBytes: 4096);
        for (var i = 0; i < 500; i++)
        {
            log.Append(Request(i % 3, $"entry-{i}"), onlyIfNotEmpty: false).Should().Be(SpoolAppendResult.Appended);
        }

        Directory.GetFiles(_dir, "*.spool").Should().HaveCountGreaterThan(5, "the log rolled to new segments");
        ReadAll(log).Select(e => Encoding.UTF8.GetString(e.Records[0].Value)).Should().Equal(Enumerable.Range(0, 500).Select(i => $"entry-{i}"));
    }

    [Fact]
    public void Append_OnlyIfNotEmpty_NotNeededWhileEmpty_AppendedOnceSomethingIsPending()
    {
        using var log = SpoolLog.Open(_dir, 1 << 20);

        log.Append(Request(0, "x"), onlyIfNotEmpty: true).Should().Be(SpoolAppendResult.NotNeeded);
        log.Append(Request(0, "y"), onlyIfNotEmpty: false).Should().Be(SpoolAppendResult.Appended);
        log.Append(Request(0, "z"), onlyIfNotEmpty: true).Should().Be(SpoolAppendResult.Appended, "requests queue behind spooled ones");

        ReadAll(log).Select(e => Encoding.UTF8.GetString(e.Records[0].Value)).Should().Equal("y", "z");
    }

    [Fact]
    public void Append_PastTheSizeBound_Full_UntilAcknowledgedEntriesAreDeleted()
    {
        using var log = SpoolLog.Open(_dir, 4096, segmentBytes: 1024);
        var appended = 0;
        while (log.Append(Request(0, new string('v', 200)), onlyIfNotEmpty: false) == SpoolAppendResult.Appended)
        {
            appended++;
        }

        appended.Should().Be(9, "9 entries of 428 bytes fit in 4096");
        log.SizeBytes.Should().BeLessThanOrEqualTo(4096);
        DirectorySize().Should().Be(log.SizeBytes, "the bound is on the bytes on disk");

        var entries = ReadAll(log);
        log.Acknowledge(entries[^1].Next, entries.Count, entries.Count);

        log.IsEmpty.Should().BeTrue();
        log.SizeBytes.Should().Be(0);
        Directory.GetFiles(_dir, "*.spool").Should().BeEmpty("fully acknowledged segments are deleted");
        log.Append(Request(0, "again"), onlyIfNotEmpty: false).Should().Be(SpoolAppendResult.Appended);
    }

    [Fact]
    public void Acknowledge_Part_DeletesOnlyWhollyAcknowledgedSegments_AndReopenResumesAfterTheCheckpoint()
    {
        using (var log = SpoolLog.Open(_dir, 1 << 24, segmentBytes: 1024))
        {
            for (var i = 0; i < 40; i++)
            {
                log.Append(Request(0, $"e{i:D2}-" + new string('p', 100)), onlyIfNotEmpty: false);
            }

            var entries = ReadAll(log);
            var segmentsBefore = Directory.GetFiles(_dir, "*.spool").Length;
            log.Acknowledge(entries[24].Next, 25, 25);

            Directory.GetFiles(_dir, "*.spool").Length.Should().BeLessThan(segmentsBefore);
            log.PendingEntries.Should().Be(15);
        }

        using var reopened = SpoolLog.Open(_dir, 1 << 24, segmentBytes: 1024);

        reopened.PendingEntries.Should().Be(15, "the checkpoint says 25 were acknowledged");
        ReadAll(reopened).Select(e => Encoding.UTF8.GetString(e.Records[0].Value)[..3]).Should().Equal(Enumerable.Range(25, 15).Select(i => $"e{i:D2}"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(20)]
    public void Open_TornTail_TruncatedToTheLastWholeEntry(int cut)
    {
        long whole;
        using (var log = SpoolLog.Open(_dir, 1 << 20))
        {
            log.Append(Request(0, "kept-1"), onlyIfNotEmpty: false);
            log.Append(Request(1, "kept-2"), onlyIfNotEmpty: false);
            whole = log.SizeBytes;
            log.Append(Request(2, "torn-by-a-crash"), onlyIfNotEmpty: false);
        }

        var segment = Directory.GetFiles(_dir, "*.spool").Single();
        using (var file = File.OpenWrite(segment))
        {
            file.SetLength(whole + cut); // the last write was cut short
        }

        using var reopened = SpoolLog.Open(_dir, 1 << 20);

        new FileInfo(segment).Length.Should().Be(whole);
        reopened.PendingEntries.Should().Be(2);
        ReadAll(reopened).Select(e => Encoding.UTF8.GetString(e.Records[0].Value)).Should().Equal("kept-1", "kept-2");
        reopened.Append(Request(0, "after"), onlyIfNotEmpty: false).Should().Be(SpoolAppendResult.Appended);
        ReadAll(reopened).Should().HaveCount(3);
    }

    [Fact]
    public void Open_CorruptedLastEntry_ChecksumMismatch_Truncated()
    {
        long whole;
        using (var log = SpoolLog.Open(_dir, 1 << 20))
        {
            log.Append(Request(0, "good"), onlyIfNotEmpty: false);
            whole = log.SizeBytes;
            log.Append(Request(0, "flipped"), onlyIfNotEmpty: false);
        }

        var segment = Directory.GetFiles(_dir, "*.spool").Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[^2] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        using var reopened = SpoolLog.Open(_dir, 1 << 20);

        ReadAll(reopened).Select(e => Encoding.UTF8.GetString(e.Records[0].Value)).Should().Equal("good");
        new FileInfo(segment).Length.Should().Be(whole);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static EncodedRecord[] Request(int partition, params string[] values) =>
        values.Select((v, i) => new EncodedRecord(partition + i, Encoding.UTF8.GetBytes($"key-{v}"), Encoding.UTF8.GetBytes(v))).ToArray();

    private static IEnumerable<string> Describe(IEnumerable<EncodedRecord> records) =>
        records.Select(r => $"{r.Partition}|{(r.Key is null ? "null" : Convert.ToHexString(r.Key))}|{Convert.ToHexString(r.Value)}");

    private static List<SpoolEntry> ReadAll(SpoolLog log)
    {
        var entries = new List<SpoolEntry>();
        var position = log.Acknowledged;
        while (log.TryRead(position, out var entry))
        {
            entries.Add(entry);
            position = entry.Next;
        }

        return entries;
    }

    private long DirectorySize() => Directory.GetFiles(_dir, "*.spool").Sum(f => new FileInfo(f).Length);
}
