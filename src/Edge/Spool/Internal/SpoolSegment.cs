using Microsoft.Win32.SafeHandles;

namespace MetricStream.Edge.Spool.Internal;

/// <summary>One segment file, <c>{number:D20}.spool</c>. <see cref="Length"/> is guarded by the owning log's lock.</summary>
internal sealed class SpoolSegment(long number, string path, SafeFileHandle handle, long length) : IDisposable
{
    public const string Extension = ".spool";

    public long Number { get; } = number;

    public string Path { get; } = path;

    public SafeFileHandle Handle { get; } = handle;

    public long Length { get; set; } = length;

    public static string FileName(long number) => number.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + Extension;

    public static SpoolSegment Open(string directory, long number, FileMode mode)
    {
        var path = System.IO.Path.Combine(directory, FileName(number));
        var handle = File.OpenHandle(path, mode, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        return new SpoolSegment(number, path, handle, RandomAccess.GetLength(handle));
    }

    public void Delete()
    {
        Handle.Dispose();
        File.Delete(Path);
    }

    public void Dispose() => Handle.Dispose();
}
