using System.Globalization;
using System.IO.Compression;
using MetricStream.Edge.RemoteWrite;

namespace MetricStream.Edge.Http.Internal;

/// <summary>
/// Reads request bodies into pooled buffers under limits: the raw body stops at <c>maxBytes</c>, and
/// decompression stops as soon as its output passes <c>maxDecompressedBytes</c>, so neither a huge upload nor
/// a compression bomb can make the edge hold more than the limits.
/// </summary>
internal static class BodyReader
{
    /// <summary>Reads <paramref name="body"/> completely; throws <see cref="BodyTooLargeException"/> past <paramref name="maxBytes"/>.</summary>
    public static async Task<PooledBuffer> ReadAsync(Stream body, long? contentLength, long maxBytes, CancellationToken cancellationToken)
    {
        if (contentLength > maxBytes)
        {
            throw TooLarge("request body", contentLength.Value, maxBytes);
        }

        var buffer = new PooledBuffer((int)Math.Min(contentLength ?? 16 * 1024, maxBytes + 1));
        try
        {
            while (true)
            {
                var free = buffer.GetFree(maxBytes + 1);
                var read = await body.ReadAsync(free, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer;
                }

                buffer.Advance(read);
                if (buffer.Length > maxBytes)
                {
                    throw TooLarge("request body", buffer.Length, maxBytes, atLeast: true);
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Decompresses a gzip body (several members allowed); throws <see cref="InvalidDataException"/> when it is not gzip.</summary>
    public static PooledBuffer Gunzip(ReadOnlyMemory<byte> compressed, long maxDecompressedBytes)
    {
        var output = new PooledBuffer((int)Math.Min(Math.Max(compressed.Length * 4L, 4096), maxDecompressedBytes + 1));
        try
        {
            using var input = new ReadOnlyMemoryStream(compressed);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            while (true)
            {
                var read = gzip.Read(output.GetFree(maxDecompressedBytes + 1).Span);
                if (read == 0)
                {
                    return output;
                }

                output.Advance(read);
                if (output.Length > maxDecompressedBytes)
                {
                    throw TooLarge("decompressed request body", output.Length, maxDecompressedBytes, atLeast: true);
                }
            }
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>Decompresses a snappy block, refusing from its declared length alone when it is too large.</summary>
    public static PooledBuffer Unsnappy(ReadOnlySpan<byte> compressed, long maxDecompressedBytes)
    {
        var length = SnappyBlock.GetUncompressedLength(compressed);
        if (length > maxDecompressedBytes)
        {
            throw TooLarge("decompressed request body", length, maxDecompressedBytes);
        }

        var output = new PooledBuffer(length);
        try
        {
            SnappyBlock.Decompress(compressed, output.Reset(length));
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    private static BodyTooLargeException TooLarge(string what, long size, long limit, bool atLeast = false) =>
        new(atLeast
            ? string.Create(CultureInfo.InvariantCulture, $"{what} exceeds the limit of {limit} bytes")
            : string.Create(CultureInfo.InvariantCulture, $"{what} is {size} bytes, more than the limit of {limit}"));

    /// <summary>A read-only stream over memory, without copying it into a MemoryStream.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, data.Length - _position);
            data.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
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
