using Confluent.Kafka;
using MetricStream.FaultTests.Ledger;
using MetricStream.FaultTests.Support;
using MetricStream.Testing.Influx;
using Xunit.Abstractions;

namespace MetricStream.FaultTests.Scenarios;

/// <summary>
/// The ledger's negative control: after a clean run passes, a copy of one record put back on <c>metrics.points</c>
/// must show as duplicated and one raw row deleted from InfluxDB as lost; otherwise the scenarios' zeros would
/// prove nothing.
/// </summary>
public sealed class LedgerSelfTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CleanRunPasses_ThenDuplicatedRecordAndDeletedRawRow_Reported()
    {
        await using var pipeline = await Pipeline.StartAsync("ledger-self");
        await pipeline.StartEdgeAsync();
        await pipeline.StartProcessAsync();
        var load = pipeline.NewLoad();
        for (var i = 0; i < 60; i++)
        {
            (await load.PostNextAsync()).Should().BeTrue();
        }

        var clean = await Scenario.FinishAsync(pipeline, load, Task.CompletedTask, output, "clean run");
        clean.InRaw.Should().Be(clean.Acked);

        var record = TopicSnapshot.ReadAll(pipeline.Kafka.BootstrapServers, "metrics.points", TimeSpan.FromSeconds(60))
            .First(v => AvroPointReader.ReadBatch(v).Any(p => p.Measurement == "cpu"));
        using (var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = pipeline.Kafka.BootstrapServers }).Build())
        {
            await producer.ProduceAsync("metrics.points", new Message<Null, byte[]> { Value = record });
        }

        var victim = load.Acked[load.Acked.Count / 2];
        await new InfluxQueryClient(pipeline.Influx.Url).RunAsync(
            $"DELETE FROM \"cpu\" WHERE \"host\" = {InfluxQueryClient.Literal(victim.Host)} AND time = {InfluxQueryClient.Literal(victim.TimeNanos)}", pipeline.Database, post: true);

        var broken = await pipeline.Verifier().VerifyAsync(load, load.Start.AddMinutes(1));
        output.WriteLine($"after the damage: {broken}");
        broken.Ok.Should().BeFalse();
        broken.DuplicatedInKafka.Should().Be(AvroPointReader.ReadBatch(record).Count(p => p.Measurement == "cpu"));
        broken.Duplicated.Should().BeGreaterThanOrEqualTo(broken.DuplicatedInKafka);
        broken.Lost.Should().BeGreaterThanOrEqualTo(1);
        broken.Problems.Should().Contain(p => p.Contains($"Id = {victim.Id},", StringComparison.Ordinal) && p.Contains("not in raw", StringComparison.Ordinal));
    }
}
