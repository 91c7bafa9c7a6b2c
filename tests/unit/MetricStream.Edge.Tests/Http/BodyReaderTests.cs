using System.IO.Compression;
using System.Text;
using MetricStream.Edge.Http.Internal;
using MetricStream.Edge.Tests.Support;

namespace MetricStream.Edge.Tests.Http;

public sealed class BodyReaderTests
{
    [Fact]
    public async Task ReadAsync_BodyWithinLimit_ReadsItAll()
    {
        var data = Encoding.UTF8.GetBytes(new string('x', 100_000));

        using var buffer = await BodyReader.ReadAsync(new MemoryStream(data), null, 100_000, default);

        buffer.Span.ToArray().Should().Equal(data);
    }

    [Fact]
    public async Task ReadAsync_ContentLengthOverLimit_RefusesBeforeReading()
    {
        var stream = new MemoryStream(new byte[10]);

        var read = () => BodyReader.ReadAsync(stream, 1_000_000, 1_000, default);

        (await read.Should().ThrowAsync<BodyTooLargeException>()).WithMessage("request body is 1000000 bytes, more than the limit of 1000");
        stream.Position.Should().Be(0);
    }

    [Fact]
    public async Task ReadAsync_ChunkedBodyOverLimit_StopsJustPastTheLimit()
    {
        var stream = new CountingStream(new MemoryStream(new byte[10_000_000]));

        var read = () => BodyReader.ReadAsync(stream, null, 100_000, default);

        await read.Should().ThrowAsync<BodyTooLargeException>();
        stream.BytesRead.Should().BeLessThan(300_000, "reading stops once the limit is passed");
    }

    [Fact]
    public void Gunzip_SeveralMembers_DecompressesAll()
    {
        var body = Gzip("a f=1 1\n"u8.ToArray()).Concat(Gzip("b f=2 2\n"u8.ToArray())).ToArray();

        using var buffer = BodyReader.Gunzip(body, 1_000);

        Encoding.UTF8.GetString(buffer.Span).Should().Be("a f=1 1\nb f=2 2\n");
    }

    [Fact]
    public void Gunzip_Bomb_StopsAtTheLimitWithoutInflatingIt()
    {
        // 256 MiB of zeros compress to about 256 KiB.
        var bomb = GzipZeros(256 * 1024 * 1024);
        const long Limit = 1024 * 1024;
        var before = GC.GetAllocatedBytesForCurrentThread();

        var inflate = () => BodyReader.Gunzip(bomb, Limit);

        inflate.Should().Throw<BodyTooLargeException>().WithMessage("decompressed request body exceeds the limit of 1048576 bytes");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(8 * Limit, "memory stays bounded by the limit, not the bomb");
    }

    [Fact]
    public void Gunzip_NotGzip_ThrowsInvalidData()
    {
        var inflate = () => BodyReader.Gunzip("plain text, not gzip"u8.ToArray(), 1_000);

        inflate.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void Gunzip_Truncated_ThrowsOrReturnsPrefixOnly()
    {
        var gz = Gzip(Encoding.UTF8.GetBytes(new string('q', 10_000)));

        try
        {
            using var buffer = BodyReader.Gunzip(gz.AsMemory(0, gz.Length / 2), 100_000);
            buffer.Length.Should().BeLessThan(10_000);
        }
        catch (InvalidDataException)
        {
            // also acceptable: the stream reports the truncation
        }
    }

    [Fact]
    public void Unsnappy_DeclaredLengthOverLimit_RefusesWithoutDecompressing()
    {
        var block = RemoteWriteEncoder.Snappy(new byte[10_000]);

        var inflate = () => BodyReader.Unsnappy(block, 1_000);

        inflate.Should().Throw<BodyTooLargeException>().WithMessage("decompressed request body is 10000 bytes, more than the limit of 1000");
    }

    [Fact]
    public void Unsnappy_ValidBlock_Decompresses()
    {
        var data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("hello snappy ", 100)));

        using var buffer = BodyReader.Unsnappy(RemoteWriteEncoder.Snappy(data), 10_000);

        buffer.Span.ToArray().Should().Equal(data);
    }

    internal static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    internal static byte[] GzipZeros(int size)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var written = 0; written < size; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }

        return output.ToArray();
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, Math.Min(count, 16 * 1024));
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
