using System.Collections.Immutable;
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Logging;
using KeepalivedSharp.Notify.Scripts;
using KeepalivedSharp.Notify.Smtp;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Notify.Notifications;

/// <summary>
/// Turns the engine's <see cref="RunNotify"/> actions into what keepalived's send_instance_notifies /
/// send_group_notifies do, without ever blocking the caller:
/// <list type="number">
/// <item>notify_master/backup/fault/stop for the new state (notify_deleted for an instance a reload removed), and
/// <c>notify</c> with the extra arguments <c>INSTANCE|GROUP name MASTER|BACKUP|FAULT|STOP|DELETED priority</c> (separate argv words, the name unquoted, priority 0
/// for a group), started together;</item>
/// <item>the line <c>INSTANCE "VI_1" MASTER 100</c> (<c>GROUP "G" BACKUP 0</c>) written to notify_fifo and
/// vrrp_notify_fifo, synchronously inside <see cref="Notify(RunNotify)"/> (a non-blocking write to a FIFO we hold open
/// read-write, so lines are in call order and never wait for a reader);</item>
/// <item>an SMTP alert when smtp_alert is on and the state differs from the last one mailed.</item>
/// </list>
/// Scripts of one instance or group run in order: the next transition's scripts start when the previous ones ended
/// or were killed at <see cref="NotifierSettings.ScriptTimeout"/>. Different instances run in parallel.
/// <see cref="Notify(RunNotify)"/> is thread-safe and returns in microseconds; a full queue drops (and logs) the notification.
/// </summary>
public sealed class Notifier : IAsyncDisposable
{
    private readonly NotifierSettings _settings;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(NotifyKind, string), Lane> _lanes = new();
    private readonly List<(string Type, NotifyFifoFile File)> _fifos = [];
    private readonly List<RunningProcess> _fifoScripts = [];
    private readonly ConcurrentDictionary<(NotifyKind, string), VrrpState> _lastMailed = new();
    private readonly SmtpAlerter? _smtp;
    private readonly LogRateLimiter _outputLimit;
    private readonly TimeProvider _time;
    private long _fifoDrops;
    private readonly Lock _fifoGate = new();
    private readonly CancellationTokenSource _stopping = new();

    public Notifier(NotifierSettings settings, ILogger logger, TimeProvider? time = null)
    {
        _settings = settings;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _outputLimit = new LogRateLimiter(_time, 20, TimeSpan.FromMinutes(1));
        if (settings.Smtp is { } smtp) _smtp = new SmtpAlerter(smtp, logger);
    }

    /// <summary>Opens the FIFOs (creating them when missing) and starts their scripts. Call once, before the first notify.</summary>
    public void Start()
    {
        OpenFifo(_settings.NotifyFifo, "");
        if (_settings.VrrpNotifyFifo is { } v && v.Path != _settings.NotifyFifo?.Path) OpenFifo(v, "vrrp_");
    }

    private void OpenFifo(FifoSettings? fifo, string type)
    {
        if (fifo is null) return;
        NotifyFifoFile file;
        try
        {
            file = NotifyFifoFile.Open(fifo.Path, fifo.Owner);
        }
        catch (LinuxNativeException e)
        {
            _logger.FifoOpenFailed(type, fifo.Path, e.Message);
            return;
        }
        _fifos.Add((type, file));
        if (fifo.Script is not { } script) return;
        try
        {
            var p = ProcessRunner.Start(script.ToSpec(Timeout.InfiniteTimeSpan, fifo.Path));
            _fifoScripts.Add(p);
            _ = p.Completion.ContinueWith(t => _logger.FifoScriptTerminated(type, t.IsCompletedSuccessfully ? t.Result.Status.ToString() : "unknown"), TaskScheduler.Default);
        }
        catch (LinuxNativeException e)
        {
            _logger.NotifyStartFailed(script.Text, e.Message);
        }
    }

    /// <summary>Handles one engine notify action. Never blocks; safe from any thread.</summary>
    public void Notify(RunNotify n)
    {
        if (_stopping.IsCancellationRequested) return;
        var group = n.Kind == NotifyKind.Group;
        var priority = group ? 0 : n.Priority;
        var state = StateName(n.State);
        var targets = (group ? _settings.Groups : _settings.Instances).GetValueOrDefault(n.Name);

        if (targets is not null)
            Enqueue(n.Kind, n.Name, state, n.State == VrrpState.Stop, [.. Commands(targets, n.Kind, n.Name, n.State, priority, n.Scope)]);

        WriteFifo(string.Create(CultureInfo.InvariantCulture, $"{(group ? "GROUP" : "INSTANCE")} \"{n.Name}\" {state} {priority}"));

        if (n.Scope != NotifyScope.FifoOnly && _smtp is not null && targets is { SmtpAlert: true } && !(_settings.NoEmailFaults && n.State == VrrpState.Fault)
            && _lastMailed.GetValueOrDefault((n.Kind, n.Name), (VrrpState)(-1)) != n.State
            && SmtpAlert.ForTransition(n.Kind, n.Name, n.State, _settings.Smtp!.RouterId) is { } alert)
        {
            _lastMailed[(n.Kind, n.Name)] = n.State;
            _smtp.Enqueue(alert);
        }
    }

