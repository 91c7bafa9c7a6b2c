using MetricStream.Testing;

namespace MetricStream.IntegrationTests.Host;

/// <summary>Starting the real <c>metricstream</c> executable in its own process.</summary>
internal static class MetricStreamProcess
{
    public static ChildProcess Start(IDictionary<string, string>? environment, params string[] arguments) =>
        ChildProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "metricstream.dll"), .. arguments], environment);

    /// <summary>The repository root: the first parent of the test assembly holding the solution file.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MetricStream.Dataflow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No MetricStream.Dataflow.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Waits for a stdout line <c>name: value</c> and returns the value.</summary>
    public static async Task<string> WaitForLineAsync(ChildProcess process, string name)
    {
        string? value = null;
        try
        {
            await Poll.UntilAsync(
                () =>
                {
                    value = process.Output.FirstOrDefault(l => l.StartsWith(name + ": ", StringComparison.Ordinal))?[(name.Length + 2)..];
                    return value is not null || process.HasExited;
                },
                $"the '{name}:' line");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; stderr so far: {string.Join('\n', process.Errors.TakeLast(30))}", ex);
        }

        return value ?? throw new InvalidOperationException($"metricstream exited ({process.ExitCode}) before printing '{name}:': {string.Join('\n', process.Errors)}");
    }
}
