using System.Net.Http.Headers;

namespace MetricStream.FaultTests.Security;

/// <summary>API keys never appear in any role's log output, also when a request carries one in its URL or fails authentication.</summary>
[Collection(SecurityCollection.Name)]
public sealed class KeyLoggingTests(SecurePipeline secure)
{
    [Fact]
    public async Task KeysUsedRightAndWrong_NeverInAnyRolesLog()
    {
        var edge = secure.Pipeline.EdgeUrl;
        var wrongKey = "msk_" + Guid.NewGuid().ToString("N");
        await SecurePipeline.SendAsync(HttpMethod.Post, new Uri(edge, "api/v2/write?bucket=b&precision=s"), secure.AlphaKey, new StringContent("keys,host=a value=1"));
        await SecurePipeline.SendAsync(HttpMethod.Post, new Uri(edge, "api/v2/write?bucket=b&precision=s"), wrongKey, new StringContent("keys,host=a value=1"));
        await SecurePipeline.SendAsync(HttpMethod.Post, new Uri(edge, $"write?db=d&u=x&p={secure.BetaKey}"), null, new StringContent("keys,host=b value=1"));
        await SecurePipeline.SendAsync(HttpMethod.Post, new Uri(edge, "write?db=d"), secure.BetaKey, new StringContent("keys,host=b value=\"broken"));
        await SecurePipeline.SendAsync(HttpMethod.Get, new Uri(edge, "admin/tenants/beta/policies"), secure.AlphaKey);
        await SecurePipeline.SendAsync(HttpMethod.Get, new Uri(edge, "admin/tenants/beta/policies"), secure.AdminKey);
        await SecurePipeline.SendAsync(HttpMethod.Get, new Uri(secure.AdminListener, "admin/alert-rules"), secure.BetaKey);
        await SecurePipeline.SendAsync(HttpMethod.Get, new Uri(secure.AdminListener, "admin/alert-rules"), secure.AdminKey);
        using (var basic = new HttpClient())
        {
            basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("u:" + wrongKey)));
            using var response = await basic.PostAsync(new Uri(edge, "write?db=d"), new StringContent("keys value=1"));
        }

        var logs = secure.Pipeline.Logs().ToList();
        logs.Should().NotBeEmpty("the roles' output is captured (else this scan would prove nothing)");
        foreach (var key in new[] { secure.AlphaKey, secure.BetaKey, secure.AdminKey, wrongKey })
        {
            var part = key.Substring(4, 16);
            logs.Should().NotContain(l => l.Contains(part, StringComparison.Ordinal), "no key (nor a recognisable part of one) is logged");
        }
    }
}
