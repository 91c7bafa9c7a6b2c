using System.Globalization;
using System.Text.Json;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Schemas;
using MetricStream.SchemaRegistry.IntegrationTests.Support;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.Testing;

namespace MetricStream.SchemaRegistry.IntegrationTests.Interop;

/// <summary>
/// Our wire format and registry against an independent implementation: Confluent's Python client
/// (Debian's python3-confluent-kafka 1.7.0 with python3-avro), run as a separate process with
/// /usr/bin/python3. These tests never skip: a missing package fails them with the package names.
/// </summary>
public sealed class PythonInteropTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IAsyncLifetime
{
    private readonly EmbeddedKafkaFixture _kafka = fixture.Kafka;
    private readonly RegistryHarness _registry = fixture.Registry;

    private const string Python = "/usr/bin/python3";

    private const string MetricSchema = """
        {"type":"record","name":"Metric","namespace":"metricstream.interop","fields":[
          {"name":"tenant","type":"string"},
          {"name":"timestamp","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"value","type":"double"},
          {"name":"count","type":"long"},
          {"name":"ok","type":"boolean"},
          {"name":"unit","type":["null","string"],"default":null},
          {"name":"tags","type":{"type":"map","values":"string"}},
          {"name":"samples","type":{"type":"array","items":"float"}},
          {"name":"severity","type":{"type":"enum","name":"Severity","symbols":["INFO","WARN","CRIT"]}}]}
        """;

    private const string ReadingSchema = """
        {"type":"record","name":"Reading","namespace":"metricstream.interop","fields":[
          {"name":"sensor","type":"string"},
          {"name":"celsius","type":"double"},
          {"name":"seq","type":"long"},
          {"name":"unit","type":["null","string"],"default":null},
          {"name":"labels","type":{"type":"map","values":"string"}},
          {"name":"level","type":{"type":"enum","name":"Level","symbols":["LOW","HIGH"]}}]}
        """;

