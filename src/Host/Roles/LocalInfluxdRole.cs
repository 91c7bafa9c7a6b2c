using System.Diagnostics;
using System.Globalization;
using MetricStream.Sinks.Local;
using Microsoft.Extensions.Logging;

namespace MetricStream.Host.Roles;

/// <summary>
/// The local influxd of <c>metricstream up</c>, under the data directory's <c>influxdb/</c> on the port base + 6.
/// influxd runs in its own session (through <c>setsid</c>, when present): a Ctrl+C in the terminal signals the
/// whole foreground process group, and influxd must not stop before <c>up</c> has flushed its sink into it;
/// <c>up</c> stops it last.
/// </summary>
internal static class LocalInfluxdRole
{
    private const string Setsid = "/usr/bin/setsid";

    /// <summary>Starts influxd and waits until it answers.</summary>
    /// <param name="data">The data directory.</param>
    /// <param name="settings">Port base and executable.</param>
    /// <param name="logger">Logs a left-over server being stopped.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    public static async Task<LocalInfluxd> StartAsync(UpDataDirectory data, UpSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        var executable = settings.Influxd;
        Directory.CreateDirectory(data.Influxdb);
        var pidFile = Path.Combine(data.Influxdb, "influxd.pid");
        StopLeftOver(pidFile, logger);
        if (File.Exists(Setsid) && !OperatingSystem.IsWindows())
        {
            // exec keeps one process id, so the pid written is influxd's and LocalInfluxd's SIGTERM and kill reach it.
            executable = Path.Combine(data.Influxdb, "influxd-session.sh");
            var script = "#!/bin/sh\n# Written by metricstream up: influxd in its own session, so a terminal's Ctrl+C reaches only up.\n"
                + $"echo $$ > {Quote(pidFile)}\nexec {Setsid} {Quote(settings.Influxd)} \"$@\"\n";
            await File.WriteAllTextAsync(executable, script, cancellationToken);
            File.SetUnixFileMode(executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return await LocalInfluxd.StartAsync(
            new LocalInfluxdOptions { DataDirectory = data.Influxdb, Port = settings.InfluxdbPort, Executable = executable },
            cancellationToken);
    }

    /// <summary>
    /// An influxd left running on this data directory by an <c>up</c> that crashed (it is in its own session, so
    /// it outlives its parent) holds the port and the data files: kill it before starting a new one.
    /// </summary>
    private static void StopLeftOver(string pidFile, ILogger logger)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        var commandLine = Path.Combine("/proc", pid.ToString(CultureInfo.InvariantCulture), "cmdline");
        var configFile = Path.Combine(Path.GetDirectoryName(pidFile)!, "influxd.conf");
        if (File.Exists(commandLine) && File.ReadAllText(commandLine).Contains(configFile, StringComparison.Ordinal))
        {
            logger.LogWarning("Killing influxd {Pid} left running on {Directory} by an earlier run", pid, Path.GetDirectoryName(pidFile));
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }

        File.Delete(pidFile);
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
