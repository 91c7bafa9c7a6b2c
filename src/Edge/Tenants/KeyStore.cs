using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MetricStream.Edge.Tenants;

/// <summary>
/// API keys, stored hashed in a text file, one key per line: <c>sha256:&lt;64 hex digits&gt; &lt;tenant&gt; &lt;role&gt;</c>
/// (role <c>write</c> or <c>admin</c>); blank lines and lines starting with <c>#</c> are ignored. A key is
/// <c>msk_</c> followed by 32 random bytes in base64url, so the SHA-256 of its text is all the file needs: a
/// leaked file does not reveal keys, and no salt or slow hash is needed for random 256-bit secrets.
/// </summary>
/// <remarks>
/// <para>Lookup hashes the presented key and compares the full 32-byte hash with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>; the table is indexed by the hash's first 8 bytes,
/// which reveals nothing usable about a key because an attacker cannot choose hash prefixes.</para>
/// <para>The file is re-read when its modification time changes, checked at most once per
/// <c>reloadInterval</c> (on lookups), so <c>metricstream keys add</c> takes effect on a running edge
/// without a restart. A file that fails to parse on reload keeps the previous keys (and the error is in
/// <see cref="LastReloadError"/>).</para>
/// <para>Thread-safe: lookups read an immutable snapshot; a reload swaps it.</para>
/// </remarks>
public sealed class KeyStore
{
    /// <summary>The prefix of every generated key.</summary>
    public const string KeyPrefix = "msk_";

    private const string HashPrefix = "sha256:";
    private static readonly System.Buffers.SearchValues<char> TenantChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    private readonly string? _path;
    private readonly TimeProvider _time;
    private readonly TimeSpan _reloadInterval;
    private readonly Lock _reloadLock = new();
    private volatile Snapshot _snapshot;
    private long _lastCheck;

    private KeyStore(string? path, Snapshot snapshot, TimeProvider time, TimeSpan reloadInterval)
    {
        _path = path;
        _snapshot = snapshot;
        _time = time;
        _reloadInterval = reloadInterval;
        _lastCheck = time.GetTimestamp();
    }

    /// <summary>Number of keys loaded.</summary>
    public int Count => _snapshot.Count;

    /// <summary>Why the last reload failed, or null when it succeeded.</summary>
    public string? LastReloadError { get; private set; }

    /// <summary>Loads the key file at <paramref name="path"/>; a missing file is an empty store (until it appears).</summary>
    /// <param name="path">The key file.</param>
    /// <param name="time">Clock for the reload check; the system clock when null.</param>
    /// <param name="reloadInterval">How often a lookup may check the file for changes. Default 1 s.</param>
    /// <returns>The store.</returns>
    /// <exception cref="FormatException">The file has a malformed line (the message names it).</exception>
    public static KeyStore Load(string path, TimeProvider? time = null, TimeSpan? reloadInterval = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new KeyStore(path, Snapshot.Read(path), time ?? TimeProvider.System, reloadInterval ?? TimeSpan.FromSeconds(1));
    }

