using KeepalivedSharp.Config;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Notifications;
using KeepalivedSharp.Notify.Security;

namespace KeepalivedSharp.Notify.Tests.Notifications;

/// <summary>Notify scripts from a real config: keepalived's "COMMAND" [USER [GROUP]] reaches the runner as argv + credentials.</summary>
public sealed class NotifierConfigTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static KeepalivedConfig Load(string body)
    {
        var r = ConfigLoader.LoadText($"vrrp_instance VI_1 {{\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {{ 10.0.0.1 }}\n{body}\n}}\n",
            "/etc/keepalived/notify-test.conf", new ConfigOptions { ConfigId = "n" });
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        return r.Config!;
    }

    [Fact]
    public void Build_QuotedCommandWithUserAndGroup_ArgumentsKeptAndRunsAsThatUser()
    {
        var script = _dir.Script("m.sh", "exit 0");
        var config = Load($" notify_master \"{script} a 'b c'\" nobody nogroup");
        var policy = new ScriptSecurityPolicy(false, ProcessCredentials.Current, null);
        var (settings, messages) = NotifierConfig.Build(config, policy);
        var master = settings.Instances["VI_1"].Master;
        Assert.NotNull(master);
        Assert.Equal([script, "a", "b c"], master.Argv.ToArray());
        Assert.True(UserDatabase.TryResolve("nobody", "nogroup", out var expected, out _));
        Assert.Equal(expected, master.RunAs);
        Assert.DoesNotContain(messages, m => m.Contains("Invalid user", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_UnquotedSecondWordNotAUser_ScriptLeftOutAsKeepalived()
    {
        var script = _dir.Script("b.sh", "exit 0");
        var config = Load($" notify_backup {script} ks-no-such-user");
        var (settings, messages) = NotifierConfig.Build(config, new ScriptSecurityPolicy(false, ProcessCredentials.Current, null));
        Assert.Null(settings.Instances["VI_1"].Backup);
        Assert.Contains($"Invalid user/group for notify_backup script {script} - ignoring", messages);
    }
}
