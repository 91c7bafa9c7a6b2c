using System.Net.Http.Headers;
using System.Text;
using MetricStream.Edge.IntegrationTests.Support;

namespace MetricStream.Edge.IntegrationTests.Endpoints;

[Collection(EdgeCollection.Name)]
public sealed class AuthTests(EdgeFixture fixture)
{
    [Theory]
    [InlineData("/api/v2/write")]
    [InlineData("/write")]
    [InlineData("/api/v1/write")]
    [InlineData("/api/v1/metrics")]
    public async Task Write_MissingKey_401AndNothingProduced(string path)
    {
        await using var edge = await fixture.StartEdgeAsync();

        var response = await edge.PostAsync(path, "m v=1"u8.ToArray(), key: null);

        response.Status.Should().Be(401);
        response.Body.Should().Contain("unauthorized");
        edge.ReadAll().Should().BeEmpty();
    }

    [Theory]
    [InlineData("Token", "msk_wrong")]
    [InlineData("Bearer", "msk_wrong")]
    [InlineData("Token", "")]
    [InlineData("Basic", "msk_acme-test-key-0000000000000000000000000000")]
    [InlineData("Digest", "msk_acme-test-key-0000000000000000000000000000")]
    public async Task InfluxV2Write_WrongOrUnsupportedCredentials_401(string scheme, string value)
    {
        await using var edge = await fixture.StartEdgeAsync();

        var response = await edge.PostAsync("/api/v2/write", Encoding.UTF8.GetBytes("m v=1"), key: null, configure: r =>
            r.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {value}"));

        response.Status.Should().Be(401);
        edge.ReadAll().Should().BeEmpty();
    }

    [Fact]
    public async Task Write_BearerScheme_IsAccepted()
    {
        await using var edge = await fixture.StartEdgeAsync();

        var response = await edge.PostAsync("/api/v2/write", Encoding.UTF8.GetBytes("m v=1"), key: null, configure: r =>
            r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeHarness.GlobexKey));

        response.Status.Should().Be(204);
        edge.ReadAllPoints().Single().Tenant.Should().Be("globex");
    }

    [Theory]
    [InlineData("/write?u=acme&p=msk_wrong")]
    [InlineData("/write?u=acme")]
    [InlineData("/api/v2/write?u=x&p=msk_acme-test-key-0000000000000000000000000000")]
    public async Task Write_QueryCredentials_OnlyValidOnV1(string path)
    {
        await using var edge = await fixture.StartEdgeAsync();

        (await edge.PostAsync(path, Encoding.UTF8.GetBytes("m v=1"), key: null)).Status.Should().Be(401);
    }

    [Fact]
    public async Task InfluxV1Write_BasicWithWrongPassword_401()
    {
        await using var edge = await fixture.StartEdgeAsync();

        var response = await edge.PostAsync("/write?db=x", Encoding.UTF8.GetBytes("m v=1"), key: null, configure: r =>
            r.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(EdgeHarness.AcmeKey + ":nope"))));

        response.Status.Should().Be(401);
    }
}
