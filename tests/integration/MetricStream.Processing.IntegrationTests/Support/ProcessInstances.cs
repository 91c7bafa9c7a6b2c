using System.Globalization;
using System.Text.RegularExpressions;
using MetricStream.Testing;

namespace MetricStream.Processing.IntegrationTests.Support;

/// <summary>
/// Instances of the built <c>metricstream process</c> command (beside the test assembly) running one topology
/// directory against the embedded broker and registry, as separate OS processes that can be SIGKILLed.
/// </summary>
internal sealed partial class ProcessInstances : IDisposable
{
    private readonly List<ChildProcess> _children = [];

    public IReadOnlyList<ChildProcess> Children => _children;

    public ChildProcess Start(string bootstrap, Uri registry, string topologies)
    {
        var child = ChildProcess.StartMetricStream("process", "--bootstrap", bootstrap, "--registry", registry.ToString(), "--topologies", topologies);
        _children.Add(child);
        return child;
    }

    /// <summary>How many tasks the instance runs after its latest rebalance (from its log), or -1 before its first assignment.</summary>
    public static int Tasks(ChildProcess child)
    {
        var last = child.Errors.Select(l => RunningTasks().Match(l)).LastOrDefault(m => m.Success);
        return last is null ? -1 : int.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public static string Log(ChildProcess child) => string.Join('\n', child.Errors.TakeLast(40));

    public void Dispose()
    {
        foreach (var child in _children)
        {
            child.Dispose();
        }
    }

    [GeneratedRegex("running (\\d+) tasks")]
    private static partial Regex RunningTasks();
}
