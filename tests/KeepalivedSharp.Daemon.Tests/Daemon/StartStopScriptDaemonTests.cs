using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// global_defs startup_script / shutdown_script end to end, beside keepalived 2.2.7: the startup script ends before
/// VRRP starts (its marker is there when the instance enters its first state), the shutdown script runs at stop.
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public sealed class StartStopScriptDaemonTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ks-startstop-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void StartupScriptEndsBeforeVrrp_ShutdownScriptRunsAtStop_OursAndKeepalived()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        string oursTrace = Path.Combine(_dir.FullName, "ours"), theirsTrace = Path.Combine(_dir.FullName, "theirs");
        using (var ours = lab.OursMaster(Config(oursTrace) + v.Config(1, 2, 150)))
        {
            Assert.Equal("up\n", File.ReadAllText(oursTrace)); // written 1 s into the script, before MASTER
            ours.Process.Signal("TERM");
            Assert.True(ours.Process.WaitForExit(Bound), ours.Process.Output);
        }
        Assert.Equal("up\ndown a b\n", File.ReadAllText(oursTrace));

        using (var keepalived = lab.KeepalivedBackup(Config(theirsTrace) + v.Config(2, 1, 100)))
        {
            Assert.Equal("up\n", File.ReadAllText(theirsTrace));
            keepalived.Process.Signal("TERM");
            Assert.True(keepalived.Process.WaitForExit(Bound), keepalived.Process.Output);
        }
        Assert.Equal("up\ndown a b\n", File.ReadAllText(theirsTrace));
    }

    [Fact]
    public void VrrpStartupDelay_FirstMasterNoSoonerThanDelayPlusMasterDown()
    {
        var v = InteropVariant.V2;
        using var lab = new InteropLab();
        var started = DateTime.UtcNow;
        using var ours = lab.OursMaster("global_defs {\n    vrrp_startup_delay 3\n}\n" + v.Config(1, 2, 150));
        var took = DateTime.UtcNow - started;
        Assert.InRange(took.TotalSeconds, 3 + v.MasterDown(150) - 0.2, 3 + v.MasterDown(150) + 5);
        Assert.Contains(ours.Process.Lines, l => l.Contains("Delaying startup for 3 seconds", StringComparison.Ordinal));
    }

    private string Config(string trace)
    {
        var up = Script(Path.GetFileName(trace) + "-up.sh", $"sleep 1; echo up >> {trace}");
        var down = Script(Path.GetFileName(trace) + "-down.sh", $"echo down \"$@\" >> {trace}");
        return $"global_defs {{\n    startup_script {up}\n    startup_script_timeout 5\n    shutdown_script \"{down} a b\"\n}}\n";
    }

    private string Script(string name, string body)
    {
        var file = Path.Combine(_dir.FullName, name);
        File.WriteAllText(file, "#!/bin/sh\n" + body + "\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(file, (UnixFileMode)0b111_101_101);
        return file;
    }
}
