using YamlDotNet.RepresentationModel;

namespace MetricStream.Processing.Topology;

/// <summary>Reading join and sink processors (a sink has exactly one target: a topic or an external destination).</summary>
public static partial class TopologyLoader
{
    /// <content>Joins and sinks.</content>
    private sealed partial class Reader
    {
        private JoinNode? ReadJoin(YamlMappingNode map, string name, IReadOnlyList<string> from)
        {
            var table = Scalar(map, "table", name, null, required: true);
            var by = List(map, "by", name, required: true);
            var add = List(map, "add_tags", name, required: true);
            var unmatched = Scalar(map, "unmatched", name, null, required: false) ?? "keep";
            if (unmatched is not ("keep" or "drop"))
            {
                Add(name, "unmatched", Child(map, "unmatched")!.Start, $"unknown value '{unmatched}'.", "use 'unmatched: keep' (forward records without a table row, the default) or 'unmatched: drop'.");
                return null;
            }

            return table is null ? null : new JoinNode(name, from, table, by, add, unmatched == "keep");
        }

        private AlertNode? ReadAlert(YamlMappingNode map, string name, IReadOnlyList<string> from)
        {
            var rulesTopic = Scalar(map, "rules_topic", name, null, required: false);
            if (Child(map, "rules") is null && rulesTopic is not null)
            {
                return new AlertNode(name, from, [], rulesTopic);
            }

            if (Child(map, "rules") is not YamlSequenceNode items)
            {
                Add(name, "rules", Child(map, "rules")?.Start ?? map.Start, "missing or not a list: 'rules'.", "add 'rules:' with a list of alert rules, each '- id: ...' (format in docs/TOPOLOGIES.md), or 'rules_topic: alert-rules'.");
                return null;
            }

            Remember(name, "rules", items.Start);
            var reader = new Alerts.Internal.AlertRuleFileReader(fileName);
            var rules = reader.ReadRuleList(items);
            foreach (var issue in reader.Issues)
            {
                Issues.Add(issue with { Processor = name });
            }

            return reader.Issues.Count == 0 ? new AlertNode(name, from, rules, rulesTopic) : null;
        }

        private SinkNode? ReadSink(YamlMappingNode map, string name, IReadOnlyList<string> from)
        {
            var targets = map.Children.Keys.OfType<YamlScalarNode>()
                .Where(k => k.Value == "topic" || Outputs.ExternalSinks.Providers.Contains(k.Value, StringComparer.Ordinal))
                .ToList();
            if (targets.Count == 0)
            {
                Add(name, "topic", map.Start, "a sink needs a target: missing 'topic' or 'influxdb'.", "add 'topic: <kafka topic>' or 'influxdb: <destination>' (e.g. raw, rollup_1m, rollup_1h).");
                return null;
            }

            if (targets.Count > 1)
            {
                Add(name, targets[1].Value, targets[1].Start, $"a sink writes to exactly one target, but has both '{targets[0].Value}' and '{targets[1].Value}'.", "keep one; add another sink with the same 'from' to write to both.");
                return null;
            }

            var key = targets[0].Value!;
            if (Scalar(map, key, name, null, required: true) is not { } value)
            {
                return null;
            }

            if (key == "topic")
            {
                return new SinkNode(name, from, value);
            }

            if (!Outputs.ExternalSinks.IsValidDestination(value))
            {
                Add(name, key, Child(map, key)!.Start, $"'{value}' is not a destination name.", $"use a name made of letters, digits, '_', '-' or '.' that the {key} sink configuration defines, e.g. '{key}: raw'.");
                return null;
            }

            return SinkNode.External(name, from, key, value);
        }
    }
}
