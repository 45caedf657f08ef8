using System.Collections.Immutable;
using System.Diagnostics;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Notify.Notifications;

namespace KeepalivedSharp.Notify.Tests.Notifications;

/// <summary>
/// A notify_fifo reader that never reads. Expected (keepalived's fifo_open/notify_fifo): the writer
/// never blocks the caller (the VRRP loop), the kernel's pipe buffer is the only buffer, a line that
/// does not fit is dropped whole, drops are counted and logged at a limited rate, and once the
/// reader catches up lines flow again.
/// </summary>
public sealed class NotifierFifoFaultTests : IDisposable
{
    private const string Line = "INSTANCE \"VI_1\" MASTER 100";
    private readonly TempDir _dir = new();
    private readonly ListLogger _log = new();

    [Fact]
    public async Task Notify_FifoNobodyReads_NeverBlocksDropsCountedLogLimitedAndRecovers()
    {
        var fifo = _dir.File("notify.fifo");
        var settings = new NotifierSettings
        {
            Instances = ImmutableDictionary<string, NotifyTargets>.Empty,
            Groups = ImmutableDictionary<string, NotifyTargets>.Empty,
            NotifyFifo = new FifoSettings(fifo, Linux.Processes.ProcessCredentials.Current, null),
        };
        await using var n = new Notifier(settings, _log);
        n.Start();

        // 5,000 lines of 28 bytes: twice what a 64 KiB pipe holds.
        const int Calls = 5_000;
        var slowest = TimeSpan.Zero;
        for (int k = 0; k < Calls; k++)
        {
            var t = Stopwatch.GetTimestamp();
            n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Master, 100));
            var took = Stopwatch.GetElapsedTime(t);
            if (took > slowest) slowest = took;
        }

        Assert.True(slowest < TimeSpan.FromMilliseconds(100), $"slowest Notify took {slowest}");
        long drops = n.FifoDrops;
        Assert.InRange(drops, Calls / 4, Calls - 1000);
        var logged = _log.WithId(5025).ToList();
        Assert.InRange(logged.Count, 1, 20); // the limiter's 20 a minute, not one per drop
        Assert.Contains("(1 dropped in all)", logged[0], StringComparison.Ordinal); // each line carries the running count

        // The reader wakes up: exactly the lines that fitted are there, each whole, then new ones flow.
        using var reader = new StreamReader(new FileStream(fifo, FileMode.Open, FileAccess.Read));
        for (long k = 0; k < Calls - drops; k++) Assert.Equal(Line, await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)));
        n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Backup, 100));
        Assert.Equal("INSTANCE \"VI_1\" BACKUP 100", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(drops, n.FifoDrops);
    }

    public void Dispose() => _dir.Dispose();
}
