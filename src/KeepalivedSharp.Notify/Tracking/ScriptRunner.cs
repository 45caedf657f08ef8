using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Logging;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Notify.Tracking;

/// <summary>
/// Runs vrrp_script processes when the engine says so; the engine owns the schedule (interval,
/// timeout, skip while running: <c>RunScript</c>, <c>ScriptTimedOut</c>, <c>ScriptSkipped</c>).
/// <list type="bullet">
/// <item><see cref="Run"/> starts one run; its result goes to the callback, from a thread-pool thread, with its run number.</item>
/// <item><see cref="Kill"/> sends the run's process group SIGTERM, then SIGKILL 2 s later (keepalived's track-script
/// termination); the result follows once it is reaped.</item>
/// <item>Output (stdout+stderr, first 4 KiB per run) goes to the log line by line, at most 10 lines a minute per script.</item>
/// </list>
/// </summary>
public sealed class ScriptRunner : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, RunningProcess> _running = [];
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Action<ScriptRunResult> _onResult;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private bool _stopping;

    public ScriptRunner(IEnumerable<TrackedScript> scripts, Action<ScriptRunResult> onResult, ILogger logger, TimeProvider? time = null)
    {
        _onResult = onResult;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        Replace(scripts);
    }

    /// <summary>The scripts that can be run.</summary>
    public IReadOnlyList<TrackedScript> Scripts
    {
        get
        {
            lock (_gate) return [.. _entries.Values.Select(e => e.Script)];
        }
    }

    /// <summary>Runs in progress (being killed included).</summary>
    public int RunningCount
    {
        get
        {
            lock (_gate) return _running.Count;
        }
    }

    /// <summary>
    /// Reload: the new commands replace the old; runs of the old ones are stopped (their results
    /// still come, and the engine, whose schedule restarted, ignores them).
    /// </summary>
    public void Replace(IEnumerable<TrackedScript> scripts)
    {
        lock (_gate)
        {
            var old = _entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            _entries.Clear();
            foreach (var s in scripts)
            {
                _entries[s.Name] = old.TryGetValue(s.Name, out var e) && e.Script == s
                    ? e
                    : new Entry(s, new OutputLogger(_logger, s.Name, new LogRateLimiter(_time, 10, TimeSpan.FromMinutes(1)), notify: false));
            }
            foreach (var p in _running.Values) p.Stop();
        }
    }

    /// <summary>Starts run <paramref name="run"/> of <paramref name="name"/> (no timeout here: the engine sends <see cref="Kill"/>).</summary>
    public void Run(string name, long run)
    {
        Entry? entry;
        RunningProcess? process = null;
        string? error = null;
        lock (_gate)
        {
            if (_stopping || !_entries.TryGetValue(name, out entry)) return;
            try
            {
                process = ProcessRunner.Start(entry.Script.Command.ToSpec(Timeout.InfiniteTimeSpan));
                _running[run] = process;
            }
            catch (LinuxNativeException e)
            {
                _logger.ScriptStartFailed(name, e.Message);
                error = e.Message;
            }
        }
        if (process is null) Deliver(new ScriptRunResult(name, run, false, null, error));
        else _ = Finish(entry, run, process);
    }

    /// <summary>The engine timed run <paramref name="run"/> out: TERM to its group now, KILL 2 s later.</summary>
    public void Kill(string name, long run, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (!_running.TryGetValue(run, out var p)) return;
            _logger.ScriptTimedOut(name, timeout, p.Pid);
            p.Stop();
        }
    }

    /// <summary>keepalived's "Track script X is already running / being timed out, expect idle - skipping run".</summary>
    public void Skipped(string name, bool timingOut)
    {
        if (timingOut) _logger.ScriptSkippedTimingOut(name);
        else _logger.ScriptSkipped(name);
    }

    private async Task Finish(Entry entry, long run, RunningProcess process)
    {
        ProcessOutcome outcome;
        try
        {
            outcome = await process.Completion.ConfigureAwait(false);
        }
        catch (LinuxNativeException e)
        {
            Ended(run);
            Deliver(new ScriptRunResult(entry.Script.Name, run, false, null, e.Message));
            return;
        }
        entry.Output.Log(outcome.Output);
        if (!outcome.Status.Exited && !outcome.Stopped && _logger.IsEnabled(LogLevel.Warning)) _logger.ScriptKilled(entry.Script.Name, outcome.Status.ToString());
        if (outcome.Status.Exited && outcome.Status.Code != entry.LastStatus)
        {
            _logger.ScriptStatusChanged(entry.Script.Name, outcome.Status.Code);
            entry.LastStatus = outcome.Status.Code;
        }
        Ended(run);
        Deliver(new ScriptRunResult(entry.Script.Name, run, outcome.Success, outcome, null));
    }

    private void Ended(long run)
    {
        lock (_gate) _running.Remove(run);
    }

    private void Deliver(ScriptRunResult result)
    {
        lock (_gate)
        {
            if (_stopping) return; // a run stopped at shutdown is not a health result
        }
        try
        {
            _onResult(result);
        }
#pragma warning disable CA1031 // a faulty callback must not stop the runner
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.ScriptStartFailed(result.Name, $"result callback threw {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Stops every running script (TERM, then KILL) and waits for them to be reaped; no result is delivered after.</summary>
    public async ValueTask DisposeAsync()
    {
        List<Task> pending;
        lock (_gate)
        {
            _stopping = true;
            foreach (var p in _running.Values) p.Stop();
            pending = [.. _running.Values.Select(p => (Task)p.Completion)];
        }
        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (LinuxNativeException)
        {
            // Already logged by the run itself.
        }
    }

    private sealed class Entry(TrackedScript script, OutputLogger output)
    {
        public TrackedScript Script { get; } = script;
        public OutputLogger Output { get; } = output;
        public int LastStatus { get; set; } = -1;
    }
}
