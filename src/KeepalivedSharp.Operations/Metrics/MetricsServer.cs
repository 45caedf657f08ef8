using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KeepalivedSharp.Notify.Logging;
using KeepalivedSharp.Operations.Control;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeepalivedSharp.Operations.Metrics;

/// <summary>
/// Opt-in Prometheus endpoint (<c>--metrics ADDRESS:PORT</c>): a minimal HTTP/1.x responder serving
/// <c>GET /metrics</c> in text format 0.0.4, one request per connection (Connection: close). Bounded
/// by <see cref="ConnectionLimits.Metrics"/>: 8 KiB of headers sent within 5 s, 5 s to take the
/// reply, 8 connections at once (more get a 503 at once). Failures are logged at a limited rate.
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private static readonly byte[] BusyReply = Encoding.ASCII.GetBytes("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    private readonly IDaemonControl _control;
    private readonly ILogger _logger;
    private readonly ConnectionLimits _limits;
    private readonly LogRateLimiter _logLimit;
    private readonly IPEndPoint _endpoint;
    private readonly Socket _listener;
    private BoundedAcceptor? _acceptor;

    /// <param name="limits">Default <see cref="ConnectionLimits.Metrics"/>.</param>
    /// <param name="time">The clock of the log rate limit.</param>
    public MetricsServer(IDaemonControl control, IPEndPoint endpoint, ILogger? logger = null, ConnectionLimits? limits = null, TimeProvider? time = null)
    {
        _control = control;
        _logger = logger ?? NullLogger.Instance;
        _limits = limits ?? ConnectionLimits.Metrics;
        _logLimit = new LogRateLimiter(time ?? TimeProvider.System);
        _endpoint = endpoint;
        _listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    }

    /// <summary>The bound endpoint (with the real port when 0 was asked for).</summary>
    public IPEndPoint Endpoint => (IPEndPoint?)_listener.LocalEndPoint ?? _endpoint;

    /// <summary>Connections being served now.</summary>
    public int ActiveConnections => _acceptor?.Active ?? 0;

    /// <summary>Binds (as TcpListener does: SO_REUSEADDR) and starts accepting.</summary>
    public void Start()
    {
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(_endpoint);
        _listener.Listen(64);
        _acceptor = new BoundedAcceptor(_listener, _limits.MaxConnections, ServeAsync, Refuse);
        _acceptor.Start();
        OperationsLog.MetricsListening(_logger, Endpoint.ToString());
    }

    public async Task StopAsync()
    {
        if (_acceptor is not { } acceptor) return;
        _acceptor = null;
        await acceptor.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _listener.Dispose();
    }

    /// <summary>Parses "ADDRESS:PORT" ("0.0.0.0:9650", "[::1]:9650", "127.0.0.1:9650").</summary>
    public static IPEndPoint ParseEndpoint(string text)
        => IPEndPoint.TryParse(text, out var ep) && ep.Port != 0
            ? ep
            : throw new FormatException($"--metrics: '{text}' is not ADDRESS:PORT (e.g. 127.0.0.1:9650 or [::]:9650)");

    private void Refuse(Socket client)
    {
        BoundedAcceptor.SendNow(client, BusyReply);
        if (_logLimit.MayLog(_logger, "Metrics busy")) OperationsLog.MetricsBusy(_logger, _limits.MaxConnections, client.RemoteEndPoint?.ToString() ?? "?");
    }

    private async Task ServeAsync(Socket client, CancellationToken stop)
    {
        try
        {
            RequestLine? request;
            using (var read = ConnectionLimits.Deadline(_limits.ReadTimeout, stop))
            {
                try
                {
                    request = await ReadRequestLineAsync(client, _limits.MaxRequestBytes, read.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    throw new TimeoutException($"no complete request within {_limits.ReadTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
                }
            }
            using var write = ConnectionLimits.Deadline(_limits.WriteTimeout, stop);
            await RespondAsync(client, request, write.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException
            || e is OperationCanceledException or IOException or SocketException && !stop.IsCancellationRequested)
        {
            if (_logLimit.MayLog(_logger, "Metrics failed")) OperationsLog.MetricsFailed(_logger, e.Message);
        }
    }

    private async Task RespondAsync(Socket client, RequestLine? request, CancellationToken cancellation)
    {
        switch (request)
        {
            case null:
                return; // closed before a request: nothing to answer
            case { Valid: false }:
                await SendAsync(client, 400, "Bad Request", "text/plain", "bad request\n", cancellation).ConfigureAwait(false);
                return;
            case { Method: not "GET" }:
                await SendAsync(client, 405, "Method Not Allowed", "text/plain", "only GET\n", cancellation).ConfigureAwait(false);
                return;
            case { Path: "/metrics" }:
                var status = await _control.GetStatusAsync(cancellation).ConfigureAwait(false);
                await SendAsync(client, 200, "OK", PrometheusText.ContentType, MetricsFormatter.Format(status), cancellation).ConfigureAwait(false);
                return;
            case { Path: "/" }:
                await SendAsync(client, 200, "OK", "text/plain", "keepalived-sharp: metrics at /metrics\n", cancellation).ConfigureAwait(false);
                return;
            default:
                await SendAsync(client, 404, "Not Found", "text/plain", "not found; metrics are at /metrics\n", cancellation).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>A request's first line; <c>Valid</c> is false for a malformed one or a header block over the bound.</summary>
    private sealed record RequestLine(bool Valid, string Method = "", string Path = "")
    {
        public static RequestLine Parse(string line)
        {
            var parts = line.Split(' ');
            return parts.Length == 3 && parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal)
                ? new RequestLine(true, parts[0], parts[1].Split('?', 2)[0])
                : new RequestLine(false);
        }
    }

    /// <summary>Reads the header block (to the blank line) into a pooled buffer of <paramref name="maxBytes"/>; null when the client closed first.</summary>
    private static async Task<RequestLine?> ReadRequestLineAsync(Socket client, int maxBytes, CancellationToken cancellation)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            var length = 0;
            while (length < maxBytes)
            {
                var n = await client.ReceiveAsync(buffer.AsMemory(length, maxBytes - length), SocketFlags.None, cancellation).ConfigureAwait(false);
                if (n == 0) return length == 0 ? null : new RequestLine(false);
                // Look for the blank line from just before the new bytes, so each byte is scanned about once.
                var from = Math.Max(0, length - 3);
                length += n;
                if (EndOfHeaders(buffer.AsSpan(from, length - from)))
                {
                    var head = buffer.AsSpan(0, length);
                    return RequestLine.Parse(Encoding.ASCII.GetString(head[..head.IndexOf((byte)'\n')]).TrimEnd('\r'));
                }
            }
            return new RequestLine(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool EndOfHeaders(ReadOnlySpan<byte> bytes) => bytes.IndexOf("\r\n\r\n"u8) >= 0 || bytes.IndexOf("\n\n"u8) >= 0;

    private static async Task SendAsync(Socket client, int code, string reason, string contentType, string body, CancellationToken cancellation)
    {
        var content = Encoding.UTF8.GetBytes(body);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {code} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n"));
        await SendAllAsync(client, head, cancellation).ConfigureAwait(false);
        await SendAllAsync(client, content, cancellation).ConfigureAwait(false);
    }

    private static async Task SendAllAsync(Socket client, ReadOnlyMemory<byte> bytes, CancellationToken cancellation)
    {
        while (!bytes.IsEmpty) bytes = bytes[await client.SendAsync(bytes, SocketFlags.None, cancellation).ConfigureAwait(false)..];
    }
}
