using KeepalivedSharp.Lab;
using System.Globalization;
using KeepalivedSharp.Operations.Control;
using KeepalivedSharp.TestKit;
using Xunit.Abstractions;

namespace KeepalivedSharp.Operations.Tests.Operations.Control;

/// <summary>
/// The real daemon in a lab namespace under issue 10's attack: 20 clients sending 15 MB lines at once
/// (before the bounds: RSS 1.13 GB, never returned). Its RSS must stay put and status keep working.
/// </summary>
[Trait("Category", "Root")]
public class LiveControlSocketTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private const string Config = """
        vrrp_instance VI_1 {
            state MASTER
            interface eth0
            virtual_router_id 51
            priority 150
            advert_int 1
            virtual_ipaddress {
                10.9.0.100/24
            }
        }
        """;

    /// <summary>A field of /proc/PID/status in KiB (VmRSS, VmHWM).</summary>
    private static long KiB(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task TwentyClientsWith15MBLines_RssStaysPutAndStatusStillAnswers()
    {
        using var lab = new NamespaceLab();
        var ns = lab.AddHost("ctl", "eth0", "10.9.0.1/24");
        using var ours = OurDaemon.Start(lab, ns, Config);
        ours.Process.WaitForLine(@"\(VI_1\) Entering MASTER STATE", Bound);
        ours.Process.WaitForLine("Control socket listening", Bound);
        var pid = ours.Process.Pid;
        Assert.True((await ControlClient.SendAsync(ours.ControlSocket, ControlProtocol.Status, Bound, CancellationToken.None)).Ok);
        var before = KiB(pid, "VmRSS");

        var replies = await ControlAttack.FloodAsync(ours.ControlSocket, 20, 15 * 1024 * 1024, TimeSpan.FromSeconds(120));
        var peak = KiB(pid, "VmHWM");
        var after = KiB(pid, "VmRSS");
        var status = await ControlClient.SendAsync(ours.ControlSocket, ControlProtocol.Status, Bound, CancellationToken.None);

        var figures = $"RSS before {before} KiB, peak {peak} KiB, after {after} KiB; replies: " +
            string.Join(" | ", replies.GroupBy(r => r ?? "(none)").Select(g => $"{g.Count()} x {g.Key}"));
        output.WriteLine(figures);
        Assert.True(status.Ok, status.Error);
        Assert.Equal("MASTER", status.Status!.Instances[0].State);
        Assert.True(after - before < 16 * 1024, figures);
        Assert.True(peak - before < 32 * 1024, figures);
        Assert.All(replies, r => Assert.Matches("request longer than 4096 bytes|busy: 8 connections already open", r));
    }
}
