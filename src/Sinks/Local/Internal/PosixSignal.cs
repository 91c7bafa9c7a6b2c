using System.Runtime.InteropServices;

namespace MetricStream.Sinks.Local.Internal;

/// <summary>Sends POSIX signals to a child process (.NET's Process only knows SIGKILL).</summary>
internal static partial class PosixSignals
{
    /// <summary>SIGTERM: asks influxd to shut down cleanly.</summary>
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; false if it failed (e.g. the process is gone).</summary>
    public static bool Send(int processId, int signal) => Kill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Kill(int pid, int sig);
}
