using System.IO.Compression;
using MetricStream.Sinks.LineProtocol;

namespace MetricStream.Sinks.InfluxDB.Internal;

/// <summary>Gzip-compresses a request body into a pooled <see cref="LineBuffer"/>.</summary>
internal static class GzipBody
{
    public static LineBuffer Compress(ReadOnlySpan<byte> body)
    {
        var output = new LineBuffer(Math.Max(1024, body.Length / 4));
        using (var gzip = new GZipStream(new BufferStream(output), CompressionLevel.Fastest, leaveOpen: false))
        {
            gzip.Write(body);
        }

        return output;
    }

    /// <summary>A write-only stream appending to a <see cref="LineBuffer"/>.</summary>
    private sealed class BufferStream(LineBuffer output) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => output.Length;

        public override long Position
        {
            get => output.Length;
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer) => output.Append(buffer);

        public override void Write(byte[] buffer, int offset, int count) => output.Append(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
