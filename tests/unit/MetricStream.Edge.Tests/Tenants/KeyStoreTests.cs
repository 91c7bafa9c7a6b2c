using MetricStream.Edge.Tenants;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Edge.Tests.Tenants;

public sealed class KeyStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keys-").FullName;

    private string KeyFile => Path.Combine(_dir, "keys");

    [Fact]
    public async Task AddAsync_NewKey_IsStoredOnlyAsHashAndAuthenticatesItsTenant()
    {
        var key = await KeyStore.AddAsync(KeyFile, "acme");

        var text = await File.ReadAllTextAsync(KeyFile);
        text.Should().NotContain(key).And.Contain(KeyStore.Hash(key) + " acme write");
        KeyStore.Load(KeyFile).TryAuthenticate(key, out var who).Should().BeTrue();
        who.Should().Be(new ApiKeyIdentity("acme", KeyRole.Write));
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(KeyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task TryAuthenticate_WrongOrAlteredKey_Fails()
    {
        var key = await KeyStore.AddAsync(KeyFile, "acme");
        var store = KeyStore.Load(KeyFile);

        store.TryAuthenticate(key[..^1] + (key[^1] == 'A' ? 'B' : 'A'), out _).Should().BeFalse();
        store.TryAuthenticate(KeyStore.Hash(key), out _).Should().BeFalse("the stored hash is not a key");
        store.TryAuthenticate(string.Empty, out _).Should().BeFalse();
        store.TryAuthenticate(new string('x', 10_000), out _).Should().BeFalse();
    }

    [Fact]
    public async Task AddAsync_SeveralKeys_EachMapsToItsOwnTenantAndRole()
    {
        var a = await KeyStore.AddAsync(KeyFile, "a");
        var b = await KeyStore.AddAsync(KeyFile, "b.team-2", KeyRole.Admin);
        var store = KeyStore.Load(KeyFile);

        store.Count.Should().Be(2);
        store.TryAuthenticate(a, out var first).Should().BeTrue();
        store.TryAuthenticate(b, out var second).Should().BeTrue();
        first!.Tenant.Should().Be("a");
        second.Should().Be(new ApiKeyIdentity("b.team-2", KeyRole.Admin));
    }

    [Fact]
    public async Task TryAuthenticate_KeyAddedWhileRunning_IsSeenAfterTheReloadInterval()
    {
        var time = new FakeTimeProvider();
        await KeyStore.AddAsync(KeyFile, "a");
        var store = KeyStore.Load(KeyFile, time, TimeSpan.FromSeconds(1));

        var added = await KeyStore.AddAsync(KeyFile, "late");
        store.TryAuthenticate(added, out _).Should().BeFalse("the file is checked at most once per interval");
        time.Advance(TimeSpan.FromSeconds(1));

        store.TryAuthenticate(added, out var who).Should().BeTrue();
        who!.Tenant.Should().Be("late");
    }

    [Fact]
    public async Task Reload_BrokenFile_KeepsPreviousKeysAndReportsError()
    {
        var time = new FakeTimeProvider();
        var key = await KeyStore.AddAsync(KeyFile, "a");
        var store = KeyStore.Load(KeyFile, time);
        await File.AppendAllTextAsync(KeyFile, "garbage line\n");
        time.Advance(TimeSpan.FromSeconds(2));

        store.TryAuthenticate(key, out _).Should().BeTrue();
        store.LastReloadError.Should().Contain("line 3");
    }

    [Theory]
    [InlineData("sha256:abc acme write")]
    [InlineData("sha256:" + "zz00000000000000000000000000000000000000000000000000000000000000 acme write")]
    [InlineData("sha256:" + "0000000000000000000000000000000000000000000000000000000000000000 acme owner")]
    [InlineData("sha256:" + "0000000000000000000000000000000000000000000000000000000000000000 ac/me write")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000 acme write")]
    public async Task Load_MalformedLine_ThrowsNamingTheLine(string line)
    {
        await File.WriteAllTextAsync(KeyFile, "# comment\n\n" + line + "\n");

        var load = () => KeyStore.Load(KeyFile);

        load.Should().Throw<FormatException>().WithMessage("*line 3*");
    }

    [Fact]
    public void Load_MissingFile_IsEmpty()
    {
        KeyStore.Load(KeyFile).Count.Should().Be(0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/")]
    [InlineData("x\n")]
    public async Task AddAsync_InvalidTenant_Throws(string tenant)
    {
        var add = () => KeyStore.AddAsync(KeyFile, tenant);

        await add.Should().ThrowAsync<ArgumentException>();
        File.Exists(KeyFile).Should().BeFalse();
    }

    [Fact]
    public void GenerateKey_IsPrefixedRandom256Bits()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => KeyStore.GenerateKey()).ToList();

        keys.Should().OnlyHaveUniqueItems();
        keys.Should().OnlyContain(k => k.StartsWith("msk_") && k.Length == 4 + 43);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
