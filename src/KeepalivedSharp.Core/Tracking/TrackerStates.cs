namespace KeepalivedSharp.Core.Tracking;

/// <summary>The latest observed state of every tracked object on a node. Mutable; owned by the engine.</summary>
public sealed class TrackerStates
{
    private readonly Dictionary<string, ScriptSettings> _scriptSettings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScriptHealth> _scripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _interfaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _processes = new(StringComparer.Ordinal);

    public TrackerStates(IEnumerable<ScriptSettings> scripts)
    {
        foreach (var s in scripts)
        {
            _scriptSettings[s.Name] = s;
            _scripts[s.Name] = ScriptHealth.Initial(s);
        }
    }

    /// <summary>
    /// Reload: scripts that keep their name keep their rise/fall progress (clamped to the new
    /// range, as keepalived does on reload); new scripts start in their init phase; removed ones go.
    /// </summary>
    public void ReplaceScripts(IEnumerable<ScriptSettings> scripts)
    {
        var old = new Dictionary<string, ScriptHealth>(_scripts, StringComparer.Ordinal);
        _scriptSettings.Clear();
        _scripts.Clear();
        foreach (var s in scripts)
        {
            _scriptSettings[s.Name] = s;
            _scripts[s.Name] = old.TryGetValue(s.Name, out var h)
                ? h with { Result = Math.Clamp(h.Result, 0, s.Rise + s.Fall - 1) }
                : ScriptHealth.Initial(s);
        }
    }

    public bool HasScript(string name) => _scriptSettings.ContainsKey(name);

    /// <summary>Applies a script result; returns true when its up/down verdict (or init phase) changed.</summary>
    public bool ApplyScriptResult(string name, bool success)
    {
        if (!_scriptSettings.TryGetValue(name, out var settings)) return false;
        var before = _scripts[name];
        var after = before.Apply(settings, success);
        _scripts[name] = after;
        return before.Initialising != after.Initialising || before.IsUp(settings) != after.IsUp(settings);
    }

    public bool ScriptInitialising(string name) => _scripts.TryGetValue(name, out var h) && h.Initialising;

    public bool ScriptUp(string name)
        => _scripts.TryGetValue(name, out var h) && h.IsUp(_scriptSettings[name]);

    /// <summary>Interfaces are up until told otherwise.</summary>
    public bool InterfaceUp(string name) => !_interfaces.TryGetValue(name, out var up) || up;

    public bool SetInterface(string name, bool up)
    {
        bool before = InterfaceUp(name);
        _interfaces[name] = up;
        return before != up;
    }

    public long FileValue(string name) => _files.TryGetValue(name, out var v) ? v : 0;

    public bool SetFile(string name, long value)
    {
        bool changed = FileValue(name) != value;
        _files[name] = value;
        return changed;
    }

    /// <summary>Processes have quorum until told otherwise.</summary>
    public bool ProcessQuorum(string name) => !_processes.TryGetValue(name, out var q) || q;

    public bool SetProcess(string name, bool quorum)
    {
        bool before = ProcessQuorum(name);
        _processes[name] = quorum;
        return before != quorum;
    }
}
