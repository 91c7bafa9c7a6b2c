using MetricStream.Kafka.Topics;

namespace MetricStream.Kafka.Tests.Topics;

public class TopicsConfigParserTests
{
    [Fact]
    public void Parse_FullEntry_ReadsEveryField()
    {
        const string Json = """
            { "topics": [
              { "name": "metrics.points", "partitions": 12, "replicationFactor": 2, "cleanupPolicy": "delete",
                "configs": { "retention.ms": "2592000000", "min.insync.replicas": 2 } },
              { "name": "alert-rules", "partitions": 1, "cleanupPolicy": "compact" } ] }
            """;

        var topics = TopicsConfigParser.Parse(Json, "topics.json");

        topics.Should().HaveCount(2);
        topics[0].Should().BeEquivalentTo(new
        {
            Name = "metrics.points",
            Partitions = 12,
            ReplicationFactor = (short)2,
            CleanupPolicy = CleanupPolicy.Delete,
        });
        topics[0].Configs.Should().Contain("retention.ms", "2592000000").And.Contain("min.insync.replicas", "2");
        topics[1].CleanupPolicy.Should().Be(CleanupPolicy.Compact);
        topics[1].ReplicationFactor.Should().Be(3, "the default replication factor is 3");
        topics[1].AllConfigs().Should().Contain("cleanup.policy", "compact");
    }

    [Theory]
    [InlineData("compact,delete", CleanupPolicy.CompactDelete)]
    [InlineData("delete, compact", CleanupPolicy.CompactDelete)]
    [InlineData("DELETE", CleanupPolicy.Delete)]
    public void Parse_CleanupPolicySpellings_AreAccepted(string policy, CleanupPolicy expected)
    {
        var topics = TopicsConfigParser.Parse($$"""{"topics":[{"name":"t","partitions":1,"cleanupPolicy":"{{policy}}"}]}""", "f");

        topics[0].CleanupPolicy.Should().Be(expected);
    }

    [Theory]
    [InlineData("""{"topics":[{"name":"t","partitons":1}]}""", "f: topics[0].partitons: unknown field")]
    [InlineData("""{"topics":[{"name":"t"}]}""", "f: topics[0] ('t').partitions: required")]
    [InlineData("""{"topics":[{"name":"t","partitions":0}]}""", "partitions: '0' must be a whole number from 1")]
    [InlineData("""{"topics":[{"name":"t","partitions":"6"}]}""", "partitions: '\"6\"' must be a whole number")]
    [InlineData("""{"topics":[{"name":"t","partitions":1,"cleanupPolicy":"forever"}]}""", "cleanupPolicy: '\"forever\"' is not a cleanup policy")]
    [InlineData("""{"topics":[{"name":"bad name","partitions":1}]}""", "'bad name' is not a valid Kafka topic name")]
    [InlineData("""{"topics":[{"partitions":1}]}""", "topics[0].name: required")]
    [InlineData("""{"topics":[{"name":"t","partitions":1},{"name":"t","partitions":2}]}""", "topic 't' is listed twice")]
    [InlineData("""{"topics":[{"name":"t","partitions":1,"configs":{"cleanup.policy":"compact"}}]}""", "set it with the cleanupPolicy field")]
    [InlineData("""{"topic":[]}""", "f: expected an object with a \"topics\" array")]
    [InlineData("""{"topics":[""", "f: not valid JSON")]
    public void Parse_Invalid_ThrowsNamingTheProblem(string json, string expected)
    {
        var act = () => TopicsConfigParser.Parse(json, "f");

        act.Should().Throw<TopicsConfigException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void ParseFile_MissingFile_NamesThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");

        var act = () => TopicsConfigParser.ParseFile(path);

        act.Should().Throw<TopicsConfigException>().Which.Message.Should().StartWith(path);
    }

    [Fact]
    public void Defaults_CoverEveryProductTopic()
    {
        var topics = TopicCatalog.Defaults(partitions: 4, replicationFactor: 1);

        topics.Select(t => t.Name).Should().BeEquivalentTo(
            "metrics.points", "metrics.rollup.1m", "metrics.rollup.1h", "metrics.late", "metrics.dead-letters", "alerts", "alert-rules", "_schemas");
        topics.Single(t => t.Name == "alert-rules").CleanupPolicy.Should().Be(CleanupPolicy.Compact);
        topics.Single(t => t.Name == "_schemas").Partitions.Should().Be(1);
        topics.Single(t => t.Name == "metrics.points").Partitions.Should().Be(4);
    }
}
