using MetricStream.Host.Roles;
using MetricStream.Processing.Alerts;
using MetricStream.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.IntegrationTests.Alerts;

/// <summary>
/// The webhook notifier wired as the <c>webhook</c> sink of an alert topology, configured from
/// <c>Alerts:Webhooks:&lt;name&gt;</c>: a local HTTP receiver gets the firing and resolved notifications, and while
/// it is down they are retried until it is back.
/// </summary>
public sealed class AlertWebhookTests(AlertStackFixture stack) : IClassFixture<AlertStackFixture>
{
    [Fact]
    public async Task ReceiverDownAtFirst_NotificationIsRetriedUntilItIsBack_ThenResolvedFollows()
    {
        using var receiver = new AlertWebhookReceiver(FreePort.Next());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Alerts:Webhooks:ops:Url"] = receiver.Url.ToString(),
            ["Alerts:Webhooks:ops:RetryBaseDelay"] = "00:00:00.200",
            ["Alerts:Webhooks:ops:RetryMaxDelay"] = "00:00:01",
            ["Alerts:Webhooks:ops:BreakerFailureThreshold"] = "3",
            ["Alerts:Webhooks:ops:BreakerOpenDuration"] = "00:00:01",
            ["Alerts:Webhooks:ops:MaxAttempts"] = "1000",
            ["Alerts:Webhooks:ops:MaxRetryDuration"] = "00:03:00",
        }).Build();
        await using var webhooks = WebhookRole.Start(configuration, stack.Kafka.BootstrapServers, stack.Registry.Url, NullLoggerFactory.Instance);
        var notifier = webhooks.Notifiers["ops"];
        await using var scenario = new AlertScenario(stack, webhooks.Providers, webhook: "ops");
        var id = "hook-" + scenario.Measurement;
        (await scenario.SendAsync(HttpMethod.Put, $"/admin/alert-rules/{id}", scenario.ThresholdRule(90))).Status.Should().Be(200);
        scenario.Start();

        await scenario.ProduceAsync("a", 0, 95);
        scenario.ReadUntil(e => e.Count > 0).Select(e => e.State).Should().Equal(AlertState.Firing);
        await Poll.UntilAsync(() => notifier.Snapshot().FailedRequests >= 3, "failed attempts while the receiver is down", TimeSpan.FromSeconds(60));
        receiver.Received.Should().BeEmpty();
        receiver.Start();
        await Poll.UntilAsync(() => !receiver.Received.IsEmpty, "the retried notification", TimeSpan.FromSeconds(60));
        await scenario.ProduceAsync("a", 1, 10);
        await Poll.UntilAsync(() => receiver.Received.Count >= 2, "the resolved notification", TimeSpan.FromSeconds(60));

        receiver.Received.Select(b => (b["ruleId"]!.GetValue<string>(), b["state"]!.GetValue<string>())).Should().Equal((id, "firing"), (id, "resolved"));
        var firing = receiver.Received.First();
        firing["value"]!.GetValue<double>().Should().Be(95);
        firing["tenant"]!.GetValue<string>().Should().Be("acme");
        firing["labels"]!["host"]!.GetValue<string>().Should().Be("a");
        var counters = notifier.Snapshot();
        counters.Delivered.Should().Be(2);
        counters.Retries.Should().BeGreaterThanOrEqualTo(1);
        counters.DeadLettered.Should().Be(0);
    }

    [Fact]
    public void Start_WebhookWithoutUrl_IsAUsageError()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Alerts:Webhooks:ops:MaxAttempts"] = "3" }).Build();

        var act = () => WebhookRole.Start(configuration, stack.Kafka.BootstrapServers, stack.Registry.Url, NullLoggerFactory.Instance);

        act.Should().Throw<ArgumentException>().WithMessage("*Alerts:Webhooks:ops:Url*");
    }
}
