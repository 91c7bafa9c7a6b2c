using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MetricStream.BrowserTests.Support;
using MetricStream.Edge.Tenants;
using MetricStream.Testing;
using Microsoft.Playwright;

namespace MetricStream.BrowserTests;

/// <summary>Changing tenant policies and alert rules from the page: the API's answers, shown where they belong.</summary>
[Collection(UpCollection.Name)]
public sealed class EditingTests(UpFixture up)
{
    [Fact]
    public async Task TenantRateLimit_LoweredOnThePage_EdgeThrottlesThatTenantAnd429sAppearOnThePage()
    {
        var tenant = "browser-" + Guid.NewGuid().ToString("N")[..8];
        var key = await KeyStore.AddAsync(up.ApiKeysFile, tenant);
        using var http = new HttpClient { BaseAddress = up.Edge, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", key);
        using var stop = new CancellationTokenSource();
        var statuses = new List<HttpStatusCode>();
        var agent = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var body = new StringBuilder();
                for (var j = 0; j < 20; j++)
                {
                    body.Append(CultureInfo.InvariantCulture, $"browser_test,host=h{j} value={i} \n");
                }

                using var response = await http.PostAsync("api/v2/write?org=o&bucket=b", new StringContent(body.ToString()), CancellationToken.None);
                lock (statuses)
                {
                    statuses.Add(response.StatusCode);
                }

                await Task.Delay(200, CancellationToken.None);
            }
        });
        try
        {
            var (page, _) = await up.OpenAsync();
            await page.GotoAsync(up.Page.ToString());
            await PageSteps.EnterAdminKeyAsync(page, up.AdminKey);
            await Assertions.Expect(page.Locator($"#tenant-rates tr[data-tenant='{tenant}']")).ToBeVisibleAsync(new() { Timeout = PageSteps.Timeout });
            (await PageSteps.NumberAsync(page, $"#tenant-rates tr[data-tenant='{tenant}'] .throttled-total")).Should().Be(0, "nothing limits the tenant yet");

            await PageSteps.ShowTabAsync(page, "tenants");
            await page.FillAsync("#tenant-name", tenant);
            await page.ClickAsync("#tenant-open button");
            await Assertions.Expect(page.Locator("#policy-tenant")).ToHaveTextAsync(tenant);
            await Assertions.Expect(page.Locator("#policy-result")).ToContainTextAsync("default", new() { Timeout = PageSteps.Timeout });
            await page.CheckAsync("fieldset[data-policy='token-bucket'] legend input");
            await page.FillAsync("[data-field='token-bucket.pointsPerSecond']", "1");
            await page.FillAsync("[data-field='token-bucket.burst']", "20");
            await page.ClickAsync("#policy-save");
            await Assertions.Expect(page.Locator("#policy-result")).ToContainTextAsync("saved", new() { Timeout = PageSteps.Timeout });

            await PageSteps.ShowTabAsync(page, "live");
            await Poll.UntilAsync(
                async () => await PageSteps.NumberAsync(page, $"#tenant-rates tr[data-tenant='{tenant}'] .throttled-total") > 0
                    && await PageSteps.NumberAsync(page, "#status-429-total") > 0,
                "throttled points and 429s of the tenant on the page",
                TimeSpan.FromSeconds(90));
            lock (statuses)
            {
                statuses.Should().Contain(HttpStatusCode.TooManyRequests, "the edge itself refuses the tenant's writes now");
            }

            var (status, policies) = await PageSteps.AdminAsync(up.Page, up.AdminKey, HttpMethod.Get, $"/admin/tenants/{tenant}/policies");
            status.Should().Be(200);
            policies.GetProperty("policies").GetProperty("token-bucket").GetProperty("pointsPerSecond").GetDouble().Should().Be(1);
            await page.Context.CloseAsync();
        }
        finally
        {
            await stop.CancelAsync();
            await agent;
            await PageSteps.AdminAsync(up.Page, up.AdminKey, HttpMethod.Delete, $"/admin/tenants/{tenant}/policies");
        }
    }

    [Fact]
    public async Task InvalidAlertRule_SavedOnThePage_ShowsTheProblemNextToTheFieldAndIsNotSaved()
    {
        var id = "browser-invalid-" + Guid.NewGuid().ToString("N")[..8];
        var (page, errors) = await up.OpenAsync();
        await page.GotoAsync(up.Page + "#rules");
        await PageSteps.EnterAdminKeyAsync(page, up.AdminKey);
        await Assertions.Expect(page.Locator("#rule-list li[data-rule]").First).ToBeVisibleAsync(new() { Timeout = PageSteps.Timeout });
        await page.ClickAsync("#rule-new");
        await page.FillAsync("[data-field='id']", id);
        await page.FillAsync("[data-field='select.measurement']", "cpu");
        await page.FillAsync("[data-field='select.field']", "usage_user");
        await page.FillAsync("[data-field='aggregate']", "mean");
        await page.FillAsync("[data-field='threshold.value']", "very high");
        await page.FillAsync("[data-field='threshold.for']", "5m");
        await page.ClickAsync("#rule-save");

        var problem = page.Locator(".problem[data-problem='threshold.value']");
        await Assertions.Expect(problem).Not.ToBeEmptyAsync(new() { Timeout = PageSteps.Timeout });
        await Assertions.Expect(page.Locator("[data-field='threshold.value']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("invalid"));
        await Assertions.Expect(page.Locator("#rule-result")).ToContainTextAsync("not saved");
        (await page.Locator(".problem[data-problem='id']").TextContentAsync()).Should().BeEmpty("only the value is wrong");
        var (status, _) = await PageSteps.AdminAsync(up.Page, up.AdminKey, HttpMethod.Get, $"/admin/alert-rules/{id}");
        status.Should().Be(404, "an invalid rule is not saved");
        errors.Where(e => !e.Contains("400", StringComparison.Ordinal)).Should().BeEmpty("the only error is the browser's note of the 400 answer");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task InvalidTenantPolicy_SavedOnThePage_ShowsEachProblemNextToItsFieldAndChangesNothing()
    {
        var tenant = "browser-policy-" + Guid.NewGuid().ToString("N")[..8];
        var (page, _) = await up.OpenAsync();
        await page.GotoAsync(up.Page + "#tenants");
        await PageSteps.EnterAdminKeyAsync(page, up.AdminKey);
        await page.FillAsync("#tenant-name", tenant);
        await page.ClickAsync("#tenant-open button");
        await Assertions.Expect(page.Locator("#policy-result")).ToContainTextAsync("default", new() { Timeout = PageSteps.Timeout });
        await page.CheckAsync("fieldset[data-policy='token-bucket'] legend input");
        await page.FillAsync("[data-field='token-bucket.pointsPerSecond']", "-5");
        await page.FillAsync("[data-field='token-bucket.burst']", "0");
        await page.ClickAsync("#policy-save");

        await Assertions.Expect(page.Locator(".problem[data-problem='token-bucket.burst']")).ToContainTextAsync("burst must be at least 1", new() { Timeout = PageSteps.Timeout });
        await Assertions.Expect(page.Locator(".problem[data-problem='token-bucket.pointsPerSecond']")).ToContainTextAsync("pointsPerSecond must be a positive number");
        await Assertions.Expect(page.Locator("#policy-result")).ToContainTextAsync("not saved");
        var (status, policies) = await PageSteps.AdminAsync(up.Page, up.AdminKey, HttpMethod.Get, $"/admin/tenants/{tenant}/policies");
        status.Should().Be(200);
        policies.GetProperty("default").GetBoolean().Should().BeTrue("an invalid policy set changes nothing");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithoutTheAdminKey_PolicyAndRuleEdits_AreRefusedByTheApiAndThePageSaysSo()
    {
        var (page, _) = await up.OpenAsync();
        await page.GotoAsync(up.Page + "#tenants");
        await Assertions.Expect(page.Locator("#key-state")).ToHaveTextAsync("no admin key: live view only");
        await page.FillAsync("#tenant-name", "demo");
        await page.ClickAsync("#tenant-open button");
        await page.CheckAsync("fieldset[data-policy='token-bucket'] legend input");
        await page.FillAsync("[data-field='token-bucket.pointsPerSecond']", "1");
        await page.FillAsync("[data-field='token-bucket.burst']", "1");
        await page.ClickAsync("#policy-save");
        await Assertions.Expect(page.Locator("#policy-result")).ToContainTextAsync("Refused by the API (401)", new() { Timeout = PageSteps.Timeout });

        var id = "browser-nokey-" + Guid.NewGuid().ToString("N")[..8];
        await PageSteps.ShowTabAsync(page, "rules");
        await page.FillAsync("[data-field='id']", id);
        await page.FillAsync("[data-field='select.measurement']", "cpu");
        await page.FillAsync("[data-field='select.field']", "usage_user");
        await page.FillAsync("[data-field='aggregate']", "mean");
        await page.FillAsync("[data-field='threshold.value']", "90");
        await page.ClickAsync("#rule-save");
        await Assertions.Expect(page.Locator("#rule-result")).ToContainTextAsync("Refused by the API (401)", new() { Timeout = PageSteps.Timeout });

        var (policyStatus, policies) = await PageSteps.AdminAsync(up.Page, up.AdminKey, HttpMethod.Get, "/admin/tenants/demo/policies");
        policyStatus.Should().Be(200);
        policies.GetProperty("default").GetBoolean().Should().BeTrue("the refused edit changed nothing");
        (await PageSteps.AdminAsync(up.Page, up.AdminKey, HttpMethod.Get, $"/admin/alert-rules/{id}")).Status.Should().Be(404);
        (await PageSteps.AdminAsync(up.Page, string.Empty, HttpMethod.Put, "/admin/tenants/demo/policies")).Status.Should().Be(401);
        await page.Context.CloseAsync();
    }
}
