using System.Collections.Immutable;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Notify.Notifications;

namespace KeepalivedSharp.Notify.Tests.Notifications;

/// <summary>
/// What keepalived 2.2.7's vrrp_notify.c does for a removed instance, a state written again at reload and its events
/// (MASTER_RX_LOWER_PRI, MASTER_PRIORITY, BACKUP_PRIORITY): which scripts run with which arguments, and the FIFO lines.
/// </summary>
public sealed class NotifierEventTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ListLogger _log = new();

    private string Recorder(string name, string trace) => _dir.Script(name, $"echo \"$*\" >> {trace}");

    private (NotifierSettings Settings, string Fifo) Settings(NotifyTargets instance)
    {
        var fifo = _dir.File("notify.fifo");
        return (new NotifierSettings
        {
            Instances = ImmutableDictionary<string, NotifyTargets>.Empty.Add("VI_1", instance),
            Groups = ImmutableDictionary<string, NotifyTargets>.Empty.Add("G1", new NotifyTargets()),
            NotifyFifo = new FifoSettings(fifo, Linux.Processes.ProcessCredentials.Current, null),
        }, fifo);
    }

    [Fact]
    public async Task Removed_Deleted_RunsNotifyDeletedAndNotifyWithDeleted()
    {
        string deletedTrace = _dir.File("deleted"), genericTrace = _dir.File("generic");
        var (settings, fifo) = Settings(new NotifyTargets
        {
            Deleted = TempDir.Command(Recorder("deleted.sh", deletedTrace), "deleted"),
            Generic = TempDir.Command(Recorder("notify.sh", genericTrace)),
        });
        await using var n = new Notifier(settings, _log);
        n.Start();
        n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Deleted, 120, NotifyScope.Removed));
        Assert.True(await n.WaitIdleAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(["deleted"], File.ReadAllLines(deletedTrace));
        Assert.Equal(["INSTANCE VI_1 DELETED 120"], File.ReadAllLines(genericTrace));
        await AssertLines(fifo, "INSTANCE \"VI_1\" DELETED 120");
    }

    [Fact]
    public async Task Removed_Fault_RunsNotifyWithFault_NotNotifyFault()
    {
        string faultTrace = _dir.File("fault"), genericTrace = _dir.File("generic");
        var (settings, fifo) = Settings(new NotifyTargets
        {
            Fault = TempDir.Command(Recorder("fault.sh", faultTrace), "fault"),
            Generic = TempDir.Command(Recorder("notify.sh", genericTrace)),
        });
        await using var n = new Notifier(settings, _log);
        n.Start();
        n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Fault, 110, NotifyScope.Removed));
        Assert.True(await n.WaitIdleAsync(TimeSpan.FromSeconds(10)));
        // keepalived picks the state script while the state is still DELETED, then reports FAULT.
        Assert.Equal(["INSTANCE VI_1 FAULT 110"], File.ReadAllLines(genericTrace));
        Assert.False(File.Exists(faultTrace));
        await AssertLines(fifo, "INSTANCE \"VI_1\" FAULT 110");
    }

    [Fact]
    public async Task FifoOnly_WritesTheLine_RunsNothing()
    {
        var trace = _dir.File("trace");
        var (settings, fifo) = Settings(new NotifyTargets { Backup = TempDir.Command(Recorder("b.sh", trace)), Generic = TempDir.Command(Recorder("n.sh", trace)) });
        await using var n = new Notifier(settings, _log);
        n.Start();
        n.Notify(new RunNotify(NotifyKind.Group, "G1", VrrpState.Master, 0, NotifyScope.FifoOnly));
        n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Backup, 90, NotifyScope.FifoOnly));
        Assert.True(await n.WaitIdleAsync(TimeSpan.FromSeconds(10)));
        Assert.False(File.Exists(trace));
        await AssertLines(fifo, "GROUP \"G1\" MASTER 0", "INSTANCE \"VI_1\" BACKUP 90");
    }

    [Fact]
    public async Task Events_FifoWords_AndRxLowerPriScriptWithoutArguments()
    {
        var trace = _dir.File("trace");
        var (settings, fifo) = Settings(new NotifyTargets
        {
            MasterRxLowerPri = TempDir.Command(Recorder("lower.sh", trace), "lower a"),
            Generic = TempDir.Command(Recorder("notify.sh", trace)),
        });
        await using var n = new Notifier(settings, _log);
        n.Start();
        n.Notify(new InstanceEvent("VI_1", NotifyEvent.MasterRxLowerPriority, 150));
        n.Notify(new InstanceEvent("VI_1", NotifyEvent.MasterPriority, 50));
        n.Notify(new InstanceEvent("VI_1", NotifyEvent.BackupPriority, 150));
        Assert.True(await n.WaitIdleAsync(TimeSpan.FromSeconds(10)));
        // Only notify_master_rx_lower_pri runs, with its own words; priority changes are FIFO lines only.
        Assert.Equal(["lower a"], File.ReadAllLines(trace));
        await AssertLines(fifo, "INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 150", "INSTANCE \"VI_1\" MASTER_PRIORITY 50", "INSTANCE \"VI_1\" BACKUP_PRIORITY 150");
    }

    private static async Task AssertLines(string fifo, params string[] expected)
    {
        using var reader = new StreamReader(new FileStream(fifo, FileMode.Open, FileAccess.Read));
        foreach (var line in expected) Assert.Equal(line, await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)));
    }

    public void Dispose() => _dir.Dispose();
}
