using System.Buffers;
using System.Net;
using MetricStream.Avro.Compatibility;
using MetricStream.Avro.Records;
using MetricStream.Processing.Runtime.Internal;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.Processing.Tests.Runtime;

public class RecordDecoderTests
{
    private const int PointBatchId = 7;
    private const int AggregateId = 8;

    private readonly RecordDecoder _decoder = new(new FakeRegistry());

    [Fact]
    public async Task DecodeAsync_PointBatchInWireFormat_ReturnsTheBatch()
    {
        var batch = new PointBatch { Tenant = "acme" };
        var point = batch.AddPoint();
        point.Measurement = "cpu";
        point.AddTag("host", "a").AddField("usage", FieldValue.Of(1.5));
        point.Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero);

        var decoded = (PointBatch)await _decoder.DecodeAsync(SourceSchema.PointBatch, Encode(PointBatchId, batch), CancellationToken.None);

        decoded.Count.Should().Be(1);
        decoded[0].Fields.Single().Value.AsDouble.Should().Be(1.5);
        RecordDecoder.MaxEventTicks(decoded).Should().Be(point.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
    }

    [Fact]
    public async Task DecodeAsync_BadMagicByte_IsPoison()
    {
        var decode = async () => await _decoder.DecodeAsync(SourceSchema.PointBatch, [1, 0, 0, 0, 7, 0], CancellationToken.None);

        (await decode.Should().ThrowAsync<WireFormatException>()).Which.Message.Should().Contain("magic byte");
    }

    [Fact]
    public async Task DecodeAsync_UnknownSchemaId_IsPoison()
    {
        var decode = async () => await _decoder.DecodeAsync(SourceSchema.PointBatch, [0, 0, 0, 0, 99, 0], CancellationToken.None);

        (await decode.Should().ThrowAsync<WireFormatException>()).Which.Message.Should().Contain("Unknown schema id 99");
    }

    [Fact]
    public async Task DecodeAsync_SchemaOfAnotherRecordType_IsPoison()
    {
        var decode = async () => await _decoder.DecodeAsync(SourceSchema.PointBatch, [0, 0, 0, 0, AggregateId, 0], CancellationToken.None);

        (await decode.Should().ThrowAsync<WireFormatException>()).Which.Message.Should().Contain("is not the metricstream.PointBatch schema");
    }

    [Fact]
    public async Task DecodeAsync_CorruptBody_IsPoison()
    {
        var decode = async () => await _decoder.DecodeAsync(SourceSchema.PointBatch, [0, 0, 0, 0, PointBatchId, 0xFF, 0xFF, 0xFF], CancellationToken.None);

        (await decode.Should().ThrowAsync<WireFormatException>()).Which.Message.Should().Contain("does not decode");
    }

    [Fact]
    public async Task DecodeAsync_Tombstone_IsPoison()
    {
        var decode = async () => await _decoder.DecodeAsync(SourceSchema.PointBatch, null, CancellationToken.None);

        await decode.Should().ThrowAsync<WireFormatException>();
    }

    private static byte[] Encode(int id, PointBatch batch)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ConfluentWireFormat.WriteHeader(buffer, id);
        PointBatchCodec.Write(buffer, batch);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Knows two ids: the point-batch and window-aggregate product schemas.</summary>
    private sealed class FakeRegistry : ISchemaRegistryClient
    {
        public Task<string> GetSchemaAsync(int id, CancellationToken cancellationToken = default) => id switch
        {
            PointBatchId => Task.FromResult(ProductSchemas.Json("point-batch.avsc")),
            AggregateId => Task.FromResult(ProductSchemas.Json("window-aggregate.avsc")),
            _ => Task.FromException<string>(new SchemaRegistryException(HttpStatusCode.NotFound, 40403, "Schema not found")),
        };

        public Task<int> RegisterAsync(string subject, string schema, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<RegisteredSchema> LookupAsync(string subject, string schema, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<RegisteredSchema> GetLatestAsync(string subject, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> GetSubjectsAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<int>> GetVersionsAsync(string subject, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<CompatibilityCheck> CheckCompatibilityAsync(string subject, string schema, int? version = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<CompatibilityLevel> GetCompatibilityAsync(string? subject = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task SetCompatibilityAsync(CompatibilityLevel level, string? subject = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<int>> DeleteSubjectAsync(string subject, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
