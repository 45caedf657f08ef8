using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Operations.Tests.Packaging;

/// <summary>install.sh staged with DESTDIR into a temporary directory (needs out/keepalived-sharp, which ./build.sh makes first in test.sh).</summary>
public class InstallScriptTests
{
    private static readonly string Repo = RepoPaths.Root;

    private static ProcResult Install(string destdir, params string[] args)
    {
        Assert.True(File.Exists(Path.Combine(Repo, "out", "keepalived-sharp")), "out/keepalived-sharp is missing: run ./build.sh first");
        return LabShell.Run("env", ["DESTDIR=" + destdir, Path.Combine(Repo, "install.sh"), .. args], TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void Install_Destdir_BinaryUnitAndSampleConfigInPlace()
    {
        using var dir = new TempFolder();
        var r = Install(dir.Path);
        Assert.True(r.ExitCode == 0, r.Output);
        var binary = Path.Combine(dir.Path, "usr/local/sbin/keepalived-sharp");
        Assert.StartsWith("keepalived-sharp ", LabShell.Check(binary, "--version").Stdout, StringComparison.Ordinal);
        var unit = File.ReadAllText(Path.Combine(dir.Path, "etc/systemd/system/keepalived-sharp.service"));
        Assert.Contains("Type=notify", unit, StringComparison.Ordinal);
        Assert.Contains("ExecStart=/usr/local/sbin/keepalived-sharp -n -l", unit, StringComparison.Ordinal);
        Assert.Contains("ExecReload=/bin/kill -HUP $MAINPID", unit, StringComparison.Ordinal);
        var conf = Path.Combine(dir.Path, "etc/keepalived/keepalived.conf");
        Assert.Equal(File.ReadAllText(Path.Combine(Repo, "packaging/keepalived.conf.sample")), File.ReadAllText(conf));
        Assert.Equal(0, LabShell.Run(binary, "-t", "-f", conf).ExitCode);
        Assert.True(File.Exists(Path.Combine(dir.Path, "usr/local/share/doc/keepalived-sharp/examples/prometheus/keepalived-sharp.rules.yml")));
    }

    [Fact]
    public void Install_ExistingConfig_KeptUnchanged()
    {
        using var dir = new TempFolder();
        var conf = dir.Write("etc/keepalived/keepalived.conf", "! mine\n");
        var r = Install(dir.Path);
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.Equal("! mine\n", File.ReadAllText(conf));
        Assert.Contains("keeping the existing", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_Prefix_BinaryAndUnitPathUnderIt()
    {
        using var dir = new TempFolder();
        var r = Install(dir.Path, "--prefix", "/opt/ks");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.True(File.Exists(Path.Combine(dir.Path, "opt/ks/sbin/keepalived-sharp")));
        Assert.Contains("ExecStart=/opt/ks/sbin/keepalived-sharp ", File.ReadAllText(Path.Combine(dir.Path, "etc/systemd/system/keepalived-sharp.service")), StringComparison.Ordinal);
    }

    [Fact]
    public void Install_UnknownArgument_Usage64()
    {
        using var dir = new TempFolder();
        var r = Install(dir.Path, "--bogus");
        Assert.Equal(64, r.ExitCode);
        Assert.Contains("unknown argument", r.Stderr, StringComparison.Ordinal);
    }
}
