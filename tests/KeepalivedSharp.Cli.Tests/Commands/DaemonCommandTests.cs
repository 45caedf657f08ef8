using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Cli.Tests.Commands;

/// <summary>
/// The daemon refuses a broken config before it touches anything: exit 2 (keepalived's
/// KEEPALIVED_EXIT_CONFIG), every error printed, no pid file. This path needs no root and no namespace.
/// </summary>
public sealed class DaemonCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Daemon_BrokenConfig_Exits2PrintingErrorsWithoutStarting()
    {
        // Two errors, and an interface no host has, so that even a daemon which got past the check
        // could not reach a real interface.
        var conf = _dir.Write("keepalived.conf", """
            vrrp_instance VI_1 {
                state MASTER
                interface ks-none0
                virtual_router_id 300
                priority 0
                virtual_ipaddress {
                    10.0.0.1/24
                }
            }
            """);
        var pid = Path.Combine(_dir.Path, "keepalived.pid");
        var vrrpPid = Path.Combine(_dir.Path, "vrrp.pid");

        var r = KsProgram.Run("-n", "-l", "-D", "-f", conf, "-p", pid, "-r", vrrpPid);

        Assert.True(r.ExitCode == 2, r.Output);
        var errors = KsProgram.Lines(r.Stderr).Where(l => l.StartsWith($"{conf}:", StringComparison.Ordinal)).ToArray();
        Assert.Contains(errors, l => l.StartsWith($"{conf}:3: error: ", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.StartsWith($"{conf}:4: error: ", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.StartsWith($"{conf}:5: error: ", StringComparison.Ordinal));
        Assert.False(File.Exists(pid), "the daemon wrote a pid file for a config it refused");
        Assert.False(File.Exists(vrrpPid), "the daemon wrote a VRRP pid file for a config it refused");
    }

    [Fact]
    public void Daemon_PidFileNamesALiveProcess_Exits0AlreadyRunningAndLeavesTheFile()
    {
        // keepalived 2.2.7 with -p naming a live pid logs "daemon is already running" and exits 0 before touching
        // anything. The interface no host has keeps a daemon that got past the check off real interfaces.
        var conf = _dir.Write("keepalived.conf", "vrrp_instance VI_1 {\n interface ks-none0\n virtual_router_id 1\n priority 100\n virtual_ipaddress {\n  10.0.0.1/24\n }\n}\n");
        using var sleeper = System.Diagnostics.Process.Start("sleep", "60");
        try
        {
            var text = sleeper.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n";
            var pid = _dir.Write("keepalived.pid", text);

            var r = KsProgram.Run("-n", "-l", "-D", "-f", conf, "-p", pid);

            Assert.True(r.ExitCode == 0, r.Output);
            Assert.Contains($"daemon is already running (pid {sleeper.Id} in {pid})", r.Stderr, StringComparison.Ordinal);
            Assert.Equal(text, File.ReadAllText(pid));
        }
        finally
        {
            sleeper.Kill();
        }
    }
}
