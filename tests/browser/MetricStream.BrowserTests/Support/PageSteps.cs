using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;

namespace MetricStream.BrowserTests.Support;

/// <summary>What the tests do on the page and against the admin API, in the page's own terms.</summary>
internal static class PageSteps
{
    /// <summary>Generous: the machine is shared by many suites.</summary>
    public static readonly float Timeout = 60_000;

    public static async Task EnterAdminKeyAsync(IPage page, string key)
    {
        await page.FillAsync("#admin-key", key);
        await page.ClickAsync("#key-use");
        await Assertions.Expect(page.Locator("#key-state")).ToHaveTextAsync("admin key accepted", new() { Timeout = Timeout });
    }

    public static async Task ShowTabAsync(IPage page, string tab)
    {
        await page.ClickAsync($"nav a[data-tab='{tab}']");
        await Assertions.Expect(page.Locator($"#tab-{tab}")).ToBeVisibleAsync(new() { Timeout = Timeout });
    }

    /// <summary>A number as the page prints it (<c>12</c>, <c>3.5</c>, <c>12.3k</c>, <c>1.20M</c>; <c>–</c> is null).</summary>
    public static double? Number(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text == "–")
        {
            return null;
        }

        var scale = text[^1] switch { 'k' => 1e3, 'M' => 1e6, _ => 1 };
        var digits = scale == 1 ? text : text[..^1];
        return double.Parse(digits, CultureInfo.InvariantCulture) * scale;
    }

    public static async Task<double?> NumberAsync(IPage page, string selector) =>
        await page.Locator(selector).CountAsync() == 0 ? null : Number(await page.Locator(selector).First.TextContentAsync());

    /// <summary>Calls the admin API directly (to check what the page did), with the admin key unless <paramref name="key"/> is empty.</summary>
    public static async Task<(int Status, JsonElement Body)> AdminAsync(Uri page, string key, HttpMethod method, string path)
    {
        using var http = new HttpClient { BaseAddress = page, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (key.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", key);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
