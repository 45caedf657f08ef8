using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Logging;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Notify.Tracking;

/// <summary>
/// Runs each vrrp_script every interval (the first run at <see cref="Start"/>), as keepalived's vrrp_script_thread:
/// <list type="bullet">
/// <item>Runs never overlap: when a run is still going at the next tick, that tick is skipped and logged
/// (keepalived 2.2.7 logs the same line but then starts the run anyway).</item>
/// <item>At the timeout (the script's, or its interval) the process group gets SIGTERM, then SIGKILL 2 s later; the
/// run counts as a failure.</item>
/// <item>Each finished run is handed to the callback, from a thread-pool thread, one run at a time per script; the
/// daemon posts it to its loop and calls <c>VrrpEngine.ScriptResult(name, success, now, actions)</c>.</item>
/// <item>Output (stdout+stderr, first 4 KiB per run) goes to the log line by line, at most 10 lines a minute per script.</item>
/// </list>
/// </summary>
public sealed class ScriptTracker : IAsyncDisposable
{
    private readonly List<Entry> _entries;
    private readonly Action<ScriptRunResult> _onResult;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private bool _started;

    public ScriptTracker(IEnumerable<TrackedScript> scripts, Action<ScriptRunResult> onResult, ILogger logger, TimeProvider? time = null)
    {
        _onResult = onResult;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _entries = [.. scripts.Select(s => new Entry(s, new OutputLogger(logger, s.Name, new LogRateLimiter(_time, 10, TimeSpan.FromMinutes(1)), notify: false)))];
    }

    /// <summary>The scripts being run.</summary>
    public IReadOnlyList<TrackedScript> Scripts => [.. _entries.Select(e => e.Script)];

    /// <summary>Starts the timers; each script runs at once, then every interval.</summary>
    public void Start()
    {
        if (_started) throw new InvalidOperationException("already started");
        _started = true;
        foreach (var e in _entries)
        {
            var entry = e;
            entry.Timer = _time.CreateTimer(_ => Tick(entry), null, TimeSpan.Zero, entry.Script.Interval);
        }
    }

    /// <summary>True while a run of <paramref name="name"/> is in progress.</summary>
    public bool IsRunning(string name) => _entries.Any(e => e.Script.Name == name && e.Running is not null);

    private void Tick(Entry entry)
    {
        RunningProcess process;
        ScriptRunResult? failed = null;
        lock (entry)
        {
            if (_stopping.IsCancellationRequested) return;
            if (entry.Running is not null)
            {
                _logger.ScriptSkipped(entry.Script.Name);
                return;
            }
            try
            {
                process = ProcessRunner.Start(entry.Script.Command.ToSpec(entry.Script.Timeout));
            }
            catch (LinuxNativeException e)
            {
                _logger.ScriptStartFailed(entry.Script.Name, e.Message);
                failed = new ScriptRunResult(entry.Script.Name, false, null, e.Message);
                process = null!;
            }
            if (failed is null) entry.Running = process;
        }
        if (failed is not null) Deliver(failed);
        else _ = Finish(entry, process);
    }

    private async Task Finish(Entry entry, RunningProcess process)
    {
        ProcessOutcome outcome;
        try
        {
            outcome = await process.Completion.ConfigureAwait(false);
        }
        catch (LinuxNativeException e)
        {
            lock (entry) entry.Running = null;
            Deliver(new ScriptRunResult(entry.Script.Name, false, null, e.Message));
            return;
        }
        entry.Output.Log(outcome.Output);
        if (outcome.TimedOut) _logger.ScriptTimedOut(entry.Script.Name, entry.Script.Timeout, outcome.Pid);
        else if (!outcome.Status.Exited && !outcome.Stopped && _logger.IsEnabled(LogLevel.Warning)) _logger.ScriptKilled(entry.Script.Name, outcome.Status.ToString());
        if (outcome.Status.Exited && outcome.Status.Code != entry.LastStatus)
        {
            _logger.ScriptStatusChanged(entry.Script.Name, outcome.Status.Code);
            entry.LastStatus = outcome.Status.Code;
        }
        // Clear "running" before delivering, so a callback that blocks never makes the next tick skip.
        lock (entry) entry.Running = null;
        if (!outcome.Stopped) Deliver(new ScriptRunResult(entry.Script.Name, outcome.Success, outcome, null));
    }

    private void Deliver(ScriptRunResult result)
    {
        try
        {
            _onResult(result);
        }
#pragma warning disable CA1031 // a faulty callback must not stop the tracker
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.ScriptStartFailed(result.Name, $"result callback threw {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Stops the timers, stops every running script (TERM, then KILL) and waits for them to be reaped.</summary>
    public async ValueTask DisposeAsync()
    {
        List<Task> pending = [];
        lock (_stopping) _stopping.Cancel();
        foreach (var e in _entries)
        {
            if (e.Timer is { } t) await t.DisposeAsync().ConfigureAwait(false);
            lock (e)
            {
                if (e.Running is { } p)
                {
                    p.Stop();
                    pending.Add(p.Completion);
                }
            }
        }
        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (LinuxNativeException)
        {
            // Already logged by the run itself.
        }
        _stopping.Dispose();
    }

    private sealed class Entry(TrackedScript script, OutputLogger output)
    {
        public TrackedScript Script { get; } = script;
        public OutputLogger Output { get; } = output;
        public ITimer? Timer { get; set; }
        public RunningProcess? Running { get; set; }
        public int LastStatus { get; set; } = -1;
    }
}
