using System.Net;
using System.Net.Sockets;
using System.Text;
using KeepalivedSharp.Probes.Smtp;

namespace KeepalivedSharp.Probes.Tests.Smtp;

/// <summary>
/// SMTP_CHECK's dialogue (MailKit) against a scripted server over a Unix socket pair: no network. The
/// connect outcomes (refused, timeout, options) are in SmtpProbeTests, against aiosmtpd in a namespace.
/// </summary>
public sealed class SmtpDialogueTests : IDisposable
{
    private static readonly IPEndPoint Target = new(IPAddress.Parse("10.0.0.2"), 25);
    private readonly string _dir = Directory.CreateTempSubdirectory("ks-smtp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Runs the dialogue against a server that sends <paramref name="greeting"/> (null: nothing) and answers each
    /// command by its verb from <paramref name="replies"/> (a missing verb: no answer; "" closes the connection).
    /// Returns the outcome and the command lines the server got.
    /// </summary>
    private async Task<(ProbeOutcome Outcome, List<string> Commands)> Converse(string? greeting, Dictionary<string, string> replies,
        int stepMs = 2000, string helo = "smtpchecker.keepalived.org")
    {
        var path = Path.Combine(_dir, "s");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
        using var server = await listener.AcceptAsync();
        var commands = new List<string>();
        using var stop = new CancellationTokenSource();
        var serve = Task.Run(async () =>
        {
            using var s = new NetworkStream(server, ownsSocket: false);
            using var reader = new StreamReader(s, Encoding.ASCII);
            async Task Send(string text) => await s.WriteAsync(Encoding.ASCII.GetBytes(text), stop.Token);
            if (greeting == "")
            {
                server.Shutdown(SocketShutdown.Both);
                return;
            }
            if (greeting is not null) await Send(greeting);
            try
            {
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    lock (commands) commands.Add(line);
                    var verb = line.Split(' ')[0];
                    if (!replies.TryGetValue(verb, out var reply)) continue;
                    if (reply.Length == 0)
                    {
                        server.Shutdown(SocketShutdown.Both);
                        return;
                    }
                    await Send(reply);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
        });
        var outcome = await SmtpProbe.ConverseAsync(new NetworkStream(client, ownsSocket: true), Target, helo, TimeSpan.FromMilliseconds(stepMs), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
        stop.Cancel();
        await serve.WaitAsync(TimeSpan.FromSeconds(10));
        lock (commands) return (outcome, [.. commands]);
    }

    private static readonly Dictionary<string, string> Good = new() { ["EHLO"] = "250-me\r\n250 8BITMIME\r\n", ["QUIT"] = "221 bye\r\n" };

    [Fact]
    public async Task Converse_220_250_QUIT_Up_EhloWithTheHeloName()
    {
        var (o, cmds) = await Converse("220 mx ESMTP\r\n", Good, helo: "probe.example");
        Assert.True(o.Success, o.Detail);
        Assert.Equal(["EHLO probe.example", "QUIT"], cmds);
    }

    [Theory]
    [InlineData("554 go away\r\n")]
    [InlineData("421 busy\r\n")]
    [InlineData("hello there\r\n")]
    public async Task Converse_GreetingNot220_BadGreetingBanner(string greeting)
    {
        var (o, cmds) = await Converse(greeting, Good);
        Assert.False(o.Success);
        Assert.Equal("SMTP_CHECK Bad greeting banner from server [10.0.0.2]:25", o.Detail);
        Assert.Empty(cmds);
    }

    [Fact]
    public async Task Converse_EhloAndHelo5xx_BadHeloResponse()
    {
        var (o, cmds) = await Converse("220 mx\r\n", new() { ["EHLO"] = "502 no\r\n", ["HELO"] = "550 no\r\n", ["QUIT"] = "221 bye\r\n" });
        Assert.False(o.Success);
        Assert.Equal("SMTP_CHECK Bad HELO response from server [10.0.0.2]:25", o.Detail);
        Assert.Equal(["EHLO smtpchecker.keepalived.org", "HELO smtpchecker.keepalived.org"], cmds.Take(2));
    }

    [Fact]
    public async Task Converse_EhloRejectedHeloAccepted_Up_AsKeepalivedsHeloWould()
    {
        var (o, cmds) = await Converse("220 mx\r\n", new() { ["EHLO"] = "500 what\r\n", ["HELO"] = "250 hi\r\n", ["QUIT"] = "221 bye\r\n" });
        Assert.True(o.Success, o.Detail);
        Assert.Equal(["EHLO smtpchecker.keepalived.org", "HELO smtpchecker.keepalived.org", "QUIT"], cmds);
    }

    [Fact]
    public async Task Converse_MultiLineGreeting_Up()
    {
        var (o, _) = await Converse("220-mx first\r\n220 mx second\r\n", Good);
        Assert.True(o.Success, o.Detail);
    }

    [Fact]
    public async Task Converse_NoGreeting_ReadTimeoutAfterOneStep()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (o, _) = await Converse(null, Good, stepMs: 300);
        Assert.False(o.Success);
        Assert.Equal("SMTP_CHECK Read timeout from server [10.0.0.2]:25", o.Detail);
        Assert.InRange(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, 250, 5000);
    }

    [Fact]
    public async Task Converse_NoEhloReply_ReadTimeout_EachStepItsOwnWindow()
    {
        var (o, cmds) = await Converse("220 mx\r\n", new() { ["QUIT"] = "221 bye\r\n" }, stepMs: 300);
        Assert.False(o.Success);
        Assert.Equal("SMTP_CHECK Read timeout from server [10.0.0.2]:25", o.Detail);
        Assert.Equal(["EHLO smtpchecker.keepalived.org"], cmds);
    }

    [Fact]
    public async Task Converse_ClosedBeforeGreeting_ReadFailure()
    {
        var (o, _) = await Converse("", Good);
        Assert.False(o.Success);
        Assert.Equal("SMTP_CHECK Read failure from server [10.0.0.2]:25", o.Detail);
    }

    [Fact]
    public async Task Converse_QuitNotAnswered_ClosedIsReadFailure_SilentIsReadTimeout()
    {
        var (closed, _) = await Converse("220 mx\r\n", new() { ["EHLO"] = "250 ok\r\n", ["QUIT"] = "" });
        Assert.Equal("SMTP_CHECK Read failure from server [10.0.0.2]:25", closed.Detail);
        var (silent, _) = await Converse("220 mx\r\n", new() { ["EHLO"] = "250 ok\r\n" }, stepMs: 300);
        Assert.Equal("SMTP_CHECK Read timeout from server [10.0.0.2]:25", silent.Detail);
    }

    [Fact]
    public async Task Converse_QuitAnswered5xx_StillUp_CodeNotChecked()
    {
        var (o, _) = await Converse("220 mx\r\n", new() { ["EHLO"] = "250 ok\r\n", ["QUIT"] = "500 whatever\r\n" });
        Assert.True(o.Success, o.Detail);
    }
}
