using System.Diagnostics;
using System.Text;
using KeepalivedSharp.Operations.Control;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Operations.Tests.Operations.Control;

/// <summary>Issue 10, defect 4: the control socket bounds line length, idle time and connections.</summary>
[Trait("Category", "Root")] // served as uid 0 (SO_PEERCRED)
public sealed class ControlServerBoundsTests : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly TempFolder _dir = new();
    private readonly ListLogger _log = new();
    private readonly ControlServer _server;

    public ControlServerBoundsTests() : this(ConnectionLimits.Control with { ReadTimeout = TimeSpan.FromMilliseconds(500) })
    {
    }

    private ControlServerBoundsTests(ConnectionLimits limits)
    {
        _server = new ControlServer(new FakeDaemonControl(StatusSamples.FixtureStatus()), _log, Path.Combine(_dir.Path, "control.sock"), limits: limits);
        _server.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private string Socket => _server.SocketPath;

    private static async Task<(string? Reply, bool Closed, TimeSpan After)> ReplyAndCloseAsync(System.Net.Sockets.Socket socket)
    {
        var clock = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(Bound);
        using var channel = new LineChannel(socket, 64 * 1024);
        var reply = await channel.ReadLineAsync(cts.Token);
        bool closed;
        try
        {
            closed = await channel.ReadLineAsync(cts.Token) is null;
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionReset)
        {
            closed = true; // closed with bytes of ours still unread: the kernel resets instead of a clean end
        }
        return (reply, closed, clock.Elapsed);
    }

    [Fact]
    public async Task HugeLine_OverTheBound_ErrorReplyAndClosed()
    {
        using var cts = new CancellationTokenSource(Bound);
        var line = Encoding.ASCII.GetBytes(new string('x', 1024 * 1024) + "\n");
        var reply = await ControlAttack.HugeLineAsync(Socket, line, cts.Token);
        var response = ControlProtocol.ParseResponse(reply!)!;
        Assert.False(response.Ok);
        Assert.Contains("request longer than 4096 bytes", response.Error, StringComparison.Ordinal);
        Assert.Single(_log.WithId(6006));
    }

    [Fact]
    public async Task Request_ExactlyTheBound_Answered()
    {
        // {"command":"status"} padded with spaces to 4096 bytes: still one valid request.
        var json = "{\"command\":\"status\"}";
        var line = json.PadRight(4096) + "\n";
        using var socket = await ControlAttack.ConnectAsync(Socket, CancellationToken.None);
        using var channel = new LineChannel(socket, ControlProtocol.MaxReplyBytes);
        await channel.WriteLineAsync(line[..^1], CancellationToken.None);
        using var cts = new CancellationTokenSource(Bound);
        var reply = ControlProtocol.ParseResponse((await channel.ReadLineAsync(cts.Token))!)!;
        Assert.True(reply.Ok, reply.Error);
    }

    [Fact]
    public async Task IdleClient_SendsNothing_DroppedAtTheReadTimeout()
    {
        using var socket = await ControlAttack.ConnectAsync(Socket, CancellationToken.None);
        var (reply, closed, after) = await ReplyAndCloseAsync(socket);
        Assert.Contains("no complete request within 0.5 s", reply, StringComparison.Ordinal);
        Assert.True(closed);
        Assert.InRange(after, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
    }

    /// <summary>Sends <paramref name="bytes"/> every 100 ms until the server closes; returns what the server said and when.</summary>
    private static async Task<(string? Reply, bool Closed, TimeSpan After)> DripAsync(System.Net.Sockets.Socket socket, byte[] bytes)
    {
        using var stop = new CancellationTokenSource();
        var drip = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await socket.SendAsync(bytes, System.Net.Sockets.SocketFlags.None);
                    await Task.Delay(100, stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException)
            {
            }
        });
        var result = await ReplyAndCloseAsync(socket);
        await stop.CancelAsync();
        await drip;
        return result;
    }

    [Theory]
    [InlineData("{")] // slow loris: a request that never ends
    [InlineData("\n")] // empty lines do not restart the clock
    public async Task Dripping_EveryHundredMs_DroppedAtTheReadTimeoutNotLater(string drip)
    {
        using var socket = await ControlAttack.ConnectAsync(Socket, CancellationToken.None);
        var (reply, closed, after) = await DripAsync(socket, Encoding.ASCII.GetBytes(drip));
        Assert.Contains("no complete request within 0.5 s", reply, StringComparison.Ordinal);
        Assert.True(closed);
        Assert.InRange(after, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ConnectionCap_NinthRefusedAtOnce_StatusWorksAgainAfterOthersLeave()
    {
        await using var server = new ControlServer(new FakeDaemonControl(StatusSamples.FixtureStatus()), _log,
            Path.Combine(_dir.Path, "cap", "control.sock"), limits: ConnectionLimits.Control with { ReadTimeout = TimeSpan.FromSeconds(60) });
        server.Start();
        var held = new List<System.Net.Sockets.Socket>();
        try
        {
            for (int i = 0; i < ConnectionLimits.Control.MaxConnections; i++) held.Add(await ControlAttack.ConnectAsync(server.SocketPath, CancellationToken.None));
            using (var extra = await ControlAttack.ConnectAsync(server.SocketPath, CancellationToken.None))
            {
                var (reply, closed, after) = await ReplyAndCloseAsync(extra);
                Assert.Contains("busy: 8 connections already open", reply, StringComparison.Ordinal);
                Assert.True(closed);
                Assert.True(after < TimeSpan.FromSeconds(5), $"refused only after {after}");
            }
            Assert.Single(_log.WithId(6005));
            Assert.Equal(8, server.ActiveConnections);

            // A held connection is still served: the cap refuses newcomers, it does not stall the open ones.
            using var channel = new LineChannel(held[0], ControlProtocol.MaxReplyBytes);
            await channel.WriteLineAsync(ControlProtocol.Serialize(new ControlRequest(ControlProtocol.Status)), CancellationToken.None);
            using var cts = new CancellationTokenSource(Bound);
            Assert.True(ControlProtocol.ParseResponse((await channel.ReadLineAsync(cts.Token))!)!.Ok);
        }
        finally
        {
            foreach (var s in held) s.Dispose();
        }
        var clock = Stopwatch.StartNew();
        ControlResponse status;
        do status = await ControlClient.SendAsync(server.SocketPath, ControlProtocol.Status, Bound, CancellationToken.None);
        while (!status.Ok && clock.Elapsed < Bound);
        Assert.True(status.Ok, status.Error);
        Assert.Equal(["VI_1", "VI_2"], status.Status!.Instances.Select(i => i.Name));
    }

    [Fact]
    public async Task ManyDroppedClients_LoggedAtALimitedRate()
    {
        var line = Encoding.ASCII.GetBytes(new string('x', 8192) + "\n");
        for (int i = 0; i < 25; i++)
        {
            var reply = await ControlAttack.HugeLineAsync(Socket, line, CancellationToken.None);
            Assert.Contains("request longer", reply, StringComparison.Ordinal);
        }
        Assert.Equal(10, _log.WithId(6006).Count);
    }

    [Fact]
    public async Task StatusThenReload_OneConnection_BothAnswered()
    {
        using var socket = await ControlAttack.ConnectAsync(Socket, CancellationToken.None);
        using var channel = new LineChannel(socket, ControlProtocol.MaxReplyBytes);
        using var cts = new CancellationTokenSource(Bound);
        await channel.WriteLineAsync(ControlProtocol.Serialize(new ControlRequest(ControlProtocol.Status)), cts.Token);
        Assert.NotNull(ControlProtocol.ParseResponse((await channel.ReadLineAsync(cts.Token))!)!.Status);
        await channel.WriteLineAsync(ControlProtocol.Serialize(new ControlRequest(ControlProtocol.Reload)), cts.Token);
        Assert.True(ControlProtocol.ParseResponse((await channel.ReadLineAsync(cts.Token))!)!.Reload!.Applied);
    }
}
