using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace MetricStream.Testing;

/// <summary>
/// A program a test starts as a separate process (our executable, kcat, python), with its output captured
/// line by line and the process killed on dispose if it is still running.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stdout.Enqueue(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Lines written to standard output so far.</summary>
    public IReadOnlyCollection<string> Output => _stdout.ToArray();

    /// <summary>Lines written to standard error so far.</summary>
    public IReadOnlyCollection<string> Errors => _stderr.ToArray();

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only valid after exit.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        return new ChildProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
    }

    /// <summary>Starts our <c>metricstream</c> executable (built beside the test assembly) with <paramref name="arguments"/>.</summary>
    public static ChildProcess StartMetricStream(params string[] arguments) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "metricstream.dll"), .. arguments]);

    /// <summary>Runs a program to completion and returns its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        using var child = Start(fileName, arguments);
        await child.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60));
        return (child.ExitCode, string.Join('\n', child.Output), string.Join('\n', child.Errors));
    }

    /// <summary>Waits for the process to exit (and its output to drain), or throws after <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_process.StartInfo.FileName} did not exit within {timeout.TotalSeconds:0} s; stderr: {string.Join('\n', Errors)}");
        }
    }

    /// <summary>Sends a POSIX signal (SIGTERM = 15, SIGKILL = 9, SIGINT = 2).</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
