using System.CommandLine;
using MetricStream.Host.Commands;

namespace MetricStream.Host.Cli;

/// <summary>The command tree of the <c>metricstream</c> executable.</summary>
internal static class MetricStreamCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            """
            MetricStream.Dataflow: a metrics pipeline. Agents post to the edge, points flow through Kafka,
            topologies roll them up and alert on them, sinks write them to InfluxDB.

            Configuration comes from appsettings.json (beside the executable, or --config FILE), then
            environment variables METRICSTREAM__SECTION__KEY, then command-line options; later wins.
            """);
        root.Options.Add(CommonOptions.Config);
        root.Subcommands.Add(UpCommand.Create());
        root.Subcommands.Add(KafkaDevCommand.Create());
        root.Subcommands.Add(EdgeCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(RegistryCommand.Create());
        root.Subcommands.Add(ProcessCommand.Create());
        root.Subcommands.Add(TopologyCommand.Create());
        return root;
    }
}
