using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace MetricStream.Host.Cli;

/// <summary>
/// Builds configuration in the usual .NET precedence: the JSON file, then <c>METRICSTREAM__</c> environment
/// variables, then the options given on the command line (only those actually given).
/// </summary>
internal static class HostConfiguration
{
    public const string EnvironmentPrefix = "METRICSTREAM__";

    /// <summary>Builds the configuration; <paramref name="optionKeys"/> maps options to configuration keys.</summary>
    public static IConfigurationRoot Build(ParseResult parse, IReadOnlyDictionary<Option, string> optionKeys)
    {
        var file = parse.GetValue(CommonOptions.Config);
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            if (!file.Exists)
            {
                throw new FileNotFoundException($"Configuration file {file.FullName} does not exist", file.FullName);
            }

            builder.AddJsonFile(file.FullName, optional: false);
        }
        else
        {
            builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(GivenOptions(parse, optionKeys));
        return builder.Build();
    }

    private static IEnumerable<KeyValuePair<string, string?>> GivenOptions(ParseResult parse, IReadOnlyDictionary<Option, string> optionKeys)
    {
        foreach (var (option, key) in optionKeys)
        {
            if (parse.GetResult(option) is { Implicit: false } result)
            {
                var value = result.GetValueOrDefault<object?>();
                yield return new(key, value switch
                {
                    FileSystemInfo fs => fs.FullName,
                    null => null,
                    _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }
    }
}
