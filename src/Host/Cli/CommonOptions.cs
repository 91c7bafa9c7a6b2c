using System.CommandLine;

namespace MetricStream.Host.Cli;

/// <summary>Options every command takes.</summary>
internal static class CommonOptions
{
    public static readonly Option<FileInfo?> Config = new("--config")
    {
        Description = "Configuration file read instead of the appsettings.json beside the executable",
        Recursive = true,
    };
}
