using MetricStream.Avro.Container;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Tests.Container;

public class ContainerFileTests
{
    private static readonly RecordSchema Schema = (RecordSchema)AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"}]}""");

    private static GenericRecord Rec(long id) => new(Schema) { ["id"] = id, ["name"] = "name-" + id };

    private static byte[] WriteFile(AvroCodec codec, int count, int blockSize = 100)
    {
        using var stream = new MemoryStream();
        using (var writer = new AvroContainerWriter(stream, Schema, codec, new Dictionary<string, byte[]> { ["app"] = [1, 2] }, leaveOpen: true) { BlockSizeBytes = blockSize })
        {
            for (var i = 0; i < count; i++)
            {
                writer.Write(Rec(i));
            }
        }

        return stream.ToArray();
    }

    [Theory]
    [InlineData(AvroCodec.Null)]
    [InlineData(AvroCodec.Deflate)]
    public void WriteThenRead_ManyBlocks_ReturnsEveryObjectInOrder(AvroCodec codec)
    {
        var bytes = WriteFile(codec, 1000);

        using var reader = new AvroContainerReader(new MemoryStream(bytes));

        reader.Codec.Should().Be(codec);
        reader.Metadata["app"].Should().Equal(1, 2);
        reader.WriterSchema.ToCanonicalForm().Should().Be(Schema.ToCanonicalForm());
        reader.ReadAll().Should().Equal(Enumerable.Range(0, 1000).Select(i => Rec(i)));
    }

    [Fact]
    public void Deflate_CompressesRepetitiveData()
    {
        WriteFile(AvroCodec.Deflate, 1000, 64 * 1024).Length.Should().BeLessThan(WriteFile(AvroCodec.Null, 1000, 64 * 1024).Length / 2);
    }

    [Fact]
    public void Header_StartsWithMagicAndEmptyFileHasNoBlocks()
    {
        var bytes = WriteFile(AvroCodec.Null, 0);

        bytes.AsSpan(0, 4).ToArray().Should().Equal((byte)'O', (byte)'b', (byte)'j', (byte)1);
        using var reader = new AvroContainerReader(new MemoryStream(bytes));
        reader.ReadAll().Should().BeEmpty();
    }

    [Fact]
    public void Read_WithReaderSchema_ResolvesEachObject()
    {
        var readerSchema = AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"id","type":"double"},{"name":"extra","type":"int","default":7}]}""");

        using var reader = new AvroContainerReader(new MemoryStream(WriteFile(AvroCodec.Deflate, 3)), readerSchema);

        var first = (GenericRecord)reader.ReadAll().First()!;
        first["id"].Should().Be(0d);
        first["extra"].Should().Be(7);
    }

    [Fact]
    public void WriteEncoded_AppendsPreEncodedObjects()
    {
        using var stream = new MemoryStream();
        var datumWriter = new GenericDatumWriter(Schema);
        using (var writer = new AvroContainerWriter(stream, Schema, leaveOpen: true))
        {
            writer.WriteEncoded(datumWriter.Encode(Rec(5)));
            writer.Flush();
            writer.WriteEncoded(datumWriter.Encode(Rec(6)));
        }

        using var reader = new AvroContainerReader(new MemoryStream(stream.ToArray()));
        reader.ReadAll().Should().Equal(Rec(5), Rec(6));
    }

    [Fact]
    public void Read_CorruptSyncMarker_Throws()
    {
        var bytes = WriteFile(AvroCodec.Null, 10);
        bytes[^1] ^= 0xff;

        using var reader = new AvroContainerReader(new MemoryStream(bytes));
        var act = () => reader.ReadAll().ToList();

        act.Should().Throw<AvroException>().WithMessage("*sync marker*");
    }

    [Fact]
    public void Read_TruncatedFile_Throws()
    {
        var bytes = WriteFile(AvroCodec.Deflate, 10);

        using var reader = new AvroContainerReader(new MemoryStream(bytes[..^5]));
        var act = () => reader.ReadAll().ToList();

        act.Should().Throw<AvroException>().WithMessage("container file truncated*");
    }

    [Fact]
    public void Read_NotAContainer_Throws()
    {
        var act = () => new AvroContainerReader(new MemoryStream("PAR1xxxx"u8.ToArray()));

        act.Should().Throw<AvroException>().WithMessage("not an Avro object container file*");
    }

    [Fact]
    public void Read_UnsupportedCodec_ThrowsNamingIt()
    {
        var bytes = WriteFile(AvroCodec.Null, 1);
        // Patch the codec value "null" (4 bytes) to "zstd" in the header.
        var index = bytes.AsSpan().IndexOf("null"u8);
        "zstd"u8.CopyTo(bytes.AsSpan(index));

        var act = () => new AvroContainerReader(new MemoryStream(bytes));

        act.Should().Throw<AvroException>().WithMessage("unsupported container codec 'zstd' (supported: null, deflate)");
    }
}
