using MetricStream.Avro.Compatibility;
using MetricStream.Avro.Records;
using MetricStream.Avro.Schemas;

namespace MetricStream.Avro.Tests.Records;

public class ProductSchemasTests
{
    [Fact]
    public void FileNames_ListEveryTopicSchema()
    {
        ProductSchemas.FileNames.Should().BeEquivalentTo(
            "metric-point.avsc", "point-batch.avsc", "window-aggregate.avsc", "alert-event.avsc", "alert-rule.avsc", "dead-letter.avsc");
    }

    [Theory]
    [InlineData("metric-point.avsc", "metricstream.MetricPoint")]
    [InlineData("point-batch.avsc", "metricstream.PointBatch")]
    [InlineData("window-aggregate.avsc", "metricstream.WindowAggregate")]
    [InlineData("alert-event.avsc", "metricstream.AlertEvent")]
    [InlineData("alert-rule.avsc", "metricstream.AlertRule")]
    [InlineData("dead-letter.avsc", "metricstream.DeadLetter")]
    public void Get_ParsesEmbeddedSchemaWithItsFullName(string file, string fullName)
    {
        var schema = ProductSchemas.Get(file);

        schema.FullName.Should().Be(fullName);
        schema.Doc.Should().NotBeNullOrWhiteSpace();
        AvroSchema.Parse(ProductSchemas.Json(file)).ToCanonicalForm().Should().Be(schema.ToCanonicalForm());
        SchemaCompatibility.CanRead(schema, schema).IsCompatible.Should().BeTrue();
    }

    [Fact]
    public void EveryFieldOfEveryRecord_HasADoc()
    {
        var missing = new List<string>();
        foreach (var file in ProductSchemas.FileNames)
        {
            foreach (var record in Records(ProductSchemas.Get(file), []))
            {
                missing.AddRange(record.Fields.Where(f => string.IsNullOrWhiteSpace(f.Doc)).Select(f => $"{file}: {record.FullName}.{f.Name}"));
            }
        }

        missing.Should().BeEmpty();
    }

    [Fact]
    public void Timestamps_AreLogicalTypes()
    {
        ProductSchemas.MetricPoint.Fields[4].Schema.Properties["logicalType"].GetString().Should().Be("timestamp-nanos");
        ProductSchemas.WindowAggregate.Fields[4].Schema.LogicalType.Should().BeSameAs(LogicalType.TimestampMillis);
        ProductSchemas.PointBatch.Fields[3].Schema.LogicalType.Should().BeSameAs(LogicalType.TimestampMicros);
        ProductSchemas.AlertEvent.TryGetField("timestamp", out var t).Should().BeTrue();
        t!.Schema.LogicalType.Should().BeSameAs(LogicalType.TimestampMillis);
    }

    private static IEnumerable<RecordSchema> Records(AvroSchema schema, HashSet<AvroSchema> seen)
    {
        if (!seen.Add(schema))
        {
            yield break;
        }

        var children = schema switch
        {
            RecordSchema r => r.Fields.Select(f => f.Schema),
            ArraySchema a => [a.Items],
            MapSchema m => [m.Values],
            UnionSchema u => u.Branches,
            _ => [],
        };
        if (schema is RecordSchema self)
        {
            yield return self;
        }

        foreach (var child in children)
        {
            foreach (var r in Records(child, seen))
            {
                yield return r;
            }
        }
    }
}
