using System.Text.Json;
using MetricStream.Edge.Admission;
using Microsoft.Extensions.Time.Testing;

namespace MetricStream.Edge.Tests.Admission;

public sealed class TenantPolicyStoreTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("policies-").FullName;

    [Fact]
    public void Get_TenantWithoutOwnPolicies_RunsItsOwnInstanceOfTheDefaults()
    {
        var store = new TenantPolicyStore(AdmissionPolicyRegistry.CreateDefault(), Json("""{"token-bucket":{"pointsPerSecond":1,"burst":10}}"""), _time);

        store.Get("a").Admit(Request("a", 10)).Admitted.Should().BeTrue();
        store.Get("a").Admit(Request("a", 10)).Admitted.Should().BeFalse();
        store.Get("b").Admit(Request("b", 10)).Admitted.Should().BeTrue("each tenant has its own bucket");
        store.Get("a").IsDefault.Should().BeTrue();
    }

    [Fact]
    public void Set_NewPolicies_TakeEffectAtOnce()
    {
        var store = new TenantPolicyStore(AdmissionPolicyRegistry.CreateDefault(), time: _time);
        store.Get("a").Admit(Request("a", 1_000_000)).Admitted.Should().BeTrue("no default limits");

        store.Set("a", Json("""{"token-bucket":{"pointsPerSecond":5,"burst":5},"max-body":{"bytes":1000}}"""));

        var policies = store.Get("a");
        policies.BodyLimit.Should().Be(1000);
        policies.Admit(Request("a", 5)).Admitted.Should().BeTrue();
        policies.Admit(Request("a", 5)).Admitted.Should().BeFalse();
        policies.Settings.Select(s => s.Name).Should().Equal("max-body", "token-bucket");
    }

    [Fact]
    public void Set_InvalidConfiguration_ListsEveryProblemAndChangesNothing()
    {
        var store = new TenantPolicyStore(AdmissionPolicyRegistry.CreateDefault(), Json("""{"max-body":{"bytes":10}}"""), _time);

        var set = () => store.Set("a", Json("""{"token-bucket":{"pointsPerSecond":-1,"burst":1},"nope":{},"new-series":{"perMinute":1,"typo":2},"max-body":"x"}"""));

        set.Should().Throw<PolicyValidationException>().Which.Problems.Should().HaveCount(4)
            .And.Contain(p => p.StartsWith("token-bucket: pointsPerSecond"))
            .And.Contain(p => p.StartsWith("unknown policy 'nope'"))
            .And.Contain(p => p.StartsWith("new-series:") && p.Contains("typo"))
            .And.Contain(p => p.StartsWith("max-body:"));
        store.Get("a").BodyLimit.Should().Be(10);
    }

    [Fact]
    public void Reset_Tenant_ReturnsToDefaults()
    {
        var store = new TenantPolicyStore(AdmissionPolicyRegistry.CreateDefault(), Json("""{"max-body":{"bytes":10}}"""), _time);
        store.Set("a", Json("""{"max-body":{"bytes":99}}"""));

        store.Reset("a");

        store.Get("a").BodyLimit.Should().Be(10);
        store.Get("a").IsDefault.Should().BeTrue();
    }

    [Fact]
    public void Set_WithFile_PersistsAcrossInstances()
    {
        var file = Path.Combine(_dir, "policies.json");
        var first = new TenantPolicyStore(AdmissionPolicyRegistry.CreateDefault(), time: _time, file: file);
        first.Set("acme", Json("""{"new-series":{"perMinute":7}}"""));

        var second = new TenantPolicyStore(AdmissionPolicyRegistry.CreateDefault(), time: _time, file: file);

        var settings = second.Get("acme").Settings.Should().ContainSingle().Subject;
        settings.Name.Should().Be("new-series");
        settings.Settings.Should().Be(new NewSeriesSettings { PerMinute = 7 });
    }

    [Fact]
    public void ToJson_Settings_RoundTripThroughParse()
    {
        var registry = AdmissionPolicyRegistry.CreateDefault();
        var parsed = registry.Parse(Json("""{"token-bucket":{"pointsPerSecond":2.5,"burst":10},"new-series":{"perMinute":3,"generation":"00:30:00"}}"""));

        var again = registry.Parse(AdmissionPolicyRegistry.ToJson(parsed));

        again.Should().Equal(parsed);
    }

    [Fact]
    public void Register_CustomPolicy_IsUsable()
    {
        var registry = AdmissionPolicyRegistry.CreateDefault();
        registry.Register<DenyAllSettings>("deny-all", (s, _) => new DenyAll(s));
        var store = new TenantPolicyStore(registry, time: _time);

        store.Set("a", Json("""{"deny-all":{"reason":"maintenance"}}"""));

        store.Get("a").Admit(Request("a", 1)).Reason.Should().Be("maintenance");
        var twice = () => registry.Register<DenyAllSettings>("deny-all", (s, _) => new DenyAll(s));
        twice.Should().Throw<ArgumentException>();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static AdmissionRequest Request(string tenant, int points) => new(tenant, points, []);

    private sealed record DenyAllSettings : IPolicySettings
    {
        public string Reason { get; init; } = "no";

        public IEnumerable<string> Validate() => [];
    }

    private sealed class DenyAll(DenyAllSettings settings) : AdmissionPolicy
    {
        public override AdmissionDecision Admit(AdmissionRequest request) => AdmissionDecision.Throttle(settings.Reason, TimeSpan.FromSeconds(1));
    }
}
