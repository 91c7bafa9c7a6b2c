using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MetricStream.Edge.Tenants;
using MetricStream.Host.Admin;
using MetricStream.Host.Admin.AlertRules;
using MetricStream.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.IntegrationTests.Alerts;

/// <summary>The alert rules API when Kafka cannot be reached: 503 with a reason, no hang, and the firing list still answers.</summary>
public sealed class AlertRulesUnavailableTests
{
    [Fact]
    public async Task KafkaUnreachable_RuleRequestsAnswer503_FiringStillAnswers()
    {
        var context = new AdminContext
        {
            BootstrapServers = $"127.0.0.1:{FreePort.Next()}", // nothing listens there
            RegistryUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}"),
            Logs = NullLoggerFactory.Instance,
        };
        var keys = KeyStore.FromKeys([(AlertStackFixture.AdminKey, new ApiKeyIdentity("ops", KeyRole.Admin))]);
        await using var admin = await AdminServer.StartAsync(new Uri("http://127.0.0.1:0"), new AdminKeyCheck(keys), [new AlertRulesModule(context)], NullLoggerFactory.Instance, CancellationToken.None);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", AlertStackFixture.AdminKey);
        var url = admin.Url.ToString().TrimEnd('/');

        using var put = await http.PutAsync(url + "/admin/alert-rules/r", new StringContent("""{"select":{"measurement":"cpu"},"absence":{"for":"2m"}}"""));
        using var firing = await http.GetAsync(url + "/admin/alerts/firing");

        ((int)put.StatusCode).Should().Be(503);
        JsonNode.Parse(await put.Content.ReadAsStringAsync())!["code"]!.GetValue<string>().Should().Be("unavailable");
        ((int)firing.StatusCode).Should().Be(200);
        JsonNode.Parse(await firing.Content.ReadAsStringAsync())!["alerts"]!.AsArray().Should().BeEmpty("no application runs in this process");
    }
}
