using System.Globalization;
using MetricStream.Testing;
using Microsoft.Playwright;

namespace MetricStream.BrowserTests.Support;

/// <summary>
/// One <c>metricstream up --demo</c> (the real executable, its own port base and data dir) and one headless
/// Debian Chromium driven by Playwright, shared by the browser tests; stopped with SIGTERM at the end.
/// </summary>
public sealed class UpFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium; Playwright downloads no browser.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private readonly string _dir = Directory.CreateTempSubdirectory("browser-up-").FullName;
    private ChildProcess? _process;
    private IPlaywright? _playwright;

    public Uri Page { get; private set; } = null!;

    public Uri Edge { get; private set; } = null!;

    public string AdminKey { get; private set; } = string.Empty;

    public string ApiKeysFile => Path.Combine(_dir, "api-keys");

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var portBase = FreePortBlock.Next();
        _process = ChildProcess.Start(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "metricstream.dll"), "up", "--demo", "--demo-hosts", "3", "--data-dir", _dir, "--port-base", portBase.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["METRICSTREAM__PROCESS__TOPOLOGIES"] = Path.Combine(RepositoryRoot(), "topologies") });
        await Poll.UntilAsync(() => Line("ready") is not null || _process.HasExited, "metricstream up to print 'ready:'", StartTimeout);
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"metricstream up exited ({_process.ExitCode}): {string.Join('\n', _process.Errors.TakeLast(40))}");
        }

        Page = new Uri(Line("page")! + "/");
        Edge = new Uri(Line("edge")! + "/");
        AdminKey = (await File.ReadAllTextAsync(Line("admin-key")!)).Trim();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Signal(15);
            await _process.WaitForExitAsync(TimeSpan.FromSeconds(90));
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // influxd may still be writing its last files; the temp dir is the OS's to clean then.
        }
    }

    /// <summary>A fresh browser context (its own sessionStorage: no admin key) with a page whose console errors are recorded.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return (page, errors);
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

    private string? Line(string name) =>
        _process!.Output.FirstOrDefault(l => l.StartsWith(name + ": ", StringComparison.Ordinal))?[(name.Length + 2)..];
}

[CollectionDefinition(Name)]
public sealed class UpCollection : ICollectionFixture<UpFixture>
{
    public const string Name = "metricstream up --demo in Chromium";
}
