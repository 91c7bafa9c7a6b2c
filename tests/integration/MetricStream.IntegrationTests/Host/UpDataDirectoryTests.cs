using MetricStream.Edge.Tenants;
using MetricStream.Host.Roles;

namespace MetricStream.IntegrationTests.Host;

/// <summary>Unit tests (files only) of <c>up</c>'s data directory and its demo key.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UpDataDirectoryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "up-data-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task EnsureDemoKey_FirstThenSecondStart_CreatesOnceAndKeepsTheKey()
    {
        var data = UpDataDirectory.Create(Path.Combine(_dir, "nested"));

        var (first, created) = await data.EnsureDemoKeyAsync(CancellationToken.None);
        var (second, createdAgain) = await UpDataDirectory.Create(data.Root).EnsureDemoKeyAsync(CancellationToken.None);

        created.Should().BeTrue();
        createdAgain.Should().BeFalse("a restart reuses the key in demo.key");
        second.Should().Be(first);
        (await File.ReadAllTextAsync(data.DemoKey)).Trim().Should().Be(first);
        File.GetUnixFileMode(data.DemoKey).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "the key is a secret");
        KeyStore.Load(data.ApiKeys).TryAuthenticate(first, out var identity).Should().BeTrue();
        identity.Should().Be(new ApiKeyIdentity("demo", KeyRole.Write));
    }

    [Fact]
    public async Task EnsureDemoKey_KeyFileLostTheKey_AddsANewOne()
    {
        var data = UpDataDirectory.Create(_dir);
        var (first, _) = await data.EnsureDemoKeyAsync(CancellationToken.None);
        File.Delete(data.ApiKeys);

        var (second, created) = await data.EnsureDemoKeyAsync(CancellationToken.None);

        created.Should().BeTrue("a key the edge would refuse is useless");
        second.Should().NotBe(first);
        KeyStore.Load(data.ApiKeys).TryAuthenticate(second, out _).Should().BeTrue();
        (await File.ReadAllTextAsync(data.DemoKey)).Trim().Should().Be(second);
    }

    [Fact]
    public void UpSettings_PortBase_GivesTheDocumentedPorts()
    {
        var settings = new UpSettings { PortBase = 9000 };

        (settings.EdgePort, settings.RegistryPort, settings.PagePort, settings.InfluxdbPort).Should().Be((9000, 9001, 9002, 9006));
        settings.Validate().Should().BeNull();
        new UpSettings { PortBase = 65530 }.Validate().Should().Contain("--port-base");
        new UpSettings { DemoHosts = 0 }.Validate().Should().Contain("--demo-hosts");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
