using System.Buffers;
using Confluent.Kafka;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Kafka.Producing;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Alerts;
using MetricStream.Processing.Runtime;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.SchemaRegistry.WireFormat;
using MetricStream.Kafka.Topics;

namespace MetricStream.Processing.IntegrationTests.Support;

/// <summary>
/// One run of the shipped <c>topologies/alerts.yaml</c> on the embedded broker: unique rollup, alerts and
/// dead-letter topics, the file loaded with its topics replaced, 1-minute cpu rollups produced as the
/// rollup topology would write them, and the alert events read back.
/// </summary>
internal sealed class AlertsRun(ProcessingFixture fixture)
{
    public static readonly DateTimeOffset Base = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Rollups { get; } = fixture.Kafka.CreateTopic("rollup1m", partitions: 3);

    public string Alerts { get; } = fixture.Kafka.CreateTopic("alerts", partitions: 3);

    public string DeadLetters { get; } = fixture.Kafka.CreateTopic("dead", partitions: 1);

    /// <summary>This run's rules table (the file's <c>rules_topic: alert-rules</c>, renamed).</summary>
    public string RulesTopic { get; } = fixture.Kafka.CreateTopic("alert-rules", partitions: 1);

    public StreamsApplicationOptions Options(string applicationId) => new()
    {
        BootstrapServers = fixture.Kafka.BootstrapServers,
        RegistryUrl = fixture.Registry.Url,
        ApplicationId = applicationId,
        DeadLetterTopic = DeadLetters,
        CommitInterval = TimeSpan.FromMilliseconds(200),
        TopicProvisioner = new EmbeddedTopicProvisioner(fixture.Kafka.Cluster),
    };

    public Topology.Topology Load()
    {
        var path = Path.Combine(Repo(), "topologies", "alerts.yaml");
        var text = File.ReadAllText(path);
        var influx = text.IndexOf("  - name: alerts-influx", StringComparison.Ordinal);
        var yaml = (influx > 0 ? text[..influx] : text) // this suite has no InfluxDB: keep the Kafka sink only
            .Replace("topic: metrics.rollup.1m\n", $"topic: {Rollups}\n", StringComparison.Ordinal)
            .Replace("topic: alerts\n", $"topic: {Alerts}\n", StringComparison.Ordinal)
            .Replace("rules_topic: alert-rules\n", $"rules_topic: {RulesTopic}\n", StringComparison.Ordinal);
        return TopologyLoader.Load(yaml, path);
    }

    /// <summary>Produces the 1-minute cpu usage_user rollups of <paramref name="host"/> for windows <paramref name="first"/>.. with the given p95 values, in order, to one partition.</summary>
    public async Task ProduceCpuAsync(string host, int first, params double[] p95)
    {
        var schemaId = await fixture.Client.RegisterAsync(SubjectNames.ForValue(Rollups), ProductSchemas.Json("window-aggregate.avsc"));
        using var producer = new DurableProducer(new ProducerSettings { BootstrapServers = fixture.Kafka.BootstrapServers });
        for (var i = 0; i < p95.Length; i++)
        {
            var aggregate = new WindowAggregate
            {
                Tenant = "acme",
                Measurement = "cpu",
                Field = "usage_user",
                WindowStart = Base.AddMinutes(first + i),
                WindowEnd = Base.AddMinutes(first + i + 1),
                Count = 6,
                Sum = p95[i] * 6,
                Min = p95[i],
                Max = p95[i],
                Mean = p95[i],
                Last = p95[i],
                P50 = p95[i],
                P95 = p95[i],
                P99 = p95[i],
            };
            aggregate.Tags.Add(new Tag("cpu", "cpu-total"));
            aggregate.Tags.Add(new Tag("host", host));
            var buffer = new ArrayBufferWriter<byte>();
            ConfluentWireFormat.WriteHeader(buffer, schemaId);
            WindowAggregateCodec.Write(buffer, aggregate);
            await producer.ProduceAsync(new TopicPartition(Rollups, new Partition(0)), new Message<byte[]?, byte[]>
            {
                Key = System.Text.Encoding.UTF8.GetBytes(SeriesKey.Of(aggregate)),
                Value = buffer.WrittenSpan.ToArray(),
                Timestamp = new Timestamp(aggregate.WindowEnd.AddMilliseconds(-1)),
            });
        }
    }

    /// <summary>Writes an alert rule (one rule in the rule format, YAML) to the rules table topic <paramref name="topic"/>, as the admin API would.</summary>
    public async Task PutRuleAsync(string topic, string id, string definition)
    {
        var schemaId = await fixture.Client.RegisterAsync(SubjectNames.ForValue(topic), ProductSchemas.Json("alert-rule.avsc"));
        var schema = ProductSchemas.AlertRule;
        var record = new GenericRecord(schema)
        {
            ["id"] = id,
            ["tenant"] = "acme",
            ["version"] = 1L,
            ["name"] = id,
            ["enabled"] = true,
            ["format"] = new GenericEnum((Avro.Schemas.EnumSchema)schema.Fields.First(f => f.Name == "format").Schema, "YAML"),
            ["definition"] = definition,
            ["updatedAt"] = Base,
            ["updatedBy"] = null,
        };
        var buffer = new ArrayBufferWriter<byte>();
        ConfluentWireFormat.WriteHeader(buffer, schemaId);
        new GenericDatumWriter(schema).Write(buffer, record);
        using var producer = new DurableProducer(new ProducerSettings { BootstrapServers = fixture.Kafka.BootstrapServers });
        await producer.ProduceAsync(topic, new Message<byte[]?, byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(id), Value = buffer.WrittenSpan.ToArray() });
    }

    /// <summary>Reads the alert events of rule <paramref name="rule"/> until <paramref name="enough"/> holds (deadline 60 s).</summary>
    public List<(AlertState State, GenericRecord Record)> ReadUntil(string rule, Func<List<AlertState>, bool> enough) =>
        [.. Decode(OutputReader.ReadUntil(fixture.Kafka.BootstrapServers, Alerts, records => enough([.. Decode(records).Where(a => Equals(a.Record["ruleId"], rule)).Select(a => a.State)])))
            .Where(a => Equals(a.Record["ruleId"], rule))];

    /// <summary>True when rule <paramref name="rule"/> has an event on the alerts topic within <paramref name="wait"/>.</summary>
    public bool HasEvents(string rule, TimeSpan wait)
    {
        try
        {
            OutputReader.ReadUntil(fixture.Kafka.BootstrapServers, Alerts, records => Decode(records).Any(a => Equals(a.Record["ruleId"], rule)), wait);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static IEnumerable<(AlertState State, GenericRecord Record)> Decode(IEnumerable<ConsumeResult<byte[]?, byte[]>> records) =>
        records.Select(r =>
        {
            ConfluentWireFormat.ReadHeader(r.Message.Value, out var body);
            var record = AlertEventRecords.Read(body);
            return (AlertEventRecords.StateOf(record), record);
        });

    private static string Repo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "topologies", "alerts.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no topologies/alerts.yaml above " + AppContext.BaseDirectory);
    }
}
