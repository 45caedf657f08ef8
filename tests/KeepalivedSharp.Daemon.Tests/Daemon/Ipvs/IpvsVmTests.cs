using KeepalivedSharp.TestKit;
using Xunit.Abstractions;

namespace KeepalivedSharp.Daemon.Tests.Daemon.Ipvs;

/// <summary>
/// The checkers against a real IPVS, in a QEMU guest booting Debian's stock kernel (this machine's
/// kernel may have no ip_vs; <see cref="IpvsVm"/>, tests/vm/prepare.sh). keepalived 2.2.7's run of
/// <see cref="IpvsCheckerScenario"/> gives the reference tables; ours must produce the same.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public class IpvsVmTests(IpvsVmFixture fixture, ITestOutputHelper output) : IClassFixture<IpvsVmFixture>
{
    [Fact]
    public void Keepalived_TcpCheckOnTwoBackends_TableFollowsEachEvent_VirtualServerGoneAtSigterm()
    {
        var run = fixture.Keepalived;
        output.WriteLine($"guest {fixture.Vm.KernelRelease}, boot {fixture.Vm.BootTime.TotalSeconds:F1} s, run {run.Run.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(run.Diagnostics);
        AssertReference(run);
        Assert.Equal("0", run.Stages["daemon-exit"]);
    }

    /// <summary>
    /// Ours with <c>--lb-backend ipvs</c>: $KS_BINARY, copied into the share (a build under /tmp is hidden by the guest's own /tmp).
    /// </summary>
    [Fact]
    public void Ours_IpvsBackend_SameTablesAsKeepalivedAtEachStage()
    {
        var binary = Environment.GetEnvironmentVariable("KS_BINARY");
        Assert.False(string.IsNullOrEmpty(binary) || !File.Exists(binary),
            "KS_BINARY must name the NativeAOT binary (./build.sh makes out/keepalived-sharp); the guest runs it through the 9p host root");
        var ours = IpvsCheckerScenario.Start(fixture.Vm, IpvsCheckerScenario.Ours(fixture.Vm.Share(binary!)));
        output.WriteLine(ours.Diagnostics);
        AssertReference(ours);
        var reference = fixture.Keepalived;
        foreach (var (stage, _) in IpvsCheckerScenario.Reference)
            Assert.Equal(reference.Table(stage), ours.Table(stage));
        Assert.Equal("0", ours.Stages["daemon-exit"]);
    }

    [Fact]
    public void Run_ScriptOverItsLimit_KilledWithWhatItStarted_NextRunHasACleanGuest()
    {
        var over = fixture.Vm.Run("echo started\nipvsadm -A -t 10.0.0.9:80 -s rr\ntouch /tmp/left\nsleep 300 &\nsleep 300\n", TimeSpan.FromSeconds(3));
        Assert.Equal(137, over.ExitCode);
        Assert.Contains("started", over.Output, StringComparison.Ordinal);
        Assert.True(over.Elapsed < TimeSpan.FromSeconds(10), $"took {over.Elapsed}");

        var next = fixture.Vm.Run("""
            echo "services $(ipvsadm -Ln | grep -c '^TCP')"
            echo "sleeps $(grep -lx 'Name:[[:space:]]*sleep' /proc/[0-9]*/status 2>/dev/null | wc -l)"
            echo "tmp $(ls -A /tmp | wc -l)"
            """, TimeSpan.FromSeconds(10));
        Assert.Equal(0, next.ExitCode);
        Assert.Equal("services 0\nsleeps 0\ntmp 0", next.Output.Trim());
    }

    private void AssertReference(IpvsCheckerScenario run)
    {
        foreach (var (stage, table) in IpvsCheckerScenario.Reference)
        {
            Assert.True(run.Reached.ContainsKey(stage), $"stage {stage} not reached\n{run.Diagnostics}");
            Assert.Equal(table, run.Table(stage));
        }
        foreach (var (stage, ms) in run.Reached) output.WriteLine($"{stage}: {ms} ms");
        Assert.Equal(0, run.Run.ExitCode);
    }
}