    /// <summary>A store holding exactly <paramref name="keys"/> (plain keys), with no file behind it.</summary>
    /// <param name="keys">Key text and identity.</param>
    /// <returns>The store.</returns>
    public static KeyStore FromKeys(IEnumerable<(string Key, ApiKeyIdentity Identity)> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var entries = keys.Select(k => (HashBytes(k.Key), k.Identity));
        return new KeyStore(null, Snapshot.Build(entries), TimeProvider.System, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Makes a new random key: <c>msk_</c> + 32 random bytes, base64url without padding.</summary>
    /// <returns>The key text (43 characters after the prefix).</returns>
    public static string GenerateKey() =>
        KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form of <paramref name="key"/>: <c>sha256:</c> + lower-case hex of SHA-256 of its UTF-8 text.</summary>
    /// <param name="key">The key text.</param>
    /// <returns>The hash as written in the file.</returns>
    public static string Hash(string key) => HashPrefix + Convert.ToHexStringLower(HashBytes(key));

    /// <summary>True when <paramref name="tenant"/> is a valid tenant name: 1 to 64 of <c>A-Z a-z 0-9 _ . -</c>.</summary>
    /// <param name="tenant">The name.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidTenant(string? tenant) =>
        tenant is { Length: >= 1 and <= 64 } && tenant.AsSpan().IndexOfAnyExcept(TenantChars) < 0;

    /// <summary>
    /// Generates a key for <paramref name="tenant"/>, appends its hash to the file at <paramref name="path"/>
    /// (created, mode 0600, when missing) by writing a new file and renaming it over the old one, and returns
    /// the key. The key itself is stored nowhere: show it to the user once.
    /// </summary>
    /// <param name="path">The key file.</param>
    /// <param name="tenant">The tenant the key writes as.</param>
    /// <param name="role">What the key may do.</param>
    /// <param name="cancellationToken">Cancels the file write.</param>
    /// <returns>The new key.</returns>
    /// <exception cref="ArgumentException">The tenant name is invalid.</exception>
    public static async Task<string> AddAsync(string path, string tenant, KeyRole role = KeyRole.Write, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!IsValidTenant(tenant))
        {
            throw new ArgumentException($"Invalid tenant '{tenant}': use 1 to 64 characters of A-Z a-z 0-9 _ . -", nameof(tenant));
        }

        var key = GenerateKey();
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : "# metricstream API keys: sha256:<hash of key> <tenant> <write|admin>\n";
        if (existing.Length > 0 && !existing.EndsWith('\n'))
        {
            existing += "\n";
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{Hash(key)} {tenant} {(role == KeyRole.Admin ? "admin" : "write")}\n");
        var temp = path + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(temp, existing + line, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
        return key;
    }

    /// <summary>Looks up <paramref name="key"/>; false when it is not a known key.</summary>
    /// <param name="key">The presented key text.</param>
    /// <param name="identity">The key's tenant and role.</param>
    /// <returns>Whether the key is valid.</returns>
    public bool TryAuthenticate(ReadOnlySpan<char> key, out ApiKeyIdentity? identity)
    {
        MaybeReload();
        identity = null;
        if (key.IsEmpty || key.Length > 512)
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[512 * 3];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(utf8[..length], hash);
        return _snapshot.TryFind(hash, out identity);
    }

    private static byte[] HashBytes(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private void MaybeReload()
    {
        if (_path is null || _time.GetElapsedTime(Interlocked.Read(ref _lastCheck)) < _reloadInterval || !_reloadLock.TryEnter())
        {
            return;
        }

        try
        {
            Interlocked.Exchange(ref _lastCheck, _time.GetTimestamp());
            var stamp = Snapshot.Stamp(_path);
            if (stamp == _snapshot.FileStamp)
            {
                return;
            }

            _snapshot = Snapshot.Read(_path);
            LastReloadError = null;
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            LastReloadError = ex.Message;
        }
        finally
        {
            _reloadLock.Exit();
        }
    }

    /// <summary>An immutable view of the file: hash prefix -> entries.</summary>
    private sealed class Snapshot
    {
        private readonly Dictionary<ulong, (byte[] Hash, ApiKeyIdentity Identity)[]> _byPrefix;

        private Snapshot(Dictionary<ulong, (byte[] Hash, ApiKeyIdentity Identity)[]> byPrefix, int count, (DateTime, long) stamp)
        {
            _byPrefix = byPrefix;
            Count = count;
            FileStamp = stamp;
        }

        public int Count { get; }

        public (DateTime Modified, long Length) FileStamp { get; }

        public static (DateTime, long) Stamp(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
        }

        public static Snapshot Read(string path)
        {
            var stamp = Stamp(path);
            if (stamp.Item2 < 0)
            {
                return Build([], stamp);
            }

            var entries = new List<(byte[], ApiKeyIdentity)>();
            var number = 0;
            foreach (var raw in File.ReadAllLines(path))
            {
                number++;
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 3 || !parts[0].StartsWith(HashPrefix, StringComparison.Ordinal) || parts[0].Length != HashPrefix.Length + 64
                    || !IsValidTenant(parts[1]) || parts[2] is not ("write" or "admin"))
                {
                    throw new FormatException($"{path} line {number}: expected 'sha256:<64 hex digits> <tenant> <write|admin>'");
                }

                byte[] hash;
                try
                {
                    hash = Convert.FromHexString(parts[0].AsSpan(HashPrefix.Length));
                }
                catch (FormatException)
                {
                    throw new FormatException($"{path} line {number}: the hash is not hexadecimal");
                }

                entries.Add((hash, new ApiKeyIdentity(parts[1], parts[2] == "admin" ? KeyRole.Admin : KeyRole.Write)));
            }

            return Build(entries, stamp);
        }

        public static Snapshot Build(IEnumerable<(byte[] Hash, ApiKeyIdentity Identity)> entries, (DateTime, long) stamp = default)
        {
            var byPrefix = new Dictionary<ulong, (byte[] Hash, ApiKeyIdentity Identity)[]>();
            var count = 0;
            foreach (var entry in entries)
            {
                var prefix = BinaryPrimitives.ReadUInt64LittleEndian(entry.Hash);
                byPrefix[prefix] = byPrefix.TryGetValue(prefix, out var list) ? [.. list, entry] : [entry];
                count++;
            }

            return new Snapshot(byPrefix, count, stamp);
        }

        public bool TryFind(ReadOnlySpan<byte> hash, out ApiKeyIdentity? identity)
        {
            identity = null;
            if (!_byPrefix.TryGetValue(BinaryPrimitives.ReadUInt64LittleEndian(hash), out var candidates))
            {
                return false;
            }

            foreach (var (stored, who) in candidates)
            {
                if (CryptographicOperations.FixedTimeEquals(stored, hash))
                {
                    identity = who;
                    return true;
                }
            }

            return false;
        }
    }
}
