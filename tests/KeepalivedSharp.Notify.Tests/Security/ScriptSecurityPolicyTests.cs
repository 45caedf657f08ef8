using KeepalivedSharp.Lab;
using System.Globalization;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Security;

namespace KeepalivedSharp.Notify.Tests.Security;

public sealed class ScriptSecurityPolicyTests : IDisposable
{
    private readonly TempDir _dir = new();

    private static ScriptSecurityPolicy Policy(bool enabled) => new(enabled, ProcessCredentials.Root, null, ProcessCredentials.Root);

    [Fact]
    [Trait("Category", "Root")]
    public void Check_RootOwned0755InPrivateDir_Passes()
    {
        AssertRoot();
        var script = _dir.Script("ok.sh", "exit 0");
        var c = Policy(enabled: true).Check($"{script} 'an arg'", "notify_master");
        Assert.True(c.Runnable, string.Join("\n", c.Messages));
        Assert.False(c.Insecure);
        Assert.Equal([script, "an arg"], c.Command!.Argv.ToArray());
        Assert.Empty(c.Messages);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void Check_ScriptInWorldWritableDir_RefusedWithKeepalivedError()
    {
        AssertRoot();
        var script = _dir.Script("x.sh", "exit 0");
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException();
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)0b111_111_111);
        var c = Policy(enabled: true).Check(script, "notify_master");
        Assert.False(c.Runnable);
        Assert.True(c.Insecure);
        Assert.Equal($"Unsafe permissions found for script '{script}' - disabling.", Assert.Single(c.Messages));
    }

    [Fact]
    [Trait("Category", "Root")]
    public void Check_WorldWritableScriptWithoutScriptSecurity_WarnsButRuns()
    {
        AssertRoot();
        var script = _dir.Script("x.sh", "exit 0");
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException();
        File.SetUnixFileMode(script, (UnixFileMode)0b111_111_111);
        var c = Policy(enabled: false).Check(script, "notify");
        Assert.True(c.Runnable);
        Assert.True(c.Insecure);
        Assert.Equal($"Unsafe permissions found for script '{script}'.", Assert.Single(c.Messages));
    }

    [Fact]
    [Trait("Category", "Root")]
    public void Check_ScriptOwnedByNonRoot_Refused()
    {
        AssertRoot();
        var script = _dir.Script("x.sh", "exit 0");
        var nobody = UserDatabase.FindUser("nobody")!.Value;
        LabShell.Check("chown", nobody.Uid.ToString(CultureInfo.InvariantCulture), script);
        var c = Policy(enabled: true).Check(script, "vrrp_script chk");
        Assert.False(c.Runnable);
        Assert.Contains("Unsafe permissions found for script", c.Messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SymlinkToScript_RunsResolvedPathKeepingName()
    {
        var script = _dir.Script("real.sh", "exit 0");
        var link = _dir.File("link.sh");
        File.CreateSymbolicLink(link, script);
        var c = Policy(enabled: true).Check(link, "notify");
        Assert.True(c.Runnable, string.Join("\n", c.Messages));
        // keepalived (check_script_secure) keeps the name as written when it resolves to the same file.
        Assert.Equal(link, c.Command!.Argv[0]);
    }

    [Fact]
    public void Check_Missing_NotExecutable_Unparsable_Refused()
    {
        var plain = _dir.File("plain.sh");
        File.WriteAllText(plain, "exit 0");
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException();
        File.SetUnixFileMode(plain, (UnixFileMode)0b110_100_100);
        var p = Policy(enabled: true);
        Assert.StartsWith($"Script {_dir.File("nope")} cannot be accessed", p.Check(_dir.File("nope"), "notify").Messages[0], StringComparison.Ordinal);
        Assert.Equal($"WARNING - script '{plain}' is not executable for uid:gid 0:0 - disabling.", p.Check(plain, "notify").Messages[0]);
        Assert.Contains("missing terminating", p.Check("/bin/true 'x", "notify").Messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Check_BareName_ResolvedByPathWithWarning()
    {
        var c = Policy(enabled: false).Check("true", "notify");
        Assert.True(c.Runnable);
        Assert.StartsWith("WARNING - script `true` resolved by path search to `", c.Messages[0], StringComparison.Ordinal);
        Assert.EndsWith("/true", c.Command!.Argv[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoDefaultUserWithScriptSecurity_RefusedLikeKeepalived()
    {
        var p = new ScriptSecurityPolicy(true, null, "Unable to set default user keepalived_script for script");
        var c = p.Check("/bin/true", "notify_master");
        Assert.False(c.Runnable);
        Assert.Equal(["Unable to set default user keepalived_script for script", "Failed to set default user for notify_master script /bin/true - ignoring"], c.Messages.ToArray());
    }

    [Fact]
    [Trait("Category", "Root")]
    public async Task Check_ScriptUserNobody_RunsAsNobody()
    {
        AssertRoot();
        var nobody = UserDatabase.FindUser("nobody")!.Value;
        var c = Policy(enabled: true).Check("/usr/bin/id -u", "vrrp_script chk", "nobody");
        Assert.True(c.Runnable, string.Join("\n", c.Messages));
        Assert.Equal(nobody, c.Command!.RunAs);
        var r = await ProcessRunner.RunAsync(c.Command.ToSpec(TimeSpan.FromSeconds(10))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(nobody.Uid.ToString(CultureInfo.InvariantCulture), r.Output.Trim());
    }

    [Fact]
    public void FromGlobals_ScriptUser_BecomesDefault()
    {
        var p = ScriptSecurityPolicy.FromGlobals(new Config.GlobalDefs { EnableScriptSecurity = true, ScriptUser = "nobody" });
        Assert.Equal(UserDatabase.FindUser("nobody"), p.DefaultUser);
        var bad = ScriptSecurityPolicy.FromGlobals(new Config.GlobalDefs { ScriptUser = "ks-no-such-user" });
        Assert.Null(bad.DefaultUser);
        Assert.Equal("Script user 'ks-no-such-user' does not exist", bad.DefaultUserError);
    }

    private static void AssertRoot() => Assert.True(Environment.IsPrivilegedProcess, "this test needs root (CI runs as root)");

    public void Dispose() => _dir.Dispose();
}
