using MetricStream.Testing.Prometheus;

namespace MetricStream.Observability.Tests.Prometheus;

/// <summary>The strict parser the role tests rely on: it must refuse what Prometheus would refuse (and a bit more).</summary>
public sealed class PrometheusTextParserTests
{
    private const string Valid =
        "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\",y=\"q\\\"\\\\\\n\"} 3\n"
        + "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1.5e0\nh_count 2\n"
        + "# HELP g G.\n# TYPE g gauge\ng -Inf\n";

    [Fact]
    public void Parse_ValidText_ReadsFamiliesLabelsAndValues()
    {
        var scrape = PrometheusTextParser.Parse(Valid);

        scrape.Families.Keys.Should().Equal("a_total", "h", "g");
        scrape.Value("a_total", ("y", "q\"\\\n")).Should().Be(3);
        scrape.Value("h_count").Should().Be(2);
        scrape.Value("g").Should().Be(double.NegativeInfinity);
    }

    [Theory]
    [InlineData("# HELP a A.\n# TYPE a gauge\na 1", "no final line feed")]
    [InlineData("a 1\n", "no HELP/TYPE")]
    [InlineData("# HELP a A.\na 1\n", "no TYPE")]
    [InlineData("# HELP a A.\n# TYPE a gauge\na 1\n\n", "empty line")]
    [InlineData("# HELP a A.\n# TYPE a gauge\na 1\n# HELP b B.\n# TYPE b gauge\nb 1\na 2\n", "family not contiguous")]
    [InlineData("# HELP a A.\n# TYPE a gauge\n# HELP a A.\n# TYPE a gauge\na 1\n", "HELP twice")]
    [InlineData("# HELP a A.\n# TYPE a gauge\na 1\n# HELP a A.\n", "header after samples")]
    [InlineData("# HELP a A.\n# TYPE a gauges\na 1\n", "unknown type")]
    [InlineData("# HELP a A.\n# TYPE a gauge\na{x=\"1\"} 1\na{x=\"1\"} 2\n", "repeated series")]
    [InlineData("# HELP a A.\n# TYPE a gauge\na{x=\"1\",x=\"2\"} 1\n", "repeated label")]
    [InlineData("# HELP a A.\n# TYPE a gauge\na{x=1} 1\n", "unquoted label value")]
    [InlineData("# HELP a A.\n# TYPE a gauge\na{x=\"\\t\"} 1\n", "invalid escape")]
    [InlineData("# HELP a A.\n# TYPE a gauge\na{1x=\"1\"} 1\n", "invalid label name")]
    [InlineData("# HELP a A.\n# TYPE a gauge\na{__x=\"1\"} 1\n", "reserved label name")]
    [InlineData("# HELP a A.\n# TYPE a gauge\na{x=\"1\",} 1\n", "trailing comma")]
    [InlineData("# HELP a A.\n# TYPE a gauge\na 1,5\n", "invalid value")]
    [InlineData("# HELP a A.\n# TYPE a gauge\na  1\n", "two spaces")]
    [InlineData("# HELP a A.\n# TYPE a gauge\nb 1\n", "sample of another name")]
    [InlineData("# HELP a-b A.\n# TYPE a-b gauge\na-b 1\n", "invalid metric name")]
    [InlineData("# HELP a A.\n# TYPE a counter\na -1\n", "negative counter")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "buckets not cumulative")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", "no +Inf bucket")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 1\n", "+Inf differs from count")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", "no sum")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum{le=\"1\"} 1\nh_count 1\n", "le on _sum")]
    public void Parse_InvalidText_Throws(string text, string because)
    {
        var parse = () => PrometheusTextParser.Parse(text);

        parse.Should().Throw<FormatException>(because);
    }
}
