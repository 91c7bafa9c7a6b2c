using MetricStream.IntegrationTests.Host;
using MetricStream.Testing.Prometheus;

namespace MetricStream.IntegrationTests.Observability;

/// <summary>Checks a scrape against docs/METRICS.md, both ways: what is served is documented and what is documented is served.</summary>
internal static class DocumentedMetrics
{
    private static readonly Lazy<IReadOnlyList<DocumentedMetric>> All = new(() =>
        MetricsDocument.Load(Path.Combine(MetricStreamProcess.RepositoryRoot(), "docs", "METRICS.md")));

    /// <summary>
    /// Asserts that the families of <paramref name="scrape"/> are exactly those documented in <paramref name="sections"/>,
    /// each with the documented type, and that every sample carries exactly the documented labels.
    /// </summary>
    public static void ShouldMatch(PrometheusScrape scrape, string role, params string[] sections)
    {
        var documented = MetricsDocument.Of(All.Value, sections);
        documented.Should().NotBeEmpty($"docs/METRICS.md has sections {string.Join(", ", sections)}");
        scrape.Families.Keys.Should().BeEquivalentTo(documented.Select(m => m.Name), $"{role} serves what docs/METRICS.md documents for it");
        foreach (var metric in documented)
        {
            var family = scrape.Families[metric.Name];
            family.Type.Should().Be(metric.Type, $"{metric.Name} is documented as a {metric.Type}");
            foreach (var sample in family.Samples)
            {
                sample.Labels.Keys.Where(k => k != "le").Should().BeEquivalentTo(metric.Labels, $"{sample.Name} carries the documented labels");
            }
        }
    }
}
