using MetricStream.BrowserTests.Support;
using Microsoft.Playwright;

namespace MetricStream.BrowserTests;

/// <summary>
/// Screenshots of every tab while the demo runs. Written to <c>$METRICSTREAM_SCREENSHOTS</c> when set (the README's
/// pictures: <c>METRICSTREAM_SCREENSHOTS=$PWD/docs/images dotnet test ... --filter Screenshots</c>), else to a temp dir.
/// </summary>
[Collection(UpCollection.Name)]
public sealed class ScreenshotTests(UpFixture up)
{
    [Fact]
    public async Task Screenshots_OfEveryTabWithTheDemoRunning_AreWrittenAsPngs()
    {
        var target = Environment.GetEnvironmentVariable("METRICSTREAM_SCREENSHOTS") is { Length: > 0 } dir ? dir : Directory.CreateTempSubdirectory("page-shots-").FullName;
        Directory.CreateDirectory(target);
        var (page, errors) = await up.OpenAsync();
        await page.GotoAsync(up.Page.ToString());
        await PageSteps.EnterAdminKeyAsync(page, up.AdminKey);
        await Assertions.Expect(page.Locator("#tenant-rates tr[data-tenant='demo']")).ToBeVisibleAsync(new() { Timeout = PageSteps.Timeout });
        await Assertions.Expect(page.Locator("#lag tbody tr").First).ToBeVisibleAsync(new() { Timeout = PageSteps.Timeout });

        // Let the charts gather some history (more for the README's pictures): live frames on this connection.
        var frames = Environment.GetEnvironmentVariable("METRICSTREAM_SCREENSHOTS") is { Length: > 0 } ? 90 : 20;
        await page.WaitForFunctionAsync($"() => Number(document.body.dataset.frames) >= {frames}", null, new() { Timeout = 180_000 });
        var shots = new List<string>();
        foreach (var tab in new[] { "live", "topologies", "tenants", "rules" })
        {
            await PageSteps.ShowTabAsync(page, tab);
            if (tab == "tenants")
            {
                await Assertions.Expect(page.Locator("#tenant-list li[data-tenant]").First).ToBeVisibleAsync(new() { Timeout = PageSteps.Timeout });
            }

            if (tab == "rules")
            {
                await page.Locator("#rule-list li[data-rule]").First.ClickAsync(new() { Timeout = PageSteps.Timeout });
            }

            var file = Path.Combine(target, $"page-{tab}.png");
            await page.ScreenshotAsync(new() { Path = file, FullPage = tab != "topologies" });
            shots.Add(file);
        }

        shots.Should().OnlyContain(f => new FileInfo(f).Length > 10_000, "each screenshot shows a rendered page");
        errors.Should().BeEmpty();
        await page.Context.CloseAsync();
    }
}
