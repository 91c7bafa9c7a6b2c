using MetricStream.Processing.Alerts;
using MetricStream.Testing;

namespace MetricStream.IntegrationTests.Alerts;

/// <summary>
/// The alert rules admin API over HTTP against a running streams application on the embedded broker: validation
/// with field paths, rules written to the <c>alert-rules</c> topic taking effect live, firing alerts listed.
/// </summary>
public sealed class AlertRulesApiTests(AlertStackFixture stack) : IClassFixture<AlertStackFixture>
{
    [Fact]
    public async Task Put_InvalidRule_Returns400WithFieldPaths_AndSavesNothing()
    {
        await using var scenario = new AlertScenario(stack).Start();
        var id = "bad-" + scenario.Measurement;

        var (status, body) = await scenario.SendAsync(HttpMethod.Put, $"/admin/alert-rules/{id}", """{"select":{"measurement":"cpu","field":"f"},"aggregate":"p955","threshold":{"op":"=>","value":"ninety"}}""");
        var (getStatus, _) = await scenario.SendAsync(HttpMethod.Get, $"/admin/alert-rules/{id}");
        var (notJson, notJsonBody) = await scenario.SendAsync(HttpMethod.Put, $"/admin/alert-rules/{id}", "{ not json");

        status.Should().Be(400);
        body!["code"]!.GetValue<string>().Should().Be("invalid");
        body["problems"]!.AsArray().Select(p => p!["field"]!.GetValue<string>()).Should().BeEquivalentTo(["aggregate", "threshold.op", "threshold.value"]);
        body["problems"]!.AsArray().Single(p => p!["field"]!.GetValue<string>() == "threshold.value")!["message"]!.GetValue<string>().Should().Contain("'ninety' is not a number");
        getStatus.Should().Be(404, "nothing was saved");
        notJson.Should().Be(400);
        notJsonBody!["problems"]![0]!["field"]!.GetValue<string>().Should().BeEmpty("the whole body");
    }

    [Fact]
    public async Task List_ShowsTheYamlDefaults_WhichCanBePutBackAsApiRules()
    {
        await using var scenario = new AlertScenario(stack);
        var copy = "copy-" + scenario.Measurement;

        var (status, body) = await scenario.SendAsync(HttpMethod.Get, "/admin/alert-rules");
        var yaml = body!["rules"]!.AsArray().Select(r => r!.AsObject()).Where(r => r["source"]!.GetValue<string>() == "yaml").ToList();
        var cpu = yaml.Single(r => r["id"]!.GetValue<string>() == "cpu-high");
        var (put, stored) = await scenario.SendAsync(HttpMethod.Put, $"/admin/alert-rules/{copy}", cpu.ToJsonString().Replace("\"cpu-high\"", $"\"{copy}\"", StringComparison.Ordinal));
        var (conflict, _) = await scenario.SendAsync(HttpMethod.Delete, "/admin/alert-rules/cpu-high");
        var (deleted, _) = await scenario.SendAsync(HttpMethod.Delete, $"/admin/alert-rules/{copy}");

        status.Should().Be(200);
        yaml.Select(r => r["id"]!.GetValue<string>()).Should().Contain(["cpu-high", "mem-high", "disk-full", "host-silent"]);
        cpu["topology"]!.GetValue<string>().Should().Be("alerts");
        var threshold = cpu["threshold"]!;
        (threshold["op"]!.GetValue<string>(), threshold["value"]!.GetValue<double>(), threshold["for"]!.GetValue<string>(), threshold["keep_firing_for"]!.GetValue<string>()).Should().Be((">", 90, "5m", "2m"));
        cpu["select"]!["tags"]!["cpu"]!.GetValue<string>().Should().Be("cpu-total");
        put.Should().Be(200, "what the API lists is valid input: " + stored?.ToJsonString());
        stored!["threshold"]!.ToJsonString().Should().Be(cpu["threshold"]!.ToJsonString());
        stored["annotations"]!.ToJsonString().Should().Be(cpu["annotations"]!.ToJsonString());
        conflict.Should().Be(409, "a YAML rule is changed in its file");
        deleted.Should().Be(204);
    }

    [Fact]
    public async Task Requests_WithoutAnAdminKey_AreRefused()
    {
        using var http = new HttpClient();
        using var missing = await http.GetAsync(stack.AdminUrl + "/admin/alert-rules");
        using var request = new HttpRequestMessage(HttpMethod.Get, stack.AdminUrl + "/admin/alerts/firing");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", AlertStackFixture.WriterKey);
        using var notAdmin = await http.SendAsync(request);

        ((int)missing.StatusCode).Should().Be(401);
        ((int)notAdmin.StatusCode).Should().Be(403);
    }

