using System.CommandLine;
using MetricStream.Processing.TestDriver;

namespace MetricStream.Host.Commands;

/// <summary><c>metricstream topology validate|describe|test</c>: check, print and test topology files without a cluster.</summary>
internal static class TopologyCommand
{
    public static Command Create()
    {
        var command = new Command("topology", "Validate, describe and test topology definitions (topologies/*.yaml) without a cluster.");
        command.Subcommands.Add(CreateValidate());
        command.Subcommands.Add(CreateDescribe());
        command.Subcommands.Add(CreateTest());
        return command;
    }

    private static Command CreateValidate()
    {
        var file = new Argument<FileInfo>("file") { Description = "Topology YAML file, e.g. topologies/rollups.yaml" };
        var command = new Command(
            "validate",
            "Check a topology file: YAML, fields, processor references, cycles, types against the Avro schemas, window sizes. "
            + "Prints every problem as file:line:column with a fix. Exit code 0 valid, 1 invalid, 2 unreadable.")
        {
            file,
        };
        command.SetAction(parse => TopologyCli.Validate(parse.GetValue(file)!.FullName, Console.Out, Console.Error));
        return command;
    }

    private static Command CreateDescribe()
    {
        var file = new Argument<FileInfo>("file") { Description = "Topology YAML file" };
        var mermaid = new Option<bool>("--mermaid") { Description = "Print a Mermaid flowchart instead of Kafka-Streams-style text" };
        var command = new Command("describe", "Print the processor graph of a topology file (sub-topologies, processors, successors and predecessors).")
        {
            file,
            mermaid,
        };
        command.SetAction(parse => TopologyCli.Describe(parse.GetValue(file)!.FullName, parse.GetValue(mermaid), Console.Out, Console.Error));
        return command;
    }

    private static Command CreateTest()
    {
        var file = new Argument<FileInfo>("file") { Description = "Topology YAML file" };
        var fixtures = new Option<DirectoryInfo>("--fixtures") { Description = "Directory of fixture files (*.yaml), e.g. topologies/fixtures/rollups", Required = true };
        var command = new Command(
            "test",
            "Run a topology against fixture files without a broker (fake wall clock, explicit event times) and print PASS/FAIL with a diff per file. "
            + "Exit code 0 all passed, 1 a fixture failed or the topology is invalid, 2 unreadable file or directory.")
        {
            file,
            fixtures,
        };
        command.SetAction(parse => TopologyCli.Test(parse.GetValue(file)!.FullName, parse.GetValue(fixtures)!.FullName, Console.Out, Console.Error));
        return command;
    }
}
