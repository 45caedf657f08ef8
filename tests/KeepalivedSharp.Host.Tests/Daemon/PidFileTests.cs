using System.Globalization;
using KeepalivedSharp.Host.Daemon;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Host.Tests.Daemon;

public class PidFileTests
{
    private static readonly string Pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n";

    [Fact]
    public void Create_SymlinkPlantedAtPath_ReplacedAndTargetUntouched()
    {
        using var dir = new TempFolder();
        var victim = dir.Write("victim", "precious\n");
        var path = Path.Combine(dir.Path, "keepalived.pid");
        File.CreateSymbolicLink(path, victim);
        using (PidFile.Create(path))
        {
            Assert.Equal("precious\n", File.ReadAllText(victim));
            Assert.Null(new FileInfo(path).LinkTarget);
            Assert.Equal(Pid, File.ReadAllText(path));
        }
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Create_SymlinkPlantedAtTheOldGuessableTempName_StartsAndTargetUntouched()
    {
        // The temporary name used to be PATH.PID.tmp: anyone who could write the directory could block the start.
        using var dir = new TempFolder();
        var victim = dir.Write("victim", "precious\n");
        var path = Path.Combine(dir.Path, "keepalived.pid");
        File.CreateSymbolicLink($"{path}.{Environment.ProcessId}.tmp", victim);
        using (PidFile.Create(path)) Assert.Equal(Pid, File.ReadAllText(path));
        Assert.Equal("precious\n", File.ReadAllText(victim));
        Assert.Equal(["keepalived.pid." + Environment.ProcessId + ".tmp", "victim"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RunningDaemon_LiveOtherProcess_Found_DeadOwnOrGarbage_NotFound()
    {
        using var dir = new TempFolder();
        using var sleeper = System.Diagnostics.Process.Start("sleep", "60");
        try
        {
            var live = dir.Write("live.pid", sleeper.Id.ToString(CultureInfo.InvariantCulture) + "\n");
            var own = dir.Write("own.pid", Pid);
            var garbage = dir.Write("garbage.pid", "12ab\n");
            var huge = dir.Write("huge.pid", new string('1', 100));
            Assert.Null(PidFile.RunningDaemon(own, garbage, huge, Path.Combine(dir.Path, "absent.pid"), null));
            Assert.Equal((live, sleeper.Id), PidFile.RunningDaemon(own, live));
            sleeper.Kill();
            sleeper.WaitForExit(10_000);
            Assert.Null(PidFile.RunningDaemon(live));
        }
        finally
        {
            if (!sleeper.HasExited) sleeper.Kill();
        }
    }
}
