using MetricStream.Edge.Tenants;

namespace MetricStream.Host.Roles;

/// <summary>
/// The layout of <c>metricstream up</c>'s data directory: <c>influxdb/</c> (influxd's meta, data and wal),
/// <c>api-keys</c> (hashed keys, as <c>metricstream keys add</c> writes them), <c>demo.key</c> (the demo tenant's
/// key in clear, mode 0600, so later starts and the user can reuse it), <c>policies.json</c> (tenants' admission
/// policies) and <c>spool/</c> (the edge's durable spool).
/// </summary>
internal sealed class UpDataDirectory
{
    /// <summary>The tenant the demo key writes as.</summary>
    public const string DemoTenant = "demo";

    /// <summary>The tenant the admin key belongs to.</summary>
    public const string AdminTenant = "ops";

    private UpDataDirectory(string root) => Root = root;

    /// <summary>The directory (absolute).</summary>
    public string Root { get; }

    /// <summary>influxd's directory.</summary>
    public string Influxdb => Path.Combine(Root, "influxdb");

    /// <summary>The API key file.</summary>
    public string ApiKeys => Path.Combine(Root, "api-keys");

    /// <summary>The file holding the demo tenant's key in clear.</summary>
    public string DemoKey => Path.Combine(Root, "demo.key");

    /// <summary>The file holding the admin key (tenant <see cref="AdminTenant"/>) in clear, for the page and the admin API.</summary>
    public string AdminKey => Path.Combine(Root, "admin.key");

    /// <summary>The edge's policies file.</summary>
    public string Policies => Path.Combine(Root, "policies.json");

    /// <summary>The edge's spool directory.</summary>
    public string Spool => Path.Combine(Root, "spool");

    /// <summary>Creates the directory (and missing parents) and returns its layout.</summary>
    /// <param name="path">The directory, relative to the working directory or absolute.</param>
    /// <returns>The layout.</returns>
    public static UpDataDirectory Create(string path)
    {
        var root = Directory.CreateDirectory(Path.GetFullPath(path)).FullName;
        return new UpDataDirectory(root);
    }

    /// <summary>
    /// Returns the demo tenant's key: the one in <see cref="DemoKey"/> when the key file still knows it,
    /// otherwise a new one added to <see cref="ApiKeys"/> and written to <see cref="DemoKey"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the file writes.</param>
    /// <returns>The key and whether it was created now.</returns>
    /// <exception cref="FormatException">The key file is malformed.</exception>
    public Task<(string Key, bool Created)> EnsureDemoKeyAsync(CancellationToken cancellationToken) =>
        EnsureKeyAsync(DemoKey, DemoTenant, KeyRole.Write, cancellationToken);

    /// <summary>
    /// Returns the admin key: the one in <see cref="AdminKey"/> when the key file still knows it as an admin key,
    /// otherwise a new one added to <see cref="ApiKeys"/> and written to <see cref="AdminKey"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the file writes.</param>
    /// <returns>The key and whether it was created now.</returns>
    /// <exception cref="FormatException">The key file is malformed.</exception>
    public Task<(string Key, bool Created)> EnsureAdminKeyAsync(CancellationToken cancellationToken) =>
        EnsureKeyAsync(AdminKey, AdminTenant, KeyRole.Admin, cancellationToken);

    private async Task<(string Key, bool Created)> EnsureKeyAsync(string file, string tenant, KeyRole role, CancellationToken cancellationToken)
    {
        if (File.Exists(file))
        {
            var existing = (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
            if (KeyStore.Load(ApiKeys).TryAuthenticate(existing, out var identity) && identity!.Tenant == tenant && identity.Role == role)
            {
                return (existing, false);
            }
        }

        var key = await KeyStore.AddAsync(ApiKeys, tenant, role, cancellationToken);
        var temp = file + ".tmp";
        await File.WriteAllTextAsync(temp, key + "\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, file, overwrite: true);
        return (key, true);
    }
}
