using System.Net;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Probes.Tests;

public sealed class ProbeSetTests
{
    private sealed class HungProbe : IProbe
    {
        public async Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken cancel)
        {
            await Task.Delay(Timeout.Infinite, cancel);
            return ProbeOutcome.Up();
        }
    }

    private static ProbeRequest Request(TimeSpan connectTimeout) => new(new CheckerRef("vs", new DestinationKey(IPAddress.Loopback, 80), 0), 1, 0,
        new CheckProbe(new CheckerConfig { Type = CheckerKind.Tcp, Location = default }, new IPEndPoint(IPAddress.Loopback, 80), connectTimeout, null, false));

    [Fact]
    public async Task RunAsync_ProbeNeverAnswers_FailsWithTimeoutAtItsBudget()
    {
        var set = new ProbeSet([new(CheckerKind.Tcp, new HungProbe())], TimeProvider.System);
        var started = DateTime.UtcNow;
        var o = await set.RunAsync(Request(TimeSpan.FromMilliseconds(200)), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(o.Success);
        Assert.Equal("timeout", o.Detail);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(190));
    }

    [Fact]
    public async Task RunAsync_CallerCancels_Propagates()
    {
        var set = new ProbeSet([new(CheckerKind.Tcp, new HungProbe())], TimeProvider.System);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => set.RunAsync(Request(TimeSpan.FromSeconds(30)), cts.Token).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Budget_SeveralStepsForHttpSslSmtp_MiscAddsTheKillGrace()
    {
        var t = TimeSpan.FromSeconds(5);
        CheckProbe P(CheckerKind k) => new(new CheckerConfig { Type = k, Location = default }, new IPEndPoint(IPAddress.Loopback, 80), t, TimeSpan.FromSeconds(7), false);
        Assert.Equal(t + CheckProbe.WindowGrace, P(CheckerKind.Tcp).Budget);
        // check_dns.c: connect_timeout covers the send and every read; the probe says "read timeout" first.
        Assert.Equal(t + CheckProbe.WindowGrace, P(CheckerKind.Dns).Budget);
        Assert.Equal(3 * t, P(CheckerKind.Http).Budget);
        Assert.Equal(5 * t, P(CheckerKind.Smtp).Budget);
        Assert.Equal(t, P(CheckerKind.File).Budget);
        Assert.Equal(TimeSpan.FromSeconds(9), P(CheckerKind.Misc).Budget);
    }
}
