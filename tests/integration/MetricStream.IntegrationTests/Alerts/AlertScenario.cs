using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Kafka.Producing;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.Aggregation;
using MetricStream.Processing.Alerts;
using MetricStream.Processing.Outputs;
using MetricStream.Processing.Runtime;
using MetricStream.Processing.Topology;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.SchemaRegistry.WireFormat;

namespace MetricStream.IntegrationTests.Alerts;

/// <summary>
/// One test's alert pipeline on an <see cref="AlertStackFixture"/>: its own rollup and alerts topics, a topology
/// (rollups -> alert processor with no inline rules and <c>rules_topic: alert-rules</c> -> alerts topic, plus an
/// optional webhook sink), a running <see cref="StreamsApplication"/> reported by the admin listener, 1-minute
/// rollups of a measurement of its own, and the alert events read back.
/// </summary>
internal sealed class AlertScenario : IAsyncDisposable
{
    public static readonly DateTimeOffset Base = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly AlertStackFixture _stack;
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly DurableProducer _producer;
    private int _schemaId;

    public AlertScenario(AlertStackFixture stack, IReadOnlyDictionary<string, IExternalSinkProvider>? sinks = null, string? webhook = null, int rollupPartitions = 2)
    {
        _stack = stack;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        Measurement = "m_" + suffix;
        Rollups = stack.Kafka.CreateTopic("rollup1m", partitions: rollupPartitions);
        Alerts = stack.Kafka.CreateTopic("alerts", partitions: 1);
        var builder = new TopologyBuilder("alerts-" + suffix)
            .Source("rollups", Rollups, SourceSchema.WindowAggregate)
            .Alert("alerts", "rollups", [], TopicCatalog.AlertRules)
            .Sink("out", "alerts", Alerts);
        if (webhook is not null)
        {
            builder = builder.ExternalSink("hook", "alerts", ExternalSinks.Webhook, webhook);
        }

        Application = new StreamsApplication(builder.Build(), new StreamsApplicationOptions
        {
            BootstrapServers = stack.Kafka.BootstrapServers,
            RegistryUrl = stack.Registry.Url,
            ApplicationId = "alerts-" + suffix,
            DeadLetterTopic = stack.Kafka.CreateTopic("dead", partitions: 1),
            CommitInterval = TimeSpan.FromMilliseconds(200),
            WallClockInterval = TimeSpan.FromMilliseconds(250),
            TopicProvisioner = new EmbeddedTopicProvisioner(stack.Kafka.Cluster),
            ExternalSinks = sinks ?? new Dictionary<string, IExternalSinkProvider>(),
        });
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", AlertStackFixture.AdminKey);
        _producer = new DurableProducer(new ProducerSettings { BootstrapServers = stack.Kafka.BootstrapServers });
    }

    /// <summary>This test's measurement: rules select it, so other tests' rules never match.</summary>
    public string Measurement { get; }

    public string Rollups { get; }

    public string Alerts { get; }

    public StreamsApplication Application { get; }

    public Task Run { get; private set; } = Task.CompletedTask;

    /// <summary>Starts the application (it reads the <c>alert-rules</c> topic whole before it processes) and reports it on the admin listener.</summary>
    /// <returns>This scenario.</returns>
    public AlertScenario Start()
    {
        _stack.Applications.Add(Application);
        Run = Application.RunAsync(_stop.Token);
        return this;
    }

    public HttpClient Http => _http;

    /// <summary>The events of the last <see cref="ReadUntil"/> with their times and ids, for failure messages.</summary>
    public List<string> Details { get; } = [];

    /// <summary>Produces the rollup of window <paramref name="window"/> (minutes after <see cref="Base"/>) of <paramref name="host"/>, every aggregate <paramref name="value"/>.</summary>
    public async Task ProduceAsync(string host, int window, double value, string tenant = "acme")
    {
        if (_schemaId == 0)
        {
            _schemaId = await _stack.Client.RegisterAsync(SubjectNames.ForValue(Rollups), ProductSchemas.Json("window-aggregate.avsc"));
        }

        var aggregate = new WindowAggregate
        {
            Tenant = tenant, Measurement = Measurement, Field = "usage_user",
            WindowStart = Base.AddMinutes(window), WindowEnd = Base.AddMinutes(window + 1),
            Count = 6, Sum = value * 6, Min = value, Max = value, Mean = value, Last = value, P50 = value, P95 = value, P99 = value,
        };
        aggregate.Tags.Add(new Tag("host", host));
        var buffer = new ArrayBufferWriter<byte>();
        ConfluentWireFormat.WriteHeader(buffer, _schemaId);
        WindowAggregateCodec.Write(buffer, aggregate);
        await _producer.ProduceAsync(Rollups, new Message<byte[]?, byte[]>
        {
            Key = Encoding.UTF8.GetBytes(SeriesKey.Of(aggregate)),
            Value = buffer.WrittenSpan.ToArray(),
            Timestamp = new Timestamp(aggregate.WindowEnd.AddMilliseconds(-1)),
        });
    }

    /// <summary>A threshold rule on this test's measurement as the API's JSON.</summary>
    public string ThresholdRule(double value, string extra = "") =>
        "{\"select\":{\"measurement\":\"" + Measurement + "\",\"field\":\"usage_user\"},\"aggregate\":\"p95\",\"threshold\":{\"op\":\">\",\"value\":"
        + value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "},\"labels\":{\"host\":\"{{host}}\"}" + extra + "}";

    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, _stack.AdminUrl + path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>The alert events of the alerts topic so far, as (rule, host, state), waiting up to 60 s for <paramref name="enough"/>.</summary>
    public List<(string Rule, string Host, AlertState State)> ReadUntil(Func<List<(string Rule, string Host, AlertState State)>, bool> enough, TimeSpan? timeout = null)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig { BootstrapServers = _stack.Kafka.BootstrapServers, GroupId = "reader-" + Guid.NewGuid().ToString("N"), EnableAutoCommit = false }).Build();
        consumer.Assign(new TopicPartitionOffset(Alerts, 0, Offset.Beginning));
        var events = new List<(string, string, AlertState)>();
        Details.Clear();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!enough(events) && clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(60)))
        {
            Run.IsFaulted.Should().BeFalse(Run.Exception?.ToString());
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message.Value: { } value })
            {
                ConfluentWireFormat.ReadHeader(value, out var body);
                var record = AlertEventRecords.Read(body);
                var tags = (Dictionary<string, object?>)((GenericRecord)record["series"]!)["tags"]!;
                events.Add(((string)record["ruleId"]!, (string)tags["host"]!, AlertEventRecords.StateOf(record)));
                Details.Add($"{record["ruleId"]} {tags["host"]} {AlertEventRecords.StateOf(record)} at {record["timestamp"]} id {record["eventId"]} (offset {consumer.Position(new TopicPartition(Alerts, 0))})");
            }
        }

        consumer.Close();
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (OperationCanceledException)
        {
            // Stopped while still starting (e.g. reading the rules topic): nothing ran.
        }
        finally
        {
            _stack.Applications.Remove(Application);
            await Application.DisposeAsync();
            _producer.Dispose();
            _http.Dispose();
            _stop.Dispose();
        }
    }
}
