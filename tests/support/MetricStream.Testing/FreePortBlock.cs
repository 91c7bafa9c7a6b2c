using System.Net;
using System.Net.Sockets;

namespace MetricStream.Testing;

/// <summary>Finds consecutive free TCP ports on 127.0.0.1, for <c>metricstream up --port-base P</c> (which uses P to P+6).</summary>
public static class FreePortBlock
{
    /// <summary>Returns a first port P such that P to P + <paramref name="count"/> - 1 were all free a moment ago.</summary>
    /// <param name="count">How many consecutive ports. Default 7 (what <c>up</c> uses).</param>
    /// <returns>The first port.</returns>
    public static int Next(int count = 7)
    {
        // Below Linux's ephemeral range (32768+), so outgoing connections do not take the ports meanwhile.
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
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
