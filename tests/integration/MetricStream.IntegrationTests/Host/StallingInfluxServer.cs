using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MetricStream.IntegrationTests.Host;

/// <summary>
/// A fault-injecting stand-in for InfluxDB 1.x over real TCP: <c>/ping</c> and <c>/query</c> (provisioning) are
/// answered, every <c>/write</c> is read and then never answered, as a server that hangs would do.
/// </summary>
internal sealed class StallingInfluxServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;
    private int _writes;

    private StallingInfluxServer()
    {
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Url { get; }

    /// <summary>Write requests received (and left unanswered).</summary>
    public int Writes => Volatile.Read(ref _writes);

    public static StallingInfluxServer Start() => new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            _clients.ForEach(c => c.Dispose());
        }

        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = Task.Run(() => ServeAsync(client), CancellationToken.None);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            while (await reader.ReadLineAsync(_stop.Token) is { } requestLine)
            {
                var length = 0;
                while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } header)
                {
                    if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                if (length > 0)
                {
                    // (A zero-length read would wait for more bytes.) Gzip bytes decode as '?' one for one: only the count matters.
                    await reader.ReadBlockAsync(new char[length], _stop.Token);
                }

                if (requestLine.Contains(" /write", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _writes);
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                const string Json = """{"results":[{"statement_id":0}]}""";
                var answer = requestLine.Contains(" /ping", StringComparison.Ordinal)
                    ? "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"
                    : $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Json.Length}\r\n\r\n{Json}";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped.
        }

    }
}
