using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KeepalivedSharp.Operations.Control;
using KeepalivedSharp.Operations.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace KeepalivedSharp.Operations.Tests.Operations.Metrics;

/// <summary>Issue 10, defect 5: the metrics endpoint bounds requests and connections and logs failures at a limited rate.</summary>
public sealed class MetricsServerBoundsTests : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly ListLogger _log = new();
    private readonly FakeTimeProvider _time = new();
    private readonly MetricsServer _server;

    public MetricsServerBoundsTests()
    {
        _server = new MetricsServer(new FakeDaemonControl(StatusSamples.FixtureStatus()), new IPEndPoint(IPAddress.Loopback, 0), _log,
            ConnectionLimits.Metrics with { ReadTimeout = TimeSpan.FromMilliseconds(300) }, _time);
        _server.Start();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<Socket> ConnectAsync()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(_server.Endpoint);
        return s;
    }

    /// <summary>Everything the server sends until it closes (a reset counts as the close).</summary>
    private static async Task<string> ReadToCloseAsync(Socket s)
    {
        using var cts = new CancellationTokenSource(Bound);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await s.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0) text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
        return text.ToString();
    }

    /// <summary>Waits (bounded) until the server has let go of every connection.</summary>
    private static async Task WaitIdleAsync(MetricsServer server)
    {
        var clock = Stopwatch.StartNew();
        while (server.ActiveConnections > 0 && clock.Elapsed < Bound) await Task.Delay(10);
        Assert.Equal(0, server.ActiveConnections);
    }

    [Fact]
    public async Task Headers_OverTheBound_BadRequestAndClosed()
    {
        using var s = await ConnectAsync();
        var head = "GET /metrics HTTP/1.1\r\nX-Pad: " + new string('a', 9 * 1024) + "\r\n\r\n";
        var send = s.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None);
        var reply = await ReadToCloseAsync(s);
        try { await send; } catch (SocketException) { }
        Assert.StartsWith("HTTP/1.1 400 Bad Request", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowHeaders_NoBlankLine_DroppedAtTheReadTimeoutAndLogged()
    {
        using var s = await ConnectAsync();
        await s.SendAsync("GET /metrics HTTP/1.1\r\nHost: x\r\n"u8.ToArray(), SocketFlags.None);
        var clock = Stopwatch.StartNew();
        Assert.Equal("", await ReadToCloseAsync(s));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        Assert.Contains("no complete request within 0.3 s", Assert.Single(_log.WithId(5011)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManySlowClients_TenWarningsThenOneCountOfTheRest()
    {
        for (int wave = 0; wave < 3; wave++)
        {
            var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ConnectAsync()));
            await Task.WhenAll(clients.Select(ReadToCloseAsync)); // each dropped at the read timeout
            foreach (var c in clients) c.Dispose();
            await WaitIdleAsync(_server);
        }
        Assert.Equal(10, _log.WithId(5011).Count);

        _time.Advance(TimeSpan.FromSeconds(10));
        using (var one = await ConnectAsync()) await ReadToCloseAsync(one);
        Assert.Equal(["Metrics failed: 14 similar message(s) suppressed"], _log.WithId(5090));
        Assert.Equal(11, _log.WithId(5011).Count);
    }

    [Fact]
    public async Task ConnectionCap_NinthGets503_ScrapeWorksAgainAfterOthersLeave()
    {
        await using var server = new MetricsServer(new FakeDaemonControl(StatusSamples.FixtureStatus()), new IPEndPoint(IPAddress.Loopback, 0), _log,
            ConnectionLimits.Metrics with { ReadTimeout = TimeSpan.FromSeconds(60) });
        server.Start();
        var held = new List<Socket>();
        try
        {
            for (int i = 0; i < ConnectionLimits.Metrics.MaxConnections; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                held.Add(s);
                await s.ConnectAsync(server.Endpoint);
            }
            // TCP completes the handshake before accept(): wait until the server has taken all eight.
            var clock = Stopwatch.StartNew();
            while (server.ActiveConnections < held.Count && clock.Elapsed < Bound) await Task.Delay(10);
            Assert.Equal(8, server.ActiveConnections);

            using var ninth = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await ninth.ConnectAsync(server.Endpoint);
            Assert.StartsWith("HTTP/1.1 503 Service Unavailable", await ReadToCloseAsync(ninth), StringComparison.Ordinal);
            Assert.Single(_log.WithId(5012));
        }
        finally
        {
            foreach (var s in held) s.Dispose();
        }
        await WaitIdleAsync(server);
        using var client = new HttpClient { Timeout = Bound };
        using var scrape = await client.GetAsync(new Uri($"http://127.0.0.1:{server.Endpoint.Port}/metrics"));
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
    }
}
