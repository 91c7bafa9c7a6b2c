using MetricStream.Avro.Records;
using MetricStream.Processing.Alerts;
using Microsoft.Extensions.Time.Testing;
using static MetricStream.Processing.Tests.Alerts.AlertKit;

namespace MetricStream.Processing.Tests.Alerts;

/// <summary>Which aggregates a rule selects: tenant, measurement, field and tag matchers.</summary>
public class SeriesSelectorTests
{
    public static TheoryData<string, SeriesSelector, bool> Cases() => new()
    {
        // the aggregate: tenant acme, cpu.usage_user, host=web-1, env=prod
        { "everything", SeriesSelector.Any, true },
        { "measurement and field", new SeriesSelector { Measurement = "cpu", Field = "usage_user" }, true },
        { "other field", new SeriesSelector { Measurement = "cpu", Field = "usage_system" }, false },
        { "other measurement", new SeriesSelector { Measurement = "mem" }, false },
        { "tenant listed", new SeriesSelector { Tenants = ["other", "acme"] }, true },
        { "tenant not listed", new SeriesSelector { Tenants = ["other"] }, false },
        { "tag equals", new SeriesSelector { Tags = [TagMatcher.Equal("host", "web-1")] }, true },
        { "tag equals other value", new SeriesSelector { Tags = [TagMatcher.Equal("host", "web-2")] }, false },
        { "missing tag never equals", new SeriesSelector { Tags = [TagMatcher.Equal("dc", "")] }, false },
        { "tag not-equals", new SeriesSelector { Tags = [TagMatcher.NotEqual("env", "test")] }, true },
        { "tag not-equals its value", new SeriesSelector { Tags = [TagMatcher.NotEqual("env", "prod")] }, false },
        { "missing tag is not-equal", new SeriesSelector { Tags = [TagMatcher.NotEqual("dc", "eu")] }, true },
        { "regex matches the whole value", new SeriesSelector { Tags = [TagMatcher.Matching("host", "web-[0-9]+")] }, true },
        { "regex is anchored", new SeriesSelector { Tags = [TagMatcher.Matching("host", "web")] }, false },
        { "regex alternatives are anchored too", new SeriesSelector { Tags = [TagMatcher.Matching("host", "db|web")] }, false },
        { "regex on a missing tag sees empty", new SeriesSelector { Tags = [TagMatcher.Matching("dc", "eu|")] }, true },
        { "all matchers must match", new SeriesSelector { Tags = [TagMatcher.Equal("host", "web-1"), TagMatcher.Equal("env", "test")] }, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_Aggregate(string name, SeriesSelector selector, bool expected) =>
        selector.Matches(Window(0, 1, extraTags: new Tag("env", "prod"))).Should().Be(expected, name);

    [Fact]
    public void Evaluator_IgnoresUnselectedSeries()
    {
        var rule = Threshold("prod-only", ComparisonOperator.GreaterThan, 90) with
        {
            Select = new SeriesSelector { Measurement = "cpu", Field = "usage_user", Tags = [TagMatcher.Equal("env", "prod")] },
        };
        var evaluator = new AlertEvaluator([rule], new FakeTimeProvider(T0));

        evaluator.Feed(Window(0, 95, extraTags: new Tag("env", "test"))).Should().BeEmpty();
        evaluator.Feed(Window(0, 95, extraTags: new Tag("env", "prod"))).Should().ContainSingle();
        evaluator.Counters.TrackedSeries.Should().Be(1, "unselected series hold no state");
    }
}
