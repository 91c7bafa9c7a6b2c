using System.Net;
using System.Text;
using MetricStream.Testing;
using MetricStream.Testing.Influx;

namespace MetricStream.Sinks.IntegrationTests.Local;

public sealed class LocalInfluxdTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task StartAsync_AnswersPing_AndDataSurvivesKillAndRestart()
    {
        await using var influx = await InfluxdFixture.StartAsync();
        var server = influx.Server;
        using (var ping = await Http.GetAsync(new Uri(server.Url, "ping")))
        {
            ping.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        File.Exists(Path.Combine(server.DataDirectory, "influxd.conf")).Should().BeTrue();
        var db = influx.NewDatabaseName();
        await influx.Query.RunAsync($"CREATE DATABASE \"{db}\"", post: true);
        using (var write = await Http.PostAsync(new Uri(server.Url, $"write?db={db}&precision=ns"), new StringContent("cpu,host=a value=1.5 1000000000\n", Encoding.UTF8)))
        {
            write.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        server.Kill();
        server.IsRunning.Should().BeFalse();
        await Assert.ThrowsAsync<HttpRequestException>(() => Http.GetAsync(new Uri(server.Url, "ping")));

        await server.RestartAsync();
        server.IsRunning.Should().BeTrue();
        (await influx.Query.CountAsync(db, "cpu", "value")).Should().Be(1);

        await server.StopAsync();
        server.IsRunning.Should().BeFalse();
    }

    [Fact]
    public async Task TwoServers_RunSideBySide_OnTheirOwnPorts()
    {
        await using var first = await InfluxdFixture.StartAsync();
        await using var second = await InfluxdFixture.StartAsync();
        first.Server.RpcPort.Should().NotBe(second.Server.RpcPort);
        await Poll.UntilAsync(() => first.Server.IsRunning && second.Server.IsRunning, "both influxd running");
    }
}
