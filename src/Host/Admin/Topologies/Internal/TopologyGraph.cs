using MetricStream.Processing.Topology;

namespace MetricStream.Host.Admin.Topologies.Internal;

/// <summary>
/// One topology as the page draws it: processors (name, type, settings as <c>describe</c> prints them) and
/// edges, a branch's outputs carrying their case name. Window aggregates also get a dotted edge to their
/// late-data topic, so the graph shows where late records go.
/// </summary>
internal static class TopologyGraph
{
    /// <summary>The JSON object of <paramref name="topology"/> loaded from <paramref name="file"/>.</summary>
    /// <param name="topology">The topology.</param>
    /// <param name="file">Its file name (no directory).</param>
    /// <param name="running">True when a streams application of this process runs it.</param>
    /// <returns>The object to serialise.</returns>
    public static Dictionary<string, object?> ToJson(Topology topology, string file, bool running)
    {
        var description = topology.Describe();
        var names = topology.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var edges = new List<Dictionary<string, object?>>();
        foreach (var node in topology.Nodes)
        {
            foreach (var input in node.Inputs)
            {
                // A branch output is "branch.case"; processor names have no dots.
                var dot = input.IndexOf('.', StringComparison.Ordinal);
                var (from, branchCase) = dot > 0 && names.Contains(input[..dot]) ? (input[..dot], input[(dot + 1)..]) : (input, (string?)null);
                edges.Add(new() { ["from"] = from, ["to"] = node.Name, ["case"] = branchCase });
            }
        }

        return new()
        {
            ["name"] = topology.Name,
            ["file"] = file,
            ["running"] = running,
            ["subTopologies"] = description.SubTopologyCount,
            ["sourceTopics"] = topology.SourceTopics,
            ["outputTopics"] = topology.OutputTopics,
            ["externalOutputs"] = topology.ExternalOutputs,
            ["processors"] = topology.Nodes.Select(n => new Dictionary<string, object?>
            {
                ["name"] = n.Name,
                ["type"] = n.TypeName,
                ["settings"] = n.DescribeSettings(),
                ["inputs"] = n.Inputs,
                ["late"] = (n as WindowAggregateNode)?.LateTopic,
                ["target"] = (n as SinkNode)?.Target ?? (n as SourceNode)?.Topic,
            }).ToList(),
            ["edges"] = edges,
            ["text"] = description.ToString(),
        };
    }
}
