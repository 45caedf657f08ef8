using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeepalivedSharp.Operations.Metrics;

/// <summary>
/// Opt-in Prometheus endpoint (<c>--metrics ADDRESS:PORT</c>): a minimal HTTP/1.x responder on a
/// TcpListener serving <c>GET /metrics</c> in text format 0.0.4, one request per connection
/// (Connection: close). Requests are bounded (8 KiB of headers, 5 s to send them).
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private const int MaxRequestBytes = 8 * 1024;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);
    private readonly IDaemonControl _control;
    private readonly ILogger _logger;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private Task? _accepting;

    public MetricsServer(IDaemonControl control, IPEndPoint endpoint, ILogger? logger = null)
    {
        _control = control;
        _logger = logger ?? NullLogger.Instance;
        _listener = new TcpListener(endpoint);
    }

    /// <summary>The bound endpoint (with the real port when 0 was asked for).</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    public void Start()
    {
        _listener.Start();
        _accepting = Task.Run(AcceptLoopAsync);
        OperationsLog.MetricsListening(_logger, Endpoint.ToString());
    }

    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_accepting is not null) await _accepting.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _listener.Dispose();
        _stop.Dispose();
    }

    /// <summary>Parses "ADDRESS:PORT" ("0.0.0.0:9650", "[::1]:9650", "127.0.0.1:9650").</summary>
    public static IPEndPoint ParseEndpoint(string text)
        => IPEndPoint.TryParse(text, out var ep) && ep.Port != 0
            ? ep
            : throw new FormatException($"--metrics: '{text}' is not ADDRESS:PORT (e.g. 127.0.0.1:9650 or [::]:9650)");

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested) return;
                continue;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(ReadTimeout);
        try
        {
            var stream = client.GetStream();
            var requestLine = await ReadRequestLineAsync(stream, timeout.Token).ConfigureAwait(false);
            var parts = requestLine?.Split(' ') ?? [];
            if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            {
                await RespondAsync(stream, 400, "Bad Request", "text/plain", "bad request\n", timeout.Token).ConfigureAwait(false);
                return;
            }
            if (parts[0] != "GET")
            {
                await RespondAsync(stream, 405, "Method Not Allowed", "text/plain", "only GET\n", timeout.Token).ConfigureAwait(false);
                return;
            }
            var path = parts[1].Split('?', 2)[0];
            if (path == "/metrics")
            {
                var status = await _control.GetStatusAsync(timeout.Token).ConfigureAwait(false);
                await RespondAsync(stream, 200, "OK", PrometheusText.ContentType, MetricsFormatter.Format(status), timeout.Token).ConfigureAwait(false);
            }
            else if (path == "/")
                await RespondAsync(stream, 200, "OK", "text/plain", "keepalived-sharp: metrics at /metrics\n", timeout.Token).ConfigureAwait(false);
            else
                await RespondAsync(stream, 404, "Not Found", "text/plain", "not found; metrics are at /metrics\n", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or InvalidOperationException)
        {
            OperationsLog.MetricsFailed(_logger, e.Message);
        }
    }

    /// <summary>Reads the header block (to the blank line) and returns its first line; null when it is too long or cut.</summary>
    private static async Task<string?> ReadRequestLineAsync(NetworkStream stream, CancellationToken cancellation)
    {
        var buffer = new byte[MaxRequestBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(length), cancellation).ConfigureAwait(false);
            if (n == 0) return null;
            length += n;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) end = text.IndexOf("\n\n", StringComparison.Ordinal);
            if (end >= 0) return text[..text.IndexOf('\n', StringComparison.Ordinal)].TrimEnd('\r');
        }
        return null;
    }

    private static async Task RespondAsync(NetworkStream stream, int code, string reason, string contentType, string body, CancellationToken cancellation)
    {
        var content = Encoding.UTF8.GetBytes(body);
        var head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {code} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellation).ConfigureAwait(false);
        await stream.WriteAsync(content, cancellation).ConfigureAwait(false);
    }
}