    public async Task InitializeAsync()
    {
        var check = await ChildProcess.RunAsync(
            Python,
            ["-c", "from confluent_kafka.avro import AvroProducer, AvroConsumer, CachedSchemaRegistryClient; import avro, requests"]);
        check.ExitCode.Should().Be(
            0,
            "the interop tests need Debian's python3-confluent-kafka, python3-avro and python3-requests for /usr/bin/python3 "
            + "(apt-get install -y python3-confluent-kafka python3-avro python3-requests); python said: {0}",
            check.Errors);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task OurSerializer_PythonConfluentConsumer_DecodesTheSameData()
    {
        var topic = _kafka.CreateTopic("interop-ours");
        var schema = (RecordSchema)AvroSchema.Parse(MetricSchema);
        var serializer = new ConfluentAvroSerializer(_registry.Client);
        var records = new[]
        {
            Metric(schema, "acme", DateTimeOffset.Parse("2024-05-01T12:00:00.123Z", CultureInfo.InvariantCulture), 21.5, 3, true, "C", ("host", "web-1"), 0.5f, "WARN"),
            Metric(schema, "umbrella", DateTimeOffset.Parse("2024-05-01T12:00:01Z", CultureInfo.InvariantCulture), -1e-3, long.MaxValue, false, null, ("dc", "fra"), -2.25f, "CRIT"),
        };
        var values = new List<byte[]>();
        foreach (var record in records)
        {
            values.Add(await serializer.SerializeAsync(topic, schema, record));
        }

        await KafkaIo.ProduceAsync(_kafka.BootstrapServers, topic, values);
        var expectedId = await serializer.GetSchemaIdAsync(topic, schema);

        var lines = await RunPythonAsync("consume_avro.py", "--bootstrap", _kafka.BootstrapServers, "--registry", _registry.Url.ToString().TrimEnd('/'), "--topic", topic, "--count", "2");

        var decoded = lines.Select(l => JsonDocument.Parse(l).RootElement).OrderBy(e => e.GetProperty("value").GetProperty("tenant").GetString()).ToList();
        decoded.Should().HaveCount(2);
        decoded.Should().AllSatisfy(d => d.GetProperty("schema_id").GetInt32().Should().Be(expectedId));
        var acme = decoded[0].GetProperty("value");
        acme.GetProperty("tenant").GetString().Should().Be("acme");
        acme.GetProperty("timestamp").GetString().Should().Be("2024-05-01T12:00:00.123000+00:00");
        acme.GetProperty("value").GetDouble().Should().Be(21.5);
        acme.GetProperty("count").GetInt64().Should().Be(3);
        acme.GetProperty("ok").GetBoolean().Should().BeTrue();
        acme.GetProperty("unit").GetString().Should().Be("C");
        acme.GetProperty("tags").GetProperty("host").GetString().Should().Be("web-1");
        acme.GetProperty("samples").EnumerateArray().Select(s => s.GetDouble()).Should().Equal(0.5, 1.5);
        acme.GetProperty("severity").GetString().Should().Be("WARN");
        var umbrella = decoded[1].GetProperty("value");
        umbrella.GetProperty("value").GetDouble().Should().Be(-1e-3);
        umbrella.GetProperty("count").GetInt64().Should().Be(long.MaxValue);
        umbrella.GetProperty("ok").GetBoolean().Should().BeFalse();
        umbrella.GetProperty("unit").ValueKind.Should().Be(JsonValueKind.Null);
        umbrella.GetProperty("samples").EnumerateArray().Select(s => s.GetDouble()).Should().Equal(-2.25, 1.5);
        umbrella.GetProperty("severity").GetString().Should().Be("CRIT");
    }

    [Fact]
    public async Task PythonConfluentProducer_RegistersInOurRegistry_OurDeserializerDecodes()
    {
        var topic = _kafka.CreateTopic("interop-python");
        var values = """
            [{"sensor":"s-1","celsius":20.25,"seq":1,"unit":"C","labels":{"room":"lab"},"level":"LOW"},
             {"sensor":"s-2","celsius":-4.5,"seq":9007199254740993,"unit":null,"labels":{},"level":"HIGH"}]
            """;

        var output = await RunPythonAsync(
            "produce_avro.py", "--bootstrap", _kafka.BootstrapServers, "--registry", _registry.Url.ToString().TrimEnd('/'), "--topic", topic, "--schema", ReadingSchema, "--values", values);

        output.Should().ContainSingle().Which.Should().Be("""{"produced": 2}""");
        var registered = await _registry.Client.GetLatestAsync($"{topic}-value");
        registered.Version.Should().Be(1);
        var deserializer = new ConfluentAvroDeserializer(_registry.Client, AvroSchema.Parse(ReadingSchema));
        var read = new List<GenericRecord>();
        foreach (var value in KafkaIo.Consume(_kafka.BootstrapServers, topic, 2))
        {
            read.Add((GenericRecord)(await deserializer.DeserializeAsync(value))!);
        }

        read = read.OrderBy(r => (string)r["sensor"]!).ToList();
        read[0]["celsius"].Should().Be(20.25);
        read[0]["seq"].Should().Be(1L);
        read[0]["unit"].Should().Be("C");
        ((IDictionary<string, object?>)read[0]["labels"]!).Should().Contain("room", "lab");
        read[0]["level"].Should().BeOfType<GenericEnum>().Which.Symbol.Should().Be("LOW");
        read[1]["celsius"].Should().Be(-4.5);
        read[1]["seq"].Should().Be(9007199254740993L);
        read[1]["unit"].Should().BeNull();
        read[1]["level"].Should().BeOfType<GenericEnum>().Which.Symbol.Should().Be("HIGH");
    }

    private static GenericRecord Metric(
        RecordSchema schema, string tenant, DateTimeOffset timestamp, double value, long count, bool ok, string? unit, (string Key, string Value) tag, float sample, string severity)
    {
        var record = new GenericRecord(schema);
        record["tenant"] = tenant;
        record["timestamp"] = timestamp;
        record["value"] = value;
        record["count"] = count;
        record["ok"] = ok;
        record["unit"] = unit;
        record["tags"] = new Dictionary<string, object?> { [tag.Key] = tag.Value };
        record["samples"] = new List<object?> { sample, 1.5f };
        record["severity"] = new GenericEnum((EnumSchema)schema.Fields.Single(f => f.Name == "severity").Schema, severity);
        return record;
    }

    private static async Task<IReadOnlyList<string>> RunPythonAsync(string script, params string[] arguments)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Interop", "python", script);
        var (exitCode, output, errors) = await ChildProcess.RunAsync(Python, [path, .. arguments], TimeSpan.FromSeconds(90));
        exitCode.Should().Be(0, "{0} should succeed; stderr: {1}; stdout: {2}", script, errors, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
