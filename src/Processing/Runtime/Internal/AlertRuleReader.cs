using MetricStream.Kafka.Tables;
using MetricStream.Kafka.Topics;
using MetricStream.Processing.Alerts;
using MetricStream.SchemaRegistry.WireFormat;
using Microsoft.Extensions.Logging;

namespace MetricStream.Processing.Runtime.Internal;

/// <summary>
/// Follows the alert rule topics of a topology (<see cref="Topology.AlertNode.RulesTopic"/>) with a
/// <see cref="KafkaTable{TValue}"/> each and keeps the shared <see cref="AlertRuleTable"/>s up to date: whole
/// before any task processes, then every change (the alert processors pick it up on their next record or
/// wall-clock tick). Records whose definition is not a valid rule are logged and skipped by the table.
/// </summary>
internal sealed class AlertRuleReader(string bootstrapServers, ITopicProvisioner? provisioner, ILogger logger) : IAsyncDisposable
{
    private readonly List<KafkaTable<AlertRule?>> _tables = [];

    /// <summary>The rule tables by topic, shared with the tasks.</summary>
    public Dictionary<string, AlertRuleTable> Tables { get; } = new(StringComparer.Ordinal);

    public async Task StartAsync(IReadOnlyList<string> topics, TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var topic in topics)
        {
            var rules = new AlertRuleTable();
            Tables[topic] = rules;
            var table = new KafkaTable<AlertRule?>(new KafkaTableOptions { BootstrapServers = bootstrapServers, Topic = topic, Provisioner = provisioner }, Decode, logger);
            _tables.Add(table);
            table.Changed += change =>
            {
                rules.Apply(change.Key, change.Kind == KafkaTableChangeKind.Delete ? null : change.Value);
                logger.LogInformation("Alert rule {Id} from {Topic}: {Change}", change.Key, topic, change.Value is null ? "removed" : "put");
            };
            await table.StartAsync(cancellationToken).ConfigureAwait(false);
            await table.WaitUntilCaughtUpAsync(cancellationToken).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            foreach (var (id, rule) in table.Snapshot())
            {
                rules.Apply(id, rule);
            }

            logger.LogInformation("Alert rules from {Topic}: {Rules} rules ({Skipped} records skipped)", topic, rules.Rules.Count, table.SkippedRecords);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var table in _tables)
        {
            await table.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static AlertRule? Decode(byte[] value)
    {
        ConfluentWireFormat.ReadHeader(value, out var body);
        return AlertRuleTable.Decode(body);
    }
}
