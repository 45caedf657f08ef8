using KeepalivedSharp.Core.Tracking;

namespace KeepalivedSharp.Core.Vrrp;

/// <summary>The vrrp_script schedule and the track_process delays: engine timers, host actions.</summary>
public sealed partial class VrrpEngine
{
    private readonly List<ScriptSchedule> _scripts = [];
    private readonly Dictionary<string, ScriptSchedule> _scriptByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProcessDelay> _processes = new(StringComparer.Ordinal);
    private long _lastRun;

    /// <summary>The run number of the script's run in progress, or 0 (status, tests).</summary>
    public long ScriptRunInProgress(string script) => _scriptByName.TryGetValue(script, out var s) ? s.Run : 0;

    /// <summary>
    /// A vrrp_script run finished. <paramref name="run"/> is the number from its
    /// <see cref="RunScript"/>: a result for any other run (one given up on at reload or stop) is
    /// ignored, and one for a run that timed out only ends it (its failure is already counted).
    /// Run 0 is a result from outside the schedule: it is counted and ends nothing.
    /// </summary>
    public void ScriptResult(string script, bool success, TimeSpan now, List<EngineAction> output, long run = 0)
    {
        Begin(now, output);
        if (run == 0) CountScript(script, success);
        else if (_scriptByName.TryGetValue(script, out var s) && s.Run == run && s.Finished()) CountScript(script, success);
        End();
    }

    /// <summary>
    /// What the host sees of a tracked process's quorum now. Before the start it applies at once
    /// (keepalived's initial scan); after, a change waits for its fork_delay / terminate_delay and a
    /// report back to the counted quorum within that delay cancels it.
    /// </summary>
    public void ProcessQuorum(string name, bool quorum, TimeSpan now, List<EngineAction> output)
    {
        Begin(now, output);
        var delay = _processes.GetValueOrDefault(name);
        if (!_running || delay is null)
        {
            delay?.Cancel();
            SetProcess(name, quorum);
        }
        else if (quorum == _trackers.ProcessQuorum(name))
        {
            delay.Cancel();
        }
        else if (!delay.IsPending(quorum))
        {
            var wait = delay.DelayFor(quorum);
            if (wait <= TimeSpan.Zero) SetProcess(name, quorum);
            else delay.Hold(quorum, _now + wait);
        }
        End();
    }

    private void SetProcess(string name, bool quorum)
    {
        if (_trackers.SetProcess(name, quorum) && _running) ReevaluateAll();
    }

    private void CountScript(string script, bool success)
    {
        if (_trackers.ApplyScriptResult(script, success) && _running) ReevaluateAll();
    }

    private void BuildTrackers(IEnumerable<ScriptSettings> scripts, IEnumerable<ProcessSettings> processes)
    {
        foreach (var s in _scripts) s.Clear();
        _scripts.Clear();
        _scriptByName.Clear();
        foreach (var s in scripts)
        {
            var schedule = new ScriptSchedule(s) { Order = int.MinValue + _scripts.Count };
            _scripts.Add(schedule);
            _scriptByName[s.Name] = schedule;
        }
        var old = new Dictionary<string, ProcessDelay>(_processes, StringComparer.Ordinal);
        _processes.Clear();
        foreach (var p in processes)
        {
            var d = new ProcessDelay(p) { Order = int.MinValue / 2 + _processes.Count };
            // A pending change survives a reload that keeps the tracker (its deadline stays).
            if (old.TryGetValue(p.Name, out var before) && before.Deadline is { } at) d.Hold(before.PendingQuorum, at);
            _processes[p.Name] = d;
        }
    }

    private void AddTrackersToHeap()
    {
        foreach (var s in _scripts) _heap.Add(s);
        foreach (var p in _processes.Values) _heap.Add(p);
    }

    /// <summary>Every script runs now and then every interval (start, and reload: keepalived restarts the schedule).</summary>
    private void StartScripts()
    {
        foreach (var s in _scripts)
        {
            s.NextRun = _now;
            FireScript(s);
        }
    }

    private void StopTrackers()
    {
        foreach (var s in _scripts) s.Clear();
        foreach (var p in _processes.Values) p.Cancel();
    }

    private void FireScript(ScriptSchedule s)
    {
        if (s.TimeoutDue(_now))
        {
            s.TimedOut();
            _out.Add(new ScriptTimedOut(s.Name, s.Run, s.Settings.EffectiveTimeout));
            CountScript(s.Name, false);
        }
        if (!s.RunDue(_now)) return;
        if (s.Run != 0)
        {
            s.NextRun = _now + s.Settings.Interval;
            _out.Add(new ScriptSkipped(s.Name, s.TimingOut));
            return;
        }
        s.Started(++_lastRun, _now);
        _out.Add(new RunScript(s.Name, s.Run));
    }

    private void FireProcess(ProcessDelay p)
    {
        if (!p.Due(_now)) return;
        p.Cancel();
        SetProcess(p.Name, p.PendingQuorum);
    }
}
