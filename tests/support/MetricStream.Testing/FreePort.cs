using System.Net;
using System.Net.Sockets;

namespace MetricStream.Testing;

/// <summary>Finds a free TCP port on 127.0.0.1 for a server a test starts.</summary>
public static class FreePort
{
    /// <summary>Returns a port that was free a moment ago (the OS picks it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
