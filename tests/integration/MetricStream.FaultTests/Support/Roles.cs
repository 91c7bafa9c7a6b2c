using MetricStream.Testing;

namespace MetricStream.FaultTests.Support;

/// <summary>Starting the real <c>metricstream</c> executable (built beside the test assembly) and reading what it prints.</summary>
internal static class Roles
{
    /// <summary>Starts <c>metricstream</c> with <paramref name="arguments"/>.</summary>
    public static ChildProcess Start(params string[] arguments) => ChildProcess.StartMetricStream(arguments);

    /// <summary>Waits for a stdout line <c>name: value</c> (up to 60 s) and returns the value.</summary>
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
                $"the '{name}:' line",
                TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; stderr so far: {string.Join('\n', process.Errors.TakeLast(30))}", ex);
        }

        return value ?? throw new InvalidOperationException($"metricstream exited ({process.ExitCode}) before printing '{name}:': {string.Join('\n', process.Errors)}");
    }

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

    /// <summary>Stops a role with SIGTERM and waits for it, or kills it after 60 s.</summary>
    public static async Task StopAsync(ChildProcess process)
    {
        if (process.HasExited)
        {
            return;
        }

        process.Signal(15);
        try
        {
            await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Signal(9);
        }
    }
}
