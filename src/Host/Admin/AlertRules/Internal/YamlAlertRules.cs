using MetricStream.Processing.Alerts;
using MetricStream.Processing.Topology;

namespace MetricStream.Host.Admin.AlertRules.Internal;

/// <summary>
/// The inline rules of the alert processors in the topology files of a directory (source <c>yaml</c>), read on
/// each call: files are small and may change under the listener. Files that do not load are skipped (the
/// processing role refuses them anyway).
/// </summary>
internal static class YamlAlertRules
{
    public static IReadOnlyList<(AlertRule Rule, string Topology)> Read(string? directory)
    {
        if (directory is null || !Directory.Exists(directory))
        {
            return [];
        }

        var rules = new List<(AlertRule, string)>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            Topology topology;
            try
            {
                topology = TopologyLoader.LoadFile(file);
            }
            catch (Exception ex) when (ex is TopologyValidationException or IOException)
            {
                continue;
            }

            rules.AddRange(topology.Nodes.OfType<AlertNode>().SelectMany(n => n.Rules).Select(r => (r, topology.Name)));
        }

        return rules;
    }
}
