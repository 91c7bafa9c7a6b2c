using System.Net;
using System.Net.Sockets;

namespace MetricStream.BrowserTests.Support;

/// <summary>Consecutive free TCP ports on 127.0.0.1 for <c>metricstream up --port-base P</c> (P to P+6).</summary>
internal static class FreePortBlock
{
    public static int Next(int count = 7)
    {
        // Below Linux's ephemeral range, so outgoing connections do not take the ports meanwhile.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20_000, 32_000 - count);
            if (AllFree(first, count))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found");
    }

    private static bool AllFree(int first, int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var port = first; port < first + count; port++)
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listeners.Add(listener);
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
