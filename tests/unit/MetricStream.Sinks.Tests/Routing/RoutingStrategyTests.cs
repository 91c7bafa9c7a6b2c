using MetricStream.Sinks.InfluxDB;
using MetricStream.Sinks.Routing;

namespace MetricStream.Sinks.Tests.Routing;

public sealed class RoutingStrategyTests
{
    [Fact]
    public void TenantHash_IsStable_AndSpreadsTenants()
    {
        var targets = Targets(3, _ => InfluxCircuitState.Closed);
        var strategy = new TenantHashRouting();

        var homes = Enumerable.Range(0, 300).Select(i => strategy.Choose($"tenant-{i}", targets).Target).ToList();

        Enumerable.Range(0, 300).Select(i => strategy.Choose($"tenant-{i}", targets).Target).Should().Equal(homes);
        homes.Distinct().Should().HaveCount(3);
        TenantHashRouting.StableHash("acme").Should().Be(TenantHashRouting.StableHash("acme")).And.NotBe(TenantHashRouting.StableHash("acmf"));
    }

    [Fact]
    public void TenantHash_FailsOverToTheNextAvailableTarget_AndBackWhenHomeRecovers()
    {
        var open = new bool[3];
        var targets = Targets(3, i => open[i] ? InfluxCircuitState.Open : InfluxCircuitState.Closed);
        var strategy = new TenantHashRouting();
        var home = strategy.Choose("acme", targets).Target;

        open[home] = true;
        strategy.Choose("acme", targets).Should().Be(new RouteDecision((home + 1) % 3, RouteReason.Failover));
        open[(home + 1) % 3] = true;
        strategy.Choose("acme", targets).Should().Be(new RouteDecision((home + 2) % 3, RouteReason.Failover));
        open[(home + 2) % 3] = true;
        strategy.Choose("acme", targets).Should().Be(new RouteDecision(home, RouteReason.Primary), "with none available the tenant waits for its home");
        open[home] = false;
        strategy.Choose("acme", targets).Should().Be(new RouteDecision(home, RouteReason.Primary));
    }

    [Fact]
    public void LeastLoaded_PrefersFewerInFlightAndLowerLatency_AmongAvailable()
    {
        var open = new bool[3];
        var targets = Targets(3, i => open[i] ? InfluxCircuitState.Open : InfluxCircuitState.Closed);
        var strategy = new LeastLoadedRouting();
        targets[0].RequestStarted();
        targets[0].RequestStarted();
        targets[1].RequestStarted();

        strategy.Choose("x", targets).Target.Should().Be(2);
        targets[2].RequestStarted();
        targets[2].RequestStarted();
        targets[2].RequestStarted();
        strategy.Choose("x", targets).Target.Should().Be(1);

        targets[1].RequestEnded(TimeSpan.FromSeconds(2), true, 1);
        targets[0].RequestEnded(TimeSpan.FromMilliseconds(5), true, 1);
        targets[2].RequestEnded(TimeSpan.FromSeconds(1), true, 1);
        strategy.Choose("x", targets).Target.Should().Be(0, "one in flight at 5 ms beats none in flight at 2 s and two at 1 s");
        open[0] = true;
        strategy.Choose("x", targets).Target.Should().NotBe(0);
    }

    [Fact]
    public void Registry_CreatesBuiltIns_AndNamesTheKnownOnesForAnUnknownName()
    {
        var registry = InfluxRoutingRegistry.CreateDefault();
        registry.Create("tenant-hash").Should().BeOfType<TenantHashRouting>();
        registry.Create("least-loaded").Should().BeOfType<LeastLoadedRouting>();
        registry.Register("custom", () => new LeastLoadedRouting());
        registry.Names.Should().Equal("custom", "least-loaded", "tenant-hash");

        var act = () => registry.Create("round-robin");
        act.Should().Throw<ArgumentException>().WithMessage("*round-robin*least-loaded*tenant-hash*");
        var twice = () => registry.Register("custom", () => new TenantHashRouting());
        twice.Should().Throw<ArgumentException>();
    }

    private static InfluxTargetState[] Targets(int count, Func<int, InfluxCircuitState> circuit) =>
        [.. Enumerable.Range(0, count).Select(i => new InfluxTargetState(i, new InfluxTargetOptions { Name = $"t{i}", Url = new Uri("http://127.0.0.1:1/") }, () => circuit(i)))];
}
