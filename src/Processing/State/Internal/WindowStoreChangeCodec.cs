using System.Buffers;
using MetricStream.Avro.Binary;
using MetricStream.Avro.Records;

namespace MetricStream.Processing.State.Internal;

/// <summary>
/// Avro binary codec of <c>window-store-change.avsc</c> (the changelog value, after the Confluent header).
/// Hand-written for exactly that schema; a stock generic Avro reader decodes the same bytes.
/// </summary>
internal static class WindowStoreChangeCodec
{
    private const long TicksPerMs = TimeSpan.TicksPerMillisecond;

    /// <summary>The schema's JSON, embedded in this assembly.</summary>
    public static string SchemaJson { get; } = LoadSchema();

    public static void Write(IBufferWriter<byte> output, WindowStoreChange change)
    {
        var writer = new AvroBinaryWriter(output);
        writer.WriteString(change.InputTopic);
        writer.WriteLong(change.Checkpoint);
        if (change.Window is { } w)
        {
            writer.WriteUnionIndex(0);
            writer.WriteString(w.Series);
            writer.WriteString(w.Field);
            writer.WriteString(w.Tenant);
            writer.WriteString(w.Measurement);
            if (w.Tags.Length > 0)
            {
                writer.WriteBlockHeader(w.Tags.Length);
                foreach (var tag in w.Tags)
                {
                    writer.WriteString(tag.Key);
                    writer.WriteString(tag.Value);
                }
            }

            writer.WriteBlocksEnd();
            writer.WriteLong(w.StartTicks / TicksPerMs);
            writer.WriteLong(w.EndTicks / TicksPerMs);
            writer.WriteLong(w.Count);
            writer.WriteDouble(w.Sum);
            writer.WriteDouble(w.Min);
            writer.WriteDouble(w.Max);
            writer.WriteDouble(w.Last);
            writer.WriteLong(w.LastEventTicks);
            writer.WriteString(w.SketchFormat);
            writer.WriteBytes(w.Sketch);
        }
        else if (change.Alerts is { } alerts)
        {
            writer.WriteUnionIndex(2);
            writer.WriteString(alerts.Processor);
            writer.WriteBytes(alerts.State);
        }
        else
        {
            var marker = change.Marker ?? throw new ArgumentException("a change holds a window, a marker or an alert state", nameof(change));
            writer.WriteUnionIndex(1);
            writer.WriteLong(marker.InputPosition);
            if (marker.Processors.Count > 0)
            {
                writer.WriteBlockHeader(marker.Processors.Count);
                foreach (var clock in marker.Processors)
                {
                    writer.WriteString(clock.Processor);
                    writer.WriteLong(clock.StreamTimeTicks);
                    writer.WriteLong(clock.IdleWatermarkTicks);
                }
            }

            writer.WriteBlocksEnd();
        }

        writer.Flush();
    }

    /// <exception cref="Avro.AvroException">The bytes are malformed or truncated.</exception>
    public static WindowStoreChange Read(ReadOnlySpan<byte> body)
    {
        var reader = new AvroBinaryReader(body);
        var topic = reader.ReadString();
        var checkpoint = reader.ReadLong();
        var branch = reader.ReadUnionIndex(3);
        if (branch == 2)
        {
            return new WindowStoreChange(topic, checkpoint, null, null) { Alerts = new AlertSnapshot(reader.ReadString(), reader.ReadBytesArray()) };
        }

        if (branch == 0)
        {
            var series = reader.ReadString();
            var field = reader.ReadString();
            var tenant = reader.ReadString();
            var measurement = reader.ReadString();
            var tags = new List<Tag>();
            for (var n = reader.ReadBlockHeader(); n != 0; n = reader.ReadBlockHeader())
            {
                for (var i = 0; i < n; i++)
                {
                    tags.Add(new Tag(reader.ReadString(), reader.ReadString()));
                }
            }

            var window = new WindowState(
                series, field, tenant, measurement, [.. tags],
                StartTicks: reader.ReadLong() * TicksPerMs,
                EndTicks: reader.ReadLong() * TicksPerMs,
                Count: reader.ReadLong(),
                Sum: reader.ReadDouble(),
                Min: reader.ReadDouble(),
                Max: reader.ReadDouble(),
                Last: reader.ReadDouble(),
                LastEventTicks: reader.ReadLong(),
                SketchFormat: reader.ReadString(),
                Sketch: reader.ReadBytesArray());
            return new WindowStoreChange(topic, checkpoint, window, null);
        }

        var position = reader.ReadLong();
        var clocks = new List<ProcessorClock>();
        for (var n = reader.ReadBlockHeader(); n != 0; n = reader.ReadBlockHeader())
        {
            for (var i = 0; i < n; i++)
            {
                clocks.Add(new ProcessorClock(reader.ReadString(), reader.ReadLong(), reader.ReadLong()));
            }
        }

        return new WindowStoreChange(topic, checkpoint, null, new CheckpointMarker(position, clocks));
    }

    private static string LoadSchema()
    {
        using var stream = typeof(WindowStoreChangeCodec).Assembly.GetManifestResourceStream("MetricStream.Processing.State.window-store-change.avsc")
            ?? throw new InvalidOperationException("the embedded changelog schema is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
