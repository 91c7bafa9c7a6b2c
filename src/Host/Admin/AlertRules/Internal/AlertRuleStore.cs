using System.Globalization;
using MetricStream.Avro.Generic;
using MetricStream.Avro.Records;
using MetricStream.Avro.Schemas;
using MetricStream.Kafka.Producing;
using MetricStream.Kafka.Tables;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.Alerts;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.Serdes;
using MetricStream.SchemaRegistry.WireFormat;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Admin.AlertRules.Internal;

/// <summary>A rule of the <c>alert-rules</c> topic: its record's id, tenant and version, and the rule (null when disabled).</summary>
internal sealed record StoredRule(string Id, string Tenant, long Version, AlertRule? Rule);

/// <summary>
/// The admin side of the <c>alert-rules</c> compacted topic: a <see cref="KafkaTable{TValue}"/> following it (what
/// the API lists) and a <see cref="KafkaTableWriter{TValue}"/> writing <c>alert-rule.avsc</c> records to it.
/// Started on first use, so an admin listener starts without Kafka and the table is only read where the API is
/// used. Thread-safe: start is guarded by a semaphore, the table and writer are thread-safe.
/// </summary>
internal sealed class AlertRuleStore(AdminContext context) : IAsyncDisposable
{
    // An operator waits on the first request: fail it (503) rather than hang when Kafka is away.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReadBackTimeout = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _start = new(1, 1);
    private readonly ILogger _logger = context.Logs.CreateLogger("alert-rules");
    private KafkaTable<StoredRule>? _table;
    private DurableProducer? _producer;
    private SchemaRegistryClient? _registry;
    private KafkaTableWriter<GenericRecord>? _writer;
    private int _disposed;

    /// <summary>The topic's rules by id (disabled ones with a null rule).</summary>
    public IReadOnlyDictionary<string, StoredRule> ApiRules() => _table?.Snapshot() ?? new Dictionary<string, StoredRule>();

    /// <summary>Starts following the topic (creating it when missing) and waits until the table caught up.</summary>
    /// <exception cref="TimeoutException">Kafka did not answer in time.</exception>
    public async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
        {
            return;
        }

        await _start.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_writer is not null)
            {
                return;
            }

            var table = new KafkaTable<StoredRule>(
                new KafkaTableOptions { BootstrapServers = context.BootstrapServers, Topic = TopicCatalog.AlertRules, Provisioner = new AdminTopicProvisioner(context.BootstrapServers, StartTimeout), ClientId = "metricstream-admin-alert-rules", StartTimeout = StartTimeout },
                Decode,
                _logger);
            try
            {
                await table.StartAsync(cancellationToken).ConfigureAwait(false);
                await table.WaitUntilCaughtUpAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await table.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            _table = table;
            _producer = new DurableProducer(new ProducerSettings { BootstrapServers = context.BootstrapServers, ClientId = "metricstream-admin-alert-rules" }, context.Time, _logger);
            _registry = new SchemaRegistryClient(new SchemaRegistryClientOptions { Url = context.RegistryUrl }, context.Time);
            var serializer = new ConfluentAvroSerializer(_registry);
            var schemaId = await serializer.GetSchemaIdAsync(TopicCatalog.AlertRules, ProductSchemas.AlertRule, cancellationToken).ConfigureAwait(false);
            _writer = new KafkaTableWriter<GenericRecord>(_producer, TopicCatalog.AlertRules, record =>
            {
                var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
                serializer.Serialize(buffer, schemaId, ProductSchemas.AlertRule, record);
                return buffer.WrittenSpan.ToArray();
            });
        }
        finally
        {
            _start.Release();
        }
    }

    /// <summary>Writes <paramref name="rule"/> (next version) and waits until the table read it back, so a GET that follows sees it.</summary>
    public async Task<StoredRule> PutAsync(string id, ValidRule rule, string? updatedBy, CancellationToken cancellationToken)
    {
        var version = (_table!.TryGet(id, out var current) ? current.Version : 0) + 1;
        var schema = ProductSchemas.AlertRule;
        var record = new GenericRecord(schema)
        {
            ["id"] = id,
            ["tenant"] = rule.Tenant,
            ["version"] = version,
            ["name"] = id,
            ["enabled"] = true,
            ["format"] = new GenericEnum((EnumSchema)schema.Fields.First(f => f.Name == "format").Schema, "JSON"),
            ["definition"] = rule.Definition,
            ["updatedAt"] = context.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            ["updatedBy"] = updatedBy,
        };
        await _writer!.PutAsync(id, record, cancellationToken).ConfigureAwait(false);
        await ReadBackAsync(() => _table.TryGet(id, out var seen) && seen.Version >= version, cancellationToken).ConfigureAwait(false);
        return _table.TryGet(id, out var stored) ? stored : new StoredRule(id, rule.Tenant, version, rule.Rule);
    }

    /// <summary>Writes a tombstone for <paramref name="id"/> and waits until the table read it back.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await _writer!.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        await ReadBackAsync(() => !_table!.TryGet(id, out _), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_table is not null)
        {
            await _table.DisposeAsync().ConfigureAwait(false);
        }

        _producer?.Dispose();
        _registry?.Dispose();
        _start.Dispose();
    }

    private async Task ReadBackAsync(Func<bool> seen, CancellationToken cancellationToken)
    {
        // Acknowledged means durable; reading it back only makes the API read-your-writes. Give up quietly after a while.
        var started = context.Time.GetTimestamp();
        while (!seen() && context.Time.GetElapsedTime(started) < ReadBackTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), context.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static StoredRule Decode(byte[] value)
    {
        ConfluentWireFormat.ReadHeader(value, out var body);
        var record = (GenericRecord)new GenericDatumReader(ProductSchemas.AlertRule).Read(body)!;
        var rule = AlertRuleTable.Decode(body);
        return new StoredRule((string)record["id"]!, (string)record["tenant"]!, Convert.ToInt64(record["version"], CultureInfo.InvariantCulture), rule);
    }
}
