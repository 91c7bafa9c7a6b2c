using MetricStream.Processing.TestDriver;
using MetricStream.Processing.Tests.Support;

namespace MetricStream.Processing.Tests.TestDriver;

public class TopologyCliTests
{
    [Fact]
    public void Validate_Rollups_PrintsOkAndReturns0()
    {
        var (code, output, error) = Run((o, e) => TopologyCli.Validate(Repo.RollupsYaml, o, e));

        code.Should().Be(0);
        output.Should().StartWith($"OK {Repo.RollupsYaml}: topology 'rollups', 8 processors");
        error.Should().BeEmpty();
    }

    [Fact]
    public void Validate_InvalidFile_PrintsIssuesWithLinesAndReturns1()
    {
        var path = Path.Combine(Path.GetTempPath(), $"topology-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, File.ReadAllText(Repo.RollupsYaml).Replace("size: 1h", "size: 61s", StringComparison.Ordinal));

        var (code, _, error) = Run((o, e) => TopologyCli.Validate(path, o, e));

        code.Should().Be(1);
        error.Should().Contain($"{path}:").And.Contain("not a multiple of the source window size 1m").And.Contain("Fix: use a multiple of 1m");
    }

    [Fact]
    public void Validate_MissingFile_Returns2()
    {
        var (code, _, error) = Run((o, e) => TopologyCli.Validate("/nonexistent/x.yaml", o, e));

        code.Should().Be(2);
        error.Should().StartWith("error: cannot read");
    }

    [Fact]
    public void Describe_Mermaid_PrintsFlowchart()
    {
        var (code, output, _) = Run((o, e) => TopologyCli.Describe(Repo.RollupsYaml, mermaid: true, o, e));

        code.Should().Be(0);
        output.Should().StartWith("flowchart LR");
    }

    [Fact]
    public void Test_RollupFixtures_AllPassReturns0()
    {
        var (code, output, _) = Run((o, e) => TopologyCli.Test(Repo.RollupsYaml, Repo.RollupFixtures, o, e));

        code.Should().Be(0, output);
        output.Should().Contain("PASS ").And.Contain("4 passed, 0 failed");
    }

    private static (int Code, string Output, string Error) Run(Func<TextWriter, TextWriter, int> action)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = action(output, error);
        return (code, output.ToString(), error.ToString());
    }
}