    /// <summary>
    /// keepalived's send_event_notify / send_instance_priority_notifies: the FIFO line with the event's word, and for a
    /// lower priority advert notify_master_rx_lower_pri (no arguments added). Never blocks; safe from any thread.
    /// </summary>
    public void Notify(InstanceEvent e)
    {
        if (_stopping.IsCancellationRequested) return;
        var word = EventName(e.Event);
        Enqueue(NotifyKind.Instance, e.Instance, word, stop: false, [.. EventCommands(_settings, e).Select(c => (c, Array.Empty<string>()))]);
        WriteFifo(string.Create(CultureInfo.InvariantCulture, $"INSTANCE \"{e.Instance}\" {word} {e.Priority}"));
    }

    /// <summary>The word notify_fifo writes for an event (vrrp_notify.c notify_fifo).</summary>
    public static string EventName(NotifyEvent e) => e switch
    {
        NotifyEvent.MasterRxLowerPriority => "MASTER_RX_LOWER_PRI",
        NotifyEvent.MasterPriority => "MASTER_PRIORITY",
        _ => "BACKUP_PRIORITY",
    };

    private void Enqueue(NotifyKind kind, string name, string what, bool stop, (ScriptCommand, string[])[] commands)
    {
        if (commands.Length == 0) return;
        var lane = _lanes.GetOrAdd((kind, name), _ => new Lane(this, _settings.QueueCapacity));
        if (!lane.TryEnqueue(new Job(name, stop, commands))) _logger.NotifyQueueFull(name, _settings.QueueCapacity, what);
    }

    private void WriteFifo(string line)
    {
        lock (_fifoGate)
            foreach (var (type, file) in _fifos)
                if (!file.WriteLine(line)) FifoDropped(type, file.Path, line);
    }

    /// <summary>Lines notify_fifo and vrrp_notify_fifo refused since the start: the FIFO was full (a reader that does not read).</summary>
    public long FifoDrops => Interlocked.Read(ref _fifoDrops);

    /// <summary>
    /// A full FIFO drops the line, as keepalived does: the kernel's pipe buffer is the only buffer, so a
    /// reader that never reads costs neither memory nor time. Counted, and logged at a limited rate
    /// (one line per transition would otherwise flood the log for as long as the reader sleeps).
    /// </summary>
    private void FifoDropped(string type, string path, string line)
    {
        long drops = Interlocked.Increment(ref _fifoDrops);
        if (_outputLimit.TryAcquire("fifo:" + path, out _)) _logger.FifoWriteDropped(type, path, line, drops);
    }

