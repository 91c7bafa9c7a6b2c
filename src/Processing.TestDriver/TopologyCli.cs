using MetricStream.Processing.TestDriver.Fixtures;
using MetricStream.Processing.Topology;

namespace MetricStream.Processing.TestDriver;

/// <summary>
/// The work behind <c>metricstream topology validate|describe|test</c>, independent of the command-line
/// parser so it can be tested. Exit codes: 0 success, 1 invalid topology or failed fixtures, 2 a file or
/// directory that cannot be read.
/// </summary>
public static class TopologyCli
{
    /// <summary>Validates a topology file: prints <c>OK ...</c>, or every issue (<c>file:line:column: ... Fix: ...</c>) to <paramref name="error"/>.</summary>
    /// <param name="file">The topology YAML file.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <returns>The exit code.</returns>
    public static int Validate(string file, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        return WithTopology(file, error, topology =>
        {
            output.WriteLine($"OK {file}: topology '{topology.Name}', {topology.Nodes.Count} processors, reads [{string.Join(", ", topology.SourceTopics)}], writes [{string.Join(", ", topology.OutputTopics.Concat(topology.ExternalOutputs))}]");
            return 0;
        });
    }

    /// <summary>Prints the topology as Kafka-Streams-style text, or as a Mermaid flowchart.</summary>
    /// <param name="file">The topology YAML file.</param>
    /// <param name="mermaid">True for Mermaid instead of text.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <returns>The exit code.</returns>
    public static int Describe(string file, bool mermaid, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        return WithTopology(file, error, topology =>
        {
            var description = topology.Describe();
            output.Write(mermaid ? description.ToMermaid() : description.ToString());
            return 0;
        });
    }

    /// <summary>Runs every fixture file of a directory against the topology and prints PASS/FAIL per file with a diff, then a summary line.</summary>
    /// <param name="file">The topology YAML file.</param>
    /// <param name="fixtures">The fixture directory.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <returns>The exit code: 1 when any fixture failed or the directory holds none.</returns>
    public static int Test(string file, string fixtures, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        return WithTopology(file, error, topology =>
        {
            if (!Directory.Exists(fixtures))
            {
                error.WriteLine($"error: fixture directory '{fixtures}' not found");
                return 2;
            }

            var results = FixtureRunner.RunDirectory(topology, fixtures);
            foreach (var result in results)
            {
                output.WriteLine(result.ToString());
            }

            var failed = results.Count(r => !r.Passed);
            output.WriteLine($"{results.Count - failed} passed, {failed} failed ({results.Count} fixture files in {fixtures})");
            if (results.Count == 0)
            {
                error.WriteLine($"error: no *.yaml fixture files in '{fixtures}'");
            }

            return failed == 0 && results.Count > 0 ? 0 : 1;
        });
    }

    private static int WithTopology(string file, TextWriter error, Func<Topology.Topology, int> action)
    {
        Topology.Topology topology;
        try
        {
            topology = TopologyLoader.LoadFile(file);
        }
        catch (TopologyValidationException ex)
        {
            foreach (var issue in ex.Issues)
            {
                error.WriteLine(issue.ToString());
            }

            error.WriteLine($"{ex.Issues.Count} problem(s) in {file}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot read '{file}': {ex.Message}");
            return 2;
        }

        return action(topology);
    }
}
