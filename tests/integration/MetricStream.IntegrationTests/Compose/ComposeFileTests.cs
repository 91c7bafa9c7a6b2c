using System.Text.RegularExpressions;
using MetricStream.IntegrationTests.Host;
using MetricStream.Testing;
using MetricStream.Testing.Prometheus;
using YamlDotNet.RepresentationModel;

namespace MetricStream.IntegrationTests.Compose;

/// <summary>
/// docker-compose.yml cannot run here (no Docker engine); what can be checked is: Debian's docker-compose accepts
/// it, every <c>METRICSTREAM__</c> key in it is a real setting of the role the service runs, and the Grafana
/// dashboard charts only documented metrics.
/// </summary>
public sealed partial class ComposeFileTests
{
    private const string Prefix = "METRICSTREAM__";

    // The sections each command reads (see its Command class): a key of another section would be ignored silently.
    private static readonly Dictionary<string, string[]> SectionsByCommand = new(StringComparer.Ordinal)
    {
        ["edge"] = ["Edge", "Logging", "Otlp"],
        ["process"] = ["Process", "Sinks:InfluxDB", "Logging", "Otlp"],
        ["registry"] = ["Registry", "Logging"],
        ["up"] = ["Up", "Edge", "Process", "Registry", "KafkaDev", "Sinks:InfluxDB", "Logging", "Otlp"],
    };

    private static string Root => MetricStreamProcess.RepositoryRoot();

    [Fact]
    public async Task ComposeFile_DockerComposeConfig_AcceptsIt()
    {
        using var compose = ChildProcess.Start("docker-compose", ["-f", Path.Combine(Root, "docker-compose.yml"), "config", "-q"], null);

        await compose.WaitForExitAsync(TimeSpan.FromSeconds(60));

        compose.ExitCode.Should().Be(0, string.Join('\n', compose.Errors));
    }

    [Fact]
    public void ComposeFile_EveryMetricStreamKey_IsARealSettingOfTheRoleItConfigures()
    {
        var services = MetricStreamServices(Path.Combine(Root, "docker-compose.yml"));

        services.Select(s => s.Command).Should().Contain(["edge", "process"], "docker-compose.yml runs our edge and process roles");
        var problems = services.SelectMany(s => s.Keys.Select(k => Problem(s.Command, k.Key, k.Value)).OfType<string>().Select(p => $"{s.Name}: {p}")).ToList();
        problems.Should().BeEmpty();
        services.Sum(s => s.Keys.Count).Should().BeGreaterThan(10);
    }

    [Theory]
    [InlineData("edge", "METRICSTREAM__EDGE__LISTNE", "http://0.0.0.0:8080", "no settable property 'LISTNE'")]
    [InlineData("edge", "METRICSTREAM__EDGE__PARTITIONS", "six", "is not a Int32")]
    [InlineData("edge", "METRICSTREAM__PROCESS__BOOTSTRAP", "kafka:9092", "edge does not read section PROCESS")]
    [InlineData("process", "METRICSTREAM__SINKS__INFLUXDB__DESTINATIONS__raw", "x", "a section, not a value")]
    [InlineData("process", "METRICSTREAM__SINKS__INFLUXDB__TARGETS__first__URL", "http://influxdb:8086", "not a list index")]
    [InlineData("process", "METRICSTREAM__LOGGING__FORMAT", "xml", "must be json or simple")]
    [InlineData("process", "METRICSTREAM__NOSUCH__KEY", "1", "no settings section")]
    public void KeyCheck_WrongKeyOrValue_IsReported(string command, string variable, string value, string expected)
    {
        Problem(command, variable, value).Should().Contain(expected);
    }

    [Fact]
    public void KeyCheck_NestedListAndDictionaryKeys_Bind()
    {
        Problem("process", "METRICSTREAM__SINKS__INFLUXDB__TARGETS__0__URL", "http://influxdb:8086").Should().BeNull();
        Problem("process", "METRICSTREAM__SINKS__INFLUXDB__DESTINATIONS__rollup_1m__RETENTIONDURATION", "365.00:00:00").Should().BeNull();
        Problem("process", "METRICSTREAM__LOGGING__LOGLEVEL__Microsoft", "Warning").Should().BeNull();
    }

    [Fact]
    public void GrafanaDashboard_EveryMetricItCharts_IsDocumented()
    {
        var documented = MetricsDocument.Load(Path.Combine(Root, "docs", "METRICS.md")).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var dashboard = File.ReadAllText(Path.Combine(Root, "deploy", "grafana", "dashboards", "metricstream.json"));

        var charted = MetricName().Matches(dashboard).Select(m => Regex.Replace(m.Value, "_(bucket|sum|count)$", string.Empty)).Distinct().ToList();

        charted.Should().HaveCountGreaterThan(10);
        charted.Where(m => !documented.Contains(m)).Should().BeEmpty("the dashboard charts only metrics the roles serve");
    }

    [Fact]
    public void PrometheusConfig_ScrapesEveryRoleOnThePortItListensOn()
    {
        var services = MetricStreamServices(Path.Combine(Root, "docker-compose.yml"));
        var targets = ScrapeTarget().Matches(File.ReadAllText(Path.Combine(Root, "deploy", "prometheus", "prometheus.yml")))
            .Select(m => (Service: m.Groups["service"].Value, Port: m.Groups["port"].Value)).ToList();

        targets.Select(t => t.Service).Should().BeEquivalentTo(services.Select(s => s.Name), "Prometheus scrapes each of our roles");
        foreach (var (service, port) in targets)
        {
            var listen = services.Single(s => s.Name == service).Keys
                .Single(k => k.Key.EndsWith("__LISTEN", StringComparison.Ordinal) || k.Key.EndsWith("__ADMINLISTEN", StringComparison.Ordinal)).Value;
            new Uri(listen).Port.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(port, $"{service} serves /metrics on {listen}");
        }
    }

    private static string? Problem(string command, string variable, string value)
    {
        var key = variable[Prefix.Length..].Replace("__", ":", StringComparison.Ordinal);
        var sections = SectionsByCommand[command];
        if (!sections.Any(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)))
        {
            return SettingsKeys.Check(key, value) is { } unknown ? unknown : $"{key}: {command} does not read section {key.Split(':')[0]}";
        }

        return SettingsKeys.Check(key, value);
    }

    private static List<(string Name, string Command, Dictionary<string, string> Keys)> MetricStreamServices(string file)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(file))
        {
            yaml.Load(reader);
        }

        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        var result = new List<(string, string, Dictionary<string, string>)>();
        foreach (var (name, node) in services.Children)
        {
            var service = (YamlMappingNode)node;
            var environment = service.Children.TryGetValue("environment", out var env) ? (YamlMappingNode)env : new YamlMappingNode();
            var keys = environment.Children
                .Where(e => ((YamlScalarNode)e.Key).Value!.StartsWith(Prefix, StringComparison.Ordinal))
                .ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? string.Empty, StringComparer.Ordinal);
            if (keys.Count == 0)
            {
                continue;
            }

            var command = service.Children.TryGetValue("command", out var c) && c is YamlSequenceNode sequence
                ? ((YamlScalarNode)sequence.Children[0]).Value!
                : throw new InvalidOperationException($"service {name} sets {Prefix} keys but has no command: [role]");
            result.Add((((YamlScalarNode)name).Value!, command, keys));
        }

        return result;
    }

    [GeneratedRegex("\"(?<service>[a-z-]+):(?<port>[0-9]+)\"")]
    private static partial Regex ScrapeTarget();

    [GeneratedRegex("(edge|metricstream|process|dotnet)_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
