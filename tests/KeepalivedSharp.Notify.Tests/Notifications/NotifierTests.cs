using System.Collections.Immutable;
using System.Diagnostics;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Notify.Notifications;

namespace KeepalivedSharp.Notify.Tests.Notifications;

public sealed class NotifierTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ListLogger _log = new();

    private static NotifierSettings Settings(NotifyTargets instance, NotifyTargets? group = null) => new()
    {
        Instances = ImmutableDictionary<string, NotifyTargets>.Empty.Add("VI_1", instance),
        Groups = group is null ? ImmutableDictionary<string, NotifyTargets>.Empty : ImmutableDictionary<string, NotifyTargets>.Empty.Add("G1", group),
    };

    /// <summary>A script that appends its arguments, one per line then a separator, to <paramref name="trace"/>.</summary>
    private string Recorder(string name, string trace) => _dir.Script(name, $"for a in \"$@\"; do echo \"$a\" >> {trace}; done\necho -- >> {trace}");

    [Fact]
    public async Task Notify_GenericScript_GetsKeepalivedArguments()
    {
        var trace = _dir.File("trace");
        var settings = Settings(new NotifyTargets { Generic = TempDir.Command(Recorder("notify.sh", trace), "fixed arg") },
            new NotifyTargets { Generic = TempDir.Command(Recorder("gnotify.sh", trace)) });
        await using var n = new Notifier(settings, _log);
        n.Start();
        n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Master, 150));
        Assert.True(await n.WaitIdleAsync(TimeSpan.FromSeconds(10)));
        n.Notify(new RunNotify(NotifyKind.Group, "G1", VrrpState.Backup, 0));
        Assert.True(await n.WaitIdleAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(["fixed arg", "INSTANCE", "VI_1", "MASTER", "150", "--", "GROUP", "G1", "BACKUP", "0", "--"], File.ReadAllLines(trace));
    }

    [Fact]
    public async Task Notify_SeveralTransitions_ScriptsRunInOrder()
    {
        var trace = _dir.File("trace");
        var state = _dir.Script("state.sh", $"sleep 0.1\necho \"$1\" >> {trace}");
        var settings = Settings(new NotifyTargets
        {
            Master = TempDir.Command(state, "master"),
            Backup = TempDir.Command(state, "backup"),
            Fault = TempDir.Command(state, "fault"),
            Stop = TempDir.Command(state, "stop"),
        });
        await using var n = new Notifier(settings, _log);
        n.Start();
        foreach (var s in new[] { VrrpState.Backup, VrrpState.Master, VrrpState.Fault, VrrpState.Backup, VrrpState.Master, VrrpState.Stop })
            n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", s, 100));
        Assert.True(await n.WaitIdleAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(["backup", "master", "fault", "backup", "master", "stop"], File.ReadAllLines(trace));
    }

    [Fact]
    public async Task Notify_HangingScript_CallerNotDelayedAndScriptKilledAtTimeout()
    {
        var hang = _dir.Script("hang.sh", "sleep 60");
        var settings = Settings(new NotifyTargets { Master = TempDir.Command(hang) }) with { ScriptTimeout = TimeSpan.FromMilliseconds(500) };
        await using var n = new Notifier(settings, _log);
        n.Start();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++) n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Master, 100));
        sw.Stop();
        Assert.True(sw.Elapsed < TimeSpan.FromMilliseconds(50), $"10 Notify calls took {sw.Elapsed}");
        Assert.True(await Wait.Until(() => _log.WithId(5022).Any(), TimeSpan.FromSeconds(10)));
        Assert.Contains("timed out after 00:00:00.5000000", _log.WithId(5022).First(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_FullQueue_DropsAndLogsWithoutBlocking()
    {
        var settings = Settings(new NotifyTargets { Master = TempDir.Command(_dir.Script("hang.sh", "sleep 60")) }) with { QueueCapacity = 2, ScriptTimeout = TimeSpan.FromSeconds(1) };
        await using var n = new Notifier(settings, _log);
        n.Start();
        for (var i = 0; i < 10; i++) n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Master, 100));
        Assert.Contains(_log.WithId(5020), l => l.Contains("Notify queue for VI_1 is full", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notify_Fifos_LinesMatchTransitionsInOrder()
    {
        var fifo = _dir.File("notify.fifo");
        var vrrpFifo = _dir.File("vrrp.fifo");
        var settings = Settings(new NotifyTargets()) with
        {
            NotifyFifo = new FifoSettings(fifo, Linux.Processes.ProcessCredentials.Current, null),
            VrrpNotifyFifo = new FifoSettings(vrrpFifo, Linux.Processes.ProcessCredentials.Current, null),
        };
        await using var n = new Notifier(settings, _log);
        n.Start();
        n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Backup, 100));
        n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Master, 100));
        n.Notify(new RunNotify(NotifyKind.Group, "G1", VrrpState.Master, 0));
        n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Fault, 0));
        string[] expected = ["INSTANCE \"VI_1\" BACKUP 100", "INSTANCE \"VI_1\" MASTER 100", "GROUP \"G1\" MASTER 0", "INSTANCE \"VI_1\" FAULT 0"];
        foreach (var path in new[] { fifo, vrrpFifo })
        {
            using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read));
            foreach (var line in expected) Assert.Equal(line, await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)));
        }
    }

    [Fact]
    public async Task Start_FifoScript_StartedWithFifoPathAndReadsLines()
    {
        var fifo = _dir.File("notify.fifo");
        var got = _dir.File("got");
        var reader = _dir.Script("reader.sh", $"echo \"args $*\" > {got}.args\nwhile read line; do echo \"$line\" >> {got}; done < \"$2\"");
        var settings = Settings(new NotifyTargets()) with
        {
            NotifyFifo = new FifoSettings(fifo, Linux.Processes.ProcessCredentials.Current, TempDir.Command(reader, "first")),
        };
        await using (var n = new Notifier(settings, _log))
        {
            n.Start();
            n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Master, 100));
            n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Backup, 90));
            Assert.True(await Wait.Until(() => File.Exists(got) && File.ReadAllLines(got).Length == 2, TimeSpan.FromSeconds(10)));
        }
        Assert.Equal($"args first {fifo}", File.ReadAllText(got + ".args").Trim());
        Assert.Equal(["INSTANCE \"VI_1\" MASTER 100", "INSTANCE \"VI_1\" BACKUP 90"], File.ReadAllLines(got));
        Assert.False(File.Exists(fifo)); // we created it, so it is unlinked at shutdown
    }

    public void Dispose() => _dir.Dispose();
}
