using MetricStream.Edge.Tenants;

namespace MetricStream.Host.Admin.Tenants;

/// <summary>
/// The tenants named in an API key file (<c>sha256:&lt;hash&gt; &lt;tenant&gt; &lt;role&gt;</c> per line, see
/// <see cref="KeyStore"/>), for <see cref="TenantsModule"/>'s list. Read at each call, so keys added while the
/// process runs show up; a missing or unreadable file gives no tenants.
/// </summary>
internal static class KeyFileTenants
{
    /// <summary>The valid tenant names of <paramref name="path"/>, each once.</summary>
    /// <param name="path">The key file, or null.</param>
    /// <returns>The tenants.</returns>
    public static IReadOnlyCollection<string> Read(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return [];
        }

        try
        {
            return File.ReadLines(path)
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && line[0] != '#')
                .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                .Where(parts => parts.Length == 3 && KeyStore.IsValidTenant(parts[1]))
                .Select(parts => parts[1])
                .ToHashSet(StringComparer.Ordinal);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
