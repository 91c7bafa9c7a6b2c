using MetricStream.Kafka.Health;

namespace MetricStream.Kafka.Tests.Health;

public class BrokerAvailabilityTests
{
    [Fact]
    public void AnyBrokerUp_RealBrokerUp_IsTrue()
    {
        const string Json = """
            {"name":"p#producer-1","brokers":{
              "127.0.0.1:1/bootstrap":{"nodeid":-1,"state":"UP"},
              "127.0.0.1:2/2":{"nodeid":2,"state":"DOWN"},
              "127.0.0.1:3/3":{"nodeid":3,"state":"UP"}}}
            """;

        BrokerAvailability.AnyBrokerUp(Json).Should().BeTrue();
    }

    [Fact]
    public void AnyBrokerUp_OnlyBootstrapUp_IsFalse()
    {
        const string Json = """{"brokers":{"127.0.0.1:1/bootstrap":{"nodeid":-1,"state":"UP"},"127.0.0.1:2/2":{"nodeid":2,"state":"CONNECT"}}}""";

        BrokerAvailability.AnyBrokerUp(Json).Should().BeFalse("a bootstrap placeholder is not a broker that can take records");
    }

    [Fact]
    public void AnyBrokerUp_NoBrokers_IsFalse()
    {
        BrokerAvailability.AnyBrokerUp("""{"name":"x"}""").Should().BeFalse();
    }

    [Fact]
    public void MarkDownThenStatistics_BrokerUp_RaisesChangedTwice()
    {
        var availability = new BrokerAvailability();
        var changes = new List<bool>();
        availability.Changed += changes.Add;

        availability.MarkDown();
        availability.MarkDown();
        availability.OnStatistics("""{"brokers":{"a/1":{"nodeid":1,"state":"UP"}}}""");

        changes.Should().Equal(false, true);
        availability.IsAvailable.Should().BeTrue();
    }
}
