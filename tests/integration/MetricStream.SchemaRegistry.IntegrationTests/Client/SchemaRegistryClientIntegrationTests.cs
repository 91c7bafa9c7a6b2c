using System.Net;
using MetricStream.Avro.Compatibility;
using MetricStream.SchemaRegistry.Client;
using MetricStream.SchemaRegistry.IntegrationTests.Support;
using MetricStream.Testing;

namespace MetricStream.SchemaRegistry.IntegrationTests.Client;

/// <summary>Our REST client against our registry on a real port.</summary>
public sealed class SchemaRegistryClientIntegrationTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task EveryOperation_AgainstTheRealServer_AnswersConsistently()
    {
        await using var registry = await RegistryHarness.StartAsync(kafka);
        var client = registry.Client;
        var subject = Schemas.Subject("client");

        var id1 = await client.RegisterAsync(subject, Schemas.PointV1);
        var compatible = await client.CheckCompatibilityAsync(subject, Schemas.PointV2);
        var incompatible = await client.CheckCompatibilityAsync(subject, Schemas.PointRequiredRegion, version: 1);
        var id2 = await client.RegisterAsync(subject, Schemas.PointV2);
        var lookedUp = await client.LookupAsync(subject, Schemas.PointV1);
        await client.SetCompatibilityAsync(CompatibilityLevel.Full, subject);

        compatible.IsCompatible.Should().BeTrue();
        incompatible.IsCompatible.Should().BeFalse();
        incompatible.Messages.Should().NotBeEmpty();
        id2.Should().BeGreaterThan(id1);
        lookedUp.Should().BeEquivalentTo(new { Subject = subject, Version = 1, Id = id1 });
        (await client.GetLatestAsync(subject)).Should().BeEquivalentTo(new { Version = 2, Id = id2 });
        (await client.GetVersionsAsync(subject)).Should().Equal(1, 2);
        (await client.GetSubjectsAsync()).Should().Contain(subject);
        (await client.GetCompatibilityAsync(subject)).Should().Be(CompatibilityLevel.Full);
        (await client.GetCompatibilityAsync(Schemas.Subject("unset"))).Should().Be(CompatibilityLevel.Backward);
        (await client.GetCompatibilityAsync()).Should().Be(CompatibilityLevel.Backward);
        (await client.DeleteSubjectAsync(subject)).Should().Equal(1, 2);
        var gone = await client.Invoking(c => c.GetVersionsAsync(subject)).Should().ThrowAsync<SchemaRegistryException>();
        gone.Which.ErrorCode.Should().Be(40401);
        gone.Which.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RegisterAsync_RegistryNotListeningYet_RetriesUntilItIsUp()
    {
        var topic = kafka.CreateTopic("schemas", partitions: 1);
        var port = FreePort.Next();
        using var client = new SchemaRegistryClient(new SchemaRegistryClientOptions
        {
            Url = new Uri($"http://127.0.0.1:{port}"),
            MaxAttempts = 100,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        });

        // Nothing listens on the port yet: the first attempts are refused while the registry starts.
        var call = client.RegisterAsync(Schemas.Subject("late"), Schemas.PointV1);
        await using var server = await RegistryHarness.StartServerAsync(kafka, topic, port);
        call.IsFaulted.Should().BeFalse("connection refused is retried, not thrown");

        (await call.WaitAsync(Poll.DefaultTimeout)).Should().BePositive();
    }
}
