using System.Net;
using System.Net.Sockets;
using MetricStream.Edge.Producing.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace MetricStream.Edge.Tests.Producing;

public sealed class TcpBrokerProbeTests
{
    [Fact]
    public async Task AnyReachable_ListenerThatKeepsConnectionsOpen_True()
    {
        using var broker = new TcpListener(IPAddress.Loopback, 0);
        broker.Start();
        var probe = Probe(Endpoint(broker));

        var probing = probe.AnyReachableAsync(CancellationToken.None);
        using var accepted = await broker.AcceptSocketAsync();

        (await probing).Should().BeTrue("a broker that accepts and stays silent is slow, not gone");
    }

    [Fact]
    public async Task AnyReachable_ListenerThatClosesEveryConnection_False()
    {
        // What the embedded broker does while "down", and a load balancer without backends.
        using var broker = new TcpListener(IPAddress.Loopback, 0);
        broker.Start();
        using var stop = new CancellationTokenSource();
        var closer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = await broker.AcceptSocketAsync(stop.Token);
                socket.Close();
            }
        });
        var probe = Probe(Endpoint(broker));

        var reachable = await probe.AnyReachableAsync(CancellationToken.None);

        reachable.Should().BeFalse();
        await stop.CancelAsync();
        await closer.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task AnyReachable_NothingListening_False()
    {
        var port = FreePortNumber();

        (await Probe(new DnsEndPoint("127.0.0.1", port)).AnyReachableAsync(CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task AnyReachable_OneOfThreeListening_True()
    {
        using var broker = new TcpListener(IPAddress.Loopback, 0);
        broker.Start();
        var probe = Probe(new DnsEndPoint("127.0.0.1", FreePortNumber()), Endpoint(broker), new DnsEndPoint("127.0.0.1", FreePortNumber()));

        var probing = probe.AnyReachableAsync(CancellationToken.None);
        using var accepted = await broker.AcceptSocketAsync();

        (await probing).Should().BeTrue();
    }

    [Fact]
    public void Parse_BootstrapList_EndpointsWithOptionalScheme()
    {
        TcpBrokerProbe.Parse("127.0.0.1:9092, PLAINTEXT://kafka-1:9093,bad,[::1]:9094").Should().Equal(
            new DnsEndPoint("127.0.0.1", 9092), new DnsEndPoint("kafka-1", 9093), new DnsEndPoint("::1", 9094));
    }

    private static TcpBrokerProbe Probe(params DnsEndPoint[] brokers) => new(() => brokers, TimeProvider.System, NullLogger.Instance);

    private static DnsEndPoint Endpoint(TcpListener listener) => new("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);

    private static int FreePortNumber()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
