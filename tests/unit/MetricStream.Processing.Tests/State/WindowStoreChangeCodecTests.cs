using System.Buffers;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Avro.Schemas;
using MetricStream.Processing.State.Internal;

namespace MetricStream.Processing.Tests.State;

/// <summary>The changelog value codec round-trips and writes what a stock generic Avro reader of the schema decodes.</summary>
public class WindowStoreChangeCodecTests
{
    private static readonly WindowStoreChange Window = new(
        "metrics.points",
        7,
        new WindowState("acme,cpu,host=a", "usage", "acme", "cpu", [new Tag("env", "prod"), new Tag("host", "a")],
            600_000_000, 1_200_000_000, 3, 6.5, 1, 4, 1.5, 650_000_123, "ddsketch-v1", [1, 2, 3]),
        null);

    private static readonly WindowStoreChange Marker = new("metrics.points", 7, null, new CheckpointMarker(42, [new ProcessorClock("rollup-1m", 900_000_000, long.MinValue)]));

    [Fact]
    public void Read_WrittenWindowAndMarker_RoundTripExactly()
    {
        var window = WindowStoreChangeCodec.Read(Bytes(Window));
        var marker = WindowStoreChangeCodec.Read(Bytes(Marker));

        window.Window.Should().BeEquivalentTo(Window.Window);
        (window.InputTopic, window.Checkpoint, window.Marker).Should().Be(("metrics.points", 7L, (CheckpointMarker?)null));
        marker.Marker!.InputPosition.Should().Be(42);
        marker.Marker.Processors.Should().Equal(new ProcessorClock("rollup-1m", 900_000_000, long.MinValue));
    }

    [Fact]
    public void GenericReader_WithTheEmbeddedSchema_DecodesBothBranches()
    {
        var schema = AvroSchema.Parse(WindowStoreChangeCodec.SchemaJson);
        var reader = new GenericDatumReader(schema);

        var window = (GenericRecord)reader.Read(Bytes(Window))!;
        var marker = (GenericRecord)reader.Read(Bytes(Marker))!;

        var state = (GenericRecord)window["change"]!;
        (state["series"], state["count"], state["lastEventTicks"], state["sketchFormat"]).Should().Be(("acme,cpu,host=a", 3L, 650_000_123L, "ddsketch-v1"));
        state["windowStart"].Should().Be(DateTimeOffset.UnixEpoch.AddMinutes(1));
        ((GenericRecord)marker["change"]!)["inputPosition"].Should().Be(42L);
    }

    private static byte[] Bytes(WindowStoreChange change)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WindowStoreChangeCodec.Write(buffer, change);
        return buffer.WrittenSpan.ToArray();
    }
}
