using System.Text.RegularExpressions;
using MetricStream.BrowserTests.Support;
using MetricStream.Testing;
using Microsoft.Playwright;

namespace MetricStream.BrowserTests;

/// <summary>The page as an operator opens it while <c>up --demo</c> runs: no errors, numbers that move, the topology graph (with the admin key).</summary>
[Collection(UpCollection.Name)]
public sealed class LiveViewTests(UpFixture up)
{
    [Fact]
    public async Task Page_OpenedWithAndWithoutTheAdminKeyOnEveryTab_LogsNoConsoleErrors()
    {
        var (page, errors) = await up.OpenAsync();
        await page.GotoAsync(up.Page.ToString());
        await Assertions.Expect(page.Locator("#live-state")).ToHaveTextAsync("live", new() { Timeout = PageSteps.Timeout });
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("status: enter the admin key", new() { Timeout = PageSteps.Timeout });
        foreach (var tab in new[] { "topologies", "tenants", "rules", "live" })
        {
            await PageSteps.ShowTabAsync(page, tab);
        }

        await PageSteps.EnterAdminKeyAsync(page, up.AdminKey);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("ready", new() { Timeout = PageSteps.Timeout });
        await PageSteps.ShowTabAsync(page, "topologies");
        await Assertions.Expect(page.Locator(".topology[data-topology] svg").First).ToBeVisibleAsync(new() { Timeout = PageSteps.Timeout });
        await PageSteps.ShowTabAsync(page, "tenants");
        await Assertions.Expect(page.Locator("#tenant-list li[data-tenant]").First).ToBeVisibleAsync(new() { Timeout = PageSteps.Timeout });
        await PageSteps.ShowTabAsync(page, "rules");
        await Assertions.Expect(page.Locator("#rule-list li[data-rule]").First).ToBeVisibleAsync(new() { Timeout = PageSteps.Timeout });
        await PageSteps.ShowTabAsync(page, "live");
        await Assertions.Expect(page.Locator("#firing-note")).Not.ToContainTextAsync("enter the admin key", new() { Timeout = PageSteps.Timeout });

        errors.Should().BeEmpty("the page must load and run without console errors");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Page_WithARefusedKey_SaysSoInTheKeyStateStatusAndTopologiesTab()
    {
        var (page, errors) = await up.OpenAsync();
        await page.GotoAsync(up.Page + "#topologies");
        await page.FillAsync("#admin-key", "msk_not-a-key");
        await page.ClickAsync("#key-use");

        await Assertions.Expect(page.Locator("#key-state")).ToHaveTextAsync("admin key refused (401)", new() { Timeout = PageSteps.Timeout });
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("status: enter a valid admin key");
        await Assertions.Expect(page.Locator("#topologies .bad-text")).ToContainTextAsync("Refused by the API (401)", new() { Timeout = PageSteps.Timeout });
        await Assertions.Expect(page.Locator("#topologies svg")).ToHaveCountAsync(0);
        errors.Where(e => !e.Contains("401", StringComparison.Ordinal)).Should().BeEmpty("the only errors are the browser's notes of the 401 answers");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LiveView_WhileTheDemoAgentPosts_AcceptedPointsAndProcessedRecordsGoUp()
    {
        var (page, errors) = await up.OpenAsync();
        await page.GotoAsync(up.Page.ToString());
        await Assertions.Expect(page.Locator("#tenant-rates tr[data-tenant='demo']")).ToBeVisibleAsync(new() { Timeout = PageSteps.Timeout });
        var accepted = await PageSteps.NumberAsync(page, "#edge-accepted-total");
        var demoAccepted = await PageSteps.NumberAsync(page, "#tenant-rates tr[data-tenant='demo'] .accepted-total");

        // The demo agent posts every 10 s; the live stream must show the totals grow without a reload.
        await Poll.UntilAsync(
            async () => await PageSteps.NumberAsync(page, "#edge-accepted-total") > accepted
                && await PageSteps.NumberAsync(page, "#tenant-rates tr[data-tenant='demo'] .accepted-total") > demoAccepted,
            "the accepted totals on the page to grow",
            TimeSpan.FromSeconds(90));
        await Poll.UntilAsync(
            async () => await page.Locator("#topology-rates tr[data-topology='rollups']").CountAsync() == 1
                && await page.Locator("#lag tbody tr").CountAsync() > 0,
            "the rollups topology and its partitions in the live view",
            TimeSpan.FromSeconds(90));
        var chartPixels = await page.EvalOnSelectorAsync<int>(
            "canvas[data-chart='edge-accepted']",
            "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; }");
        chartPixels.Should().BeGreaterThan(0, "the points/s chart is drawn");
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TopologyGraph_OfRollups_ShowsEveryProcessorOfTheFileAndItsEdges()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(UpFixture.RepositoryRoot(), "topologies", "rollups.yaml"));
        var processors = Regex.Matches(yaml, @"^\s*- name: ([\w-]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        processors.Should().Contain(["points", "rollup-1m", "rollup-1h", "raw-influx"]);
        var (page, errors) = await up.OpenAsync();
        await page.GotoAsync(up.Page + "#topologies");

        // GET /admin/topologies needs the admin key: without it the tab says so and draws nothing.
        await Assertions.Expect(page.Locator("#topologies .key-needed")).ToHaveTextAsync("enter the admin key to see the topology graphs", new() { Timeout = PageSteps.Timeout });
        await Assertions.Expect(page.Locator("#topologies svg")).ToHaveCountAsync(0);
        await PageSteps.EnterAdminKeyAsync(page, up.AdminKey);

        var graph = page.Locator(".topology[data-topology='rollups'] svg");
        await Assertions.Expect(graph).ToBeVisibleAsync(new() { Timeout = PageSteps.Timeout });
        await Assertions.Expect(page.Locator("#topologies .key-needed")).ToHaveCountAsync(0);
        foreach (var name in processors)
        {
            await Assertions.Expect(graph.Locator($"g.node[data-processor='{name}']")).ToHaveCountAsync(1);
        }

        (await graph.Locator("g.node[data-processor]").CountAsync()).Should().Be(processors.Count, "the graph draws exactly the file's processors");
        await Assertions.Expect(graph.Locator("path.edge[data-from='points'][data-to='rollup-1m']")).ToHaveCountAsync(1);
        await Assertions.Expect(graph.Locator("path.edge[data-from='rollup-1m'][data-to='rollup-1h']")).ToHaveCountAsync(1);
        await Assertions.Expect(graph.Locator("g.node[data-processor='rollup-1m'] .late-tag")).ToHaveAttributeAsync("data-late", "metrics.late");
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }
}