    /// <summary>Waits (bounded, on the monotonic clock) until every queued notify script has finished and queued mail has been tried.</summary>
    public async Task<bool> WaitIdleAsync(TimeSpan bound)
    {
        var start = _time.GetTimestamp();
        while (_lanes.Values.Any(l => l.Busy) || (_smtp?.Pending ?? 0) > 0)
        {
            if (_time.GetElapsedTime(start) >= bound) return false;
            await Task.Delay(10).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>
    /// The scripts one notification runs, in keepalived's order: the state's own script, then
    /// `notify` with TYPE NAME STATE PRIORITY appended. A removed instance's own script is notify_deleted's.
    /// </summary>
    private static IEnumerable<(ScriptCommand Command, string[] Extra)> Commands(NotifyTargets targets, NotifyKind kind, string name, VrrpState state, int priority,
        NotifyScope scope)
    {
        if (scope == NotifyScope.FifoOnly) yield break;
        if ((scope == NotifyScope.Removed ? targets.Deleted : ScriptFor(targets, state)) is { } specific) yield return (specific, []);
        if (targets.Generic is { } generic)
            yield return (generic, [kind == NotifyKind.Group ? "GROUP" : "INSTANCE", name, StateName(state), priority.ToString(CultureInfo.InvariantCulture)]);
    }

    /// <summary>The argument vectors <see cref="Notify(RunNotify)"/> runs for <paramref name="n"/> (the simulator shows them).</summary>
    public static IEnumerable<ImmutableArray<string>> ArgumentVectors(NotifierSettings settings, RunNotify n)
    {
        var group = n.Kind == NotifyKind.Group;
        if ((group ? settings.Groups : settings.Instances).GetValueOrDefault(n.Name) is not { } targets) yield break;
        foreach (var (command, extra) in Commands(targets, n.Kind, n.Name, n.State, group ? 0 : n.Priority, n.Scope))
            yield return [.. command.Argv, .. extra];
    }

    /// <summary>The argument vector an event runs: notify_master_rx_lower_pri's, for a lower priority advert.</summary>
    public static IEnumerable<ImmutableArray<string>> ArgumentVectors(NotifierSettings settings, InstanceEvent e)
        => EventCommands(settings, e).Select(c => c.Argv);

    /// <summary>The script an event runs (no arguments added): only a lower priority advert has one, notify_master_rx_lower_pri.</summary>
    private static IEnumerable<ScriptCommand> EventCommands(NotifierSettings settings, InstanceEvent e)
    {
        if (e.Event == NotifyEvent.MasterRxLowerPriority && settings.Instances.GetValueOrDefault(e.Instance)?.MasterRxLowerPri is { } script)
            yield return script;
    }

    private static string StateName(VrrpState s) => s is VrrpState.Master or VrrpState.Backup or VrrpState.Fault or VrrpState.Stop or VrrpState.Deleted
        ? s.ToKeepalived() : "{UNKNOWN}";

    private static ScriptCommand? ScriptFor(NotifyTargets t, VrrpState s) => s switch
    {
        VrrpState.Master => t.Master,
        VrrpState.Backup => t.Backup,
        VrrpState.Fault => t.Fault,
        VrrpState.Stop => t.Stop,
        _ => null,
    };

    private async Task RunJobAsync(Job job)
    {
        var timeout = job.Stop ? _settings.StopScriptTimeout : _settings.ScriptTimeout;
        var runs = new List<(ScriptCommand, RunningProcess)>(2);
        foreach (var (command, extra) in job.Commands) Start(command, timeout, runs, extra);
        foreach (var (command, run) in runs)
        {
            ProcessOutcome o;
            try
            {
                o = await run.Completion.ConfigureAwait(false);
            }
            catch (LinuxNativeException e)
            {
                _logger.NotifyStartFailed(command.Text, e.Message);
                continue;
            }
            new OutputLogger(_logger, command.Text, _outputLimit, notify: true).Log(o.Output);
            if (o.TimedOut) _logger.NotifyTimedOut(command.Text, job.Name, timeout, o.Pid);
            else if (!o.Status.Success && _logger.IsEnabled(LogLevel.Information)) _logger.NotifyFinished(command.Text, job.Name, o.Status.ToString());
        }
    }

    private void Start(ScriptCommand command, TimeSpan timeout, List<(ScriptCommand, RunningProcess)> runs, string[] extra)
    {
        try
        {
            var p = ProcessRunner.Start(command.ToSpec(timeout, extra), _stopping.Token);
            runs.Add((command, p));
        }
        catch (LinuxNativeException e)
        {
            _logger.NotifyStartFailed(command.Text, e.Message);
        }
    }

    /// <summary>
    /// Stops accepting notifications, gives queued scripts and mail a few seconds, then kills what is left
    /// (keepalived's script_killall at shutdown), stops the fifo scripts and closes (and unlinks, if we made them) the FIFOs.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await WaitIdleAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var lane in _lanes.Values) lane.Complete();
        try
        {
            await Task.WhenAll(_lanes.Values.Select(l => l.Worker)).WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // a script in D state; its watcher keeps trying to reap it
        }
        foreach (var p in _fifoScripts) p.Stop();
        try
        {
            await Task.WhenAll(_fifoScripts.Select(p => p.Completion)).WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // as above
        }
        lock (_fifoGate)
        {
            foreach (var (_, file) in _fifos) file.Dispose();
            _fifos.Clear();
        }
        if (_smtp is not null) await _smtp.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>The scripts of one notification, started together; <see cref="Stop"/>: notify_stop's short timeout.</summary>
    private sealed record Job(string Name, bool Stop, (ScriptCommand Command, string[] Extra)[] Commands);

    /// <summary>One instance's or group's ordered queue with its single worker.</summary>
    private sealed class Lane
    {
        private readonly Channel<Job> _jobs;
        private int _busy;

        public Lane(Notifier owner, int capacity)
        {
            _jobs = Channel.CreateBounded<Job>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
            Worker = Task.Run(async () =>
            {
                await foreach (var job in _jobs.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    try
                    {
                        await owner.RunJobAsync(job).ConfigureAwait(false);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _busy);
                    }
                }
            });
        }

        public Task Worker { get; }

        public bool Busy => Volatile.Read(ref _busy) > 0;

        public bool TryEnqueue(Job job)
        {
            Interlocked.Increment(ref _busy);
            if (_jobs.Writer.TryWrite(job)) return true;
            Interlocked.Decrement(ref _busy);
            return false;
        }

        public void Complete() => _jobs.Writer.TryComplete();
    }
}