    [Fact]
    public async Task RuleEditedThroughTheApi_ChangesBehaviourLive()
    {
        await using var scenario = new AlertScenario(stack).Start();
        var id = "hot-" + scenario.Measurement;
        var (put, rule) = await scenario.SendAsync(HttpMethod.Put, $"/admin/alert-rules/{id}", scenario.ThresholdRule(90));
        put.Should().Be(200, rule?.ToJsonString());
        rule!["source"]!.GetValue<string>().Should().Be("api");
        rule["threshold"]!["value"]!.GetValue<double>().Should().Be(90);

        // The rule applies from the first record after the instance's table saw it: send windows until it fires.
        var window = 0;
        await Poll.UntilAsync(
            async () =>
            {
                await scenario.ProduceAsync("a", window++, 95);
                return scenario.ReadUntil(e => e.Count > 0, TimeSpan.FromSeconds(2)).Count > 0;
            },
            "the rule put through the API fires",
            TimeSpan.FromSeconds(60));
        var (_, firing) = await scenario.SendAsync(HttpMethod.Get, "/admin/alerts/firing");
        var listed = firing!["alerts"]!.AsArray().Where(a => a!["rule"]!.GetValue<string>() == id).ToList();
        listed.Should().ContainSingle();
        listed[0]!["tags"]!["host"]!.GetValue<string>().Should().Be("a");
        listed[0]!["value"]!.GetValue<double>().Should().Be(95);

        // Raise the threshold above what the host sends: the changed rule resolves the alert and 95 no longer fires.
        (await scenario.SendAsync(HttpMethod.Put, $"/admin/alert-rules/{id}", scenario.ThresholdRule(99))).Status.Should().Be(200);
        await ProduceUntilAsync(scenario, "a", window, 95, e => e.Any(x => x.State == AlertState.Resolved));
        await scenario.ProduceAsync("a", 1000, 99.5); // later than any window sent so far
        var events = scenario.ReadUntil(e => e.Count(x => x.State == AlertState.Firing) == 2);

        events.Select(e => e.State).Should().Equal(AlertState.Firing, AlertState.Resolved, AlertState.Firing);
        var activity = scenario.Application.AlertActivity;
        (activity.Transitions(AlertState.Firing), activity.Transitions(AlertState.Resolved), activity.FiringNow).Should().Be((2, 1, 1));
        activity.AggregatesEvaluated.Should().BeGreaterThanOrEqualTo(3);
        (await scenario.SendAsync(HttpMethod.Get, $"/admin/alert-rules/{id}")).Body!["threshold"]!["value"]!.GetValue<double>().Should().Be(99);
    }

    [Fact]
    public async Task Delete_RemovesTheRule_AndResolvesItsAlerts()
    {
        await using var scenario = new AlertScenario(stack).Start();
        var id = "gone-" + scenario.Measurement;
        (await scenario.SendAsync(HttpMethod.Put, $"/admin/alert-rules/{id}", scenario.ThresholdRule(90))).Status.Should().Be(200);
        await ProduceUntilAsync(scenario, "a", 0, 95, e => e.Count > 0);

        var (deleted, _) = await scenario.SendAsync(HttpMethod.Delete, $"/admin/alert-rules/{id}");
        var events = scenario.ReadUntil(e => e.Any(x => x.State == AlertState.Resolved));
        var (get, _) = await scenario.SendAsync(HttpMethod.Get, $"/admin/alert-rules/{id}");
        var (again, _) = await scenario.SendAsync(HttpMethod.Delete, $"/admin/alert-rules/{id}");

        deleted.Should().Be(204);
        events.Select(e => e.State).Should().Equal(AlertState.Firing, AlertState.Resolved);
        get.Should().Be(404);
        again.Should().Be(404);
        (await scenario.SendAsync(HttpMethod.Get, "/admin/alerts/firing")).Body!["alerts"]!.AsArray().Should().NotContain(a => a!["rule"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task AbsenceRule_StoppedAgent_FiresForThatHostOnly()
    {
        await using var scenario = new AlertScenario(stack);
        var id = "silent-" + scenario.Measurement;
        var rule = "{\"select\":{\"measurement\":\"" + scenario.Measurement + "\"},\"absence\":{\"for\":\"4s\"}}";
        (await scenario.SendAsync(HttpMethod.Put, $"/admin/alert-rules/{id}", rule)).Status.Should().Be(200);
        scenario.Start(); // after the put: the instance reads the rules topic whole before it processes anything
        await scenario.ProduceAsync("a", 0, 10);
        await scenario.ProduceAsync("b", 0, 10);

        // Agent b stopped after window 0; agent a keeps reporting every 300 ms of wall clock, whatever the reads cost.
        using var stopA = new CancellationTokenSource();
        var agentA = Task.Run(async () =>
        {
            for (var window = 1; !stopA.IsCancellationRequested; window++)
            {
                await scenario.ProduceAsync("a", window, 10);
                await Task.Delay(300, stopA.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        var events = scenario.ReadUntil(e => e.Any(x => x.State == AlertState.Firing), TimeSpan.FromSeconds(60));
        await stopA.CancelAsync();
        await agentA;

        events.Should().Equal([(id, "b", AlertState.Firing)], "only the silent host's alert fires");
    }

    /// <summary>Produces a window per round (from <paramref name="window"/>) until the events satisfy <paramref name="enough"/>.</summary>
    internal static async Task<List<(string Rule, string Host, AlertState State)>> ProduceUntilAsync(
        AlertScenario scenario, string host, int window, double value, Func<List<(string Rule, string Host, AlertState State)>, bool> enough, TimeSpan? pause = null)
    {
        List<(string, string, AlertState)> events = [];
        await Poll.UntilAsync(
            async () =>
            {
                await scenario.ProduceAsync(host, window++, value);
                events = scenario.ReadUntil(enough, pause ?? TimeSpan.FromSeconds(2));
                return enough(events);
            },
            "the expected alert events",
            TimeSpan.FromSeconds(60));
        return events;
    }
}
