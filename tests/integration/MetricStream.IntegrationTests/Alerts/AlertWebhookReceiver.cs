using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace MetricStream.IntegrationTests.Alerts;

/// <summary>
/// A webhook receiver on a local port (<see cref="HttpListener"/>): down (connection refused) until
/// <see cref="Start"/>, then it answers 200 to every POST and keeps the JSON bodies.
/// </summary>
internal sealed class AlertWebhookReceiver(int port) : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public Uri Url { get; } = new($"http://127.0.0.1:{port}/hook/");

    /// <summary>The bodies received, in arrival order.</summary>
    public ConcurrentQueue<JsonObject> Received { get; } = new();

    public void Start()
    {
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (_listener.IsListening)
        {
            _listener.Stop();
        }

        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                if (JsonNode.Parse(await reader.ReadToEndAsync()) is JsonObject body)
                {
                    Received.Enqueue(body);
                }
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
