using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetricStream.Avro.Tests.Interop;

/// <summary>
/// Runs Interop/python/avro_interop.py with Debian's /usr/bin/python3 (which has python3-avro; the
/// python3 on PATH may be another build without it) in a per-instance temp directory.
/// </summary>
public sealed class PythonAvro : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private static readonly Lazy<string?> Missing = new(CheckInstalled);

    public PythonAvro()
    {
        if (Missing.Value is { } why)
        {
            throw new InvalidOperationException($"python avro is not usable ({why}); install it with: apt-get install python3-avro");
        }

        Directory = Path.Combine(Path.GetTempPath(), "ms-avro-interop-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public string WriteText(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    public JsonNode ReadJson(string name) => JsonNode.Parse(File.ReadAllText(PathOf(name)))!;

    public void Run(params string[] args)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Interop", "python", "avro_interop.py");
        var (exit, stdout, stderr) = Execute([script, .. args]);
        if (exit != 0)
        {
            throw new InvalidOperationException($"python {string.Join(' ', args)} failed with exit code {exit}:\n{stderr}\n{stdout}");
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string? CheckInstalled()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} not found";
        }

        var (exit, _, stderr) = Execute(["-c", "import avro.io, avro.datafile, avro.schema"]);
        return exit == 0 ? null : stderr.Trim();
    }

    private static (int Exit, string Stdout, string Stderr) Execute(string[] args)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"python {string.Join(' ', args)} did not finish within 2 minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Serialize(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
