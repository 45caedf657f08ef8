using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Operations.Tests.Packaging;

/// <summary>The .deb packaging/debian/build-deb.sh makes from out/keepalived-sharp (built once per class), built into a temporary folder.</summary>
public sealed class DebPackage : IDisposable
{
    private readonly TempFolder _dir = new();

    public string Repo { get; } = RepoPaths.Root;
    public string Path { get; }

    public DebPackage()
    {
        Assert.True(File.Exists(System.IO.Path.Combine(Repo, "out", "keepalived-sharp")), "out/keepalived-sharp is missing: run ./build.sh first");
        var r = LabShell.Run(System.IO.Path.Combine(Repo, "packaging/debian/build-deb.sh"), [_dir.Path], TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, r.Output);
        Path = KsLines(r.Stdout).Last();
    }

    private static string[] KsLines(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// The Debian package: lintian-clean, and installed into a throw-away root with dpkg --root (never the real
/// system; maintainer scripts chrootless, honouring DPKG_ROOT), its files checked, then purged.
/// </summary>
[Trait("Category", "Root")] // dpkg unpacks as root:root
public sealed class DebPackageTests(DebPackage deb) : IClassFixture<DebPackage>, IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private readonly TempFolder _root = new();

    private ProcResult Dpkg(params string[] args)
        => LabShell.Run("dpkg", ["--root=" + _root.Path, "--force-not-root", "--force-script-chrootless", "--force-depends", .. args], Bound);

    private string At(string relative) => Path.Combine(_root.Path, relative);

    private void Install()
    {
        foreach (var d in new[] { "var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers" }) Directory.CreateDirectory(At(d));
        File.WriteAllText(At("var/lib/dpkg/status"), "");
        var r = Dpkg("-i", deb.Path);
        Assert.True(r.ExitCode == 0, r.Output);
    }

    private void Purge()
    {
        var r = Dpkg("--purge", "keepalived-sharp");
        Assert.True(r.ExitCode == 0, r.Output);
        Assert.DoesNotContain("ii  keepalived-sharp", LabShell.Run("dpkg", "--root=" + _root.Path, "-l").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Lintian_NoErrorsOrWarnings()
    {
        var r = LabShell.Run("lintian", ["--fail-on", "error,warning", deb.Path], Bound);
        var tags = r.Stdout.Split('\n').Where(l => l.StartsWith("E:", StringComparison.Ordinal) || l.StartsWith("W:", StringComparison.Ordinal)).ToList();
        Assert.True(r.ExitCode == 0 && tags.Count == 0, r.Output);
    }

    [Fact]
    public void Name_CarriesTheBinarysVersion()
    {
        var version = LabShell.Check(Path.Combine(deb.Repo, "out/keepalived-sharp"), "--version").Stdout.Trim()["keepalived-sharp ".Length..].Split('+')[0];
        Assert.Equal($"keepalived-sharp_{version}_amd64.deb", Path.GetFileName(deb.Path));
    }

    [Fact]
    public void Install_FilesInPlace_UnitNotEnabled_SampleConfig_ThenPurgeRemovesAll()
    {
        Install();
        var binary = At("usr/sbin/keepalived-sharp");
        Assert.StartsWith("keepalived-sharp ", LabShell.Check(binary, "--version").Stdout, StringComparison.Ordinal);
        var unit = File.ReadAllText(At("lib/systemd/system/keepalived-sharp.service"));
        Assert.Contains("ExecStart=/usr/sbin/keepalived-sharp -n -l", unit, StringComparison.Ordinal);
        Assert.Contains("Documentation=man:keepalived-sharp(8)", unit, StringComparison.Ordinal);
        Assert.DoesNotContain("/usr/local", unit, StringComparison.Ordinal);
        // Not enabled: no wants symlink anywhere in the root.
        Assert.False(Directory.Exists(At("etc/systemd/system/multi-user.target.wants")));
        var conf = At("etc/keepalived/keepalived.conf");
        Assert.Equal(File.ReadAllText(Path.Combine(deb.Repo, "packaging/keepalived.conf.sample")), File.ReadAllText(conf));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(conf));
        Assert.Equal(0, LabShell.Run(binary, "-t", "-f", conf).ExitCode);
        foreach (var page in new[] { "usr/share/man/man8/keepalived-sharp.8.gz", "usr/share/man/man5/keepalived-sharp.conf.5.gz" })
        {
            var man = LabShell.Run("env", ["MANWIDTH=80", "man", "--warnings", "-l", At(page)], Bound);
            Assert.True(man.ExitCode == 0 && man.Stderr.Trim().Length == 0, man.Output);
            Assert.Contains("NAME", man.Stdout, StringComparison.Ordinal);
        }
        var completion = At("usr/share/bash-completion/completions/keepalived-sharp");
        Assert.Contains("complete -o default -F _keepalived_sharp keepalived-sharp", File.ReadAllText(completion), StringComparison.Ordinal);
        Assert.Contains("GPL-2+", File.ReadAllText(At("usr/share/doc/keepalived-sharp/copyright")), StringComparison.Ordinal);
        foreach (var doc in new[] { "operations.md.gz", "config-reference.md.gz", "changelog.gz" })
            Assert.True(File.Exists(At("usr/share/doc/keepalived-sharp/" + doc)), doc);
        Assert.Equal(File.ReadAllText(Path.Combine(deb.Repo, "packaging/prometheus/keepalived-sharp.rules.yml")),
            File.ReadAllText(At("usr/share/doc/keepalived-sharp/examples/prometheus/keepalived-sharp.rules.yml")));

        Purge();
        Assert.False(File.Exists(binary));
        Assert.False(File.Exists(conf), "the unchanged sample is removed on purge");
        Assert.False(File.Exists(At("lib/systemd/system/keepalived-sharp.service")));
    }

    [Fact]
    public void Install_ExistingConfig_NeverTouched_AlsoOnPurge()
    {
        var conf = At("etc/keepalived/keepalived.conf");
        Directory.CreateDirectory(Path.GetDirectoryName(conf)!);
        File.WriteAllText(conf, "! mine\n");
        Install();
        Assert.Equal("! mine\n", File.ReadAllText(conf));
        Purge();
        Assert.Equal("! mine\n", File.ReadAllText(conf));
    }

    [Fact]
    public void Purge_EditedSample_Kept()
    {
        Install();
        var conf = At("etc/keepalived/keepalived.conf");
        File.AppendAllText(conf, "! edited\n");
        Purge();
        Assert.EndsWith("! edited\n", File.ReadAllText(conf), StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();
}
