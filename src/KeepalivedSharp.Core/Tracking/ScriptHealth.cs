namespace KeepalivedSharp.Core.Tracking;

/// <summary>
/// keepalived's rise/fall counter for a vrrp_script. Result runs from 0 to rise+fall-1 and the
/// script counts as up when Result >= rise. A new script starts at rise-1 and in its init phase,
/// so its first result decides at once; `init_fail` starts it at 0, failed.
/// </summary>
public readonly record struct ScriptHealth(int Result, bool Initialising)
{
    public static ScriptHealth Initial(ScriptSettings s)
        => s.InitFail ? new ScriptHealth(0, false) : new ScriptHealth(s.Rise - 1, true);

    public bool IsUp(ScriptSettings s) => !Initialising && Result >= s.Rise;

    /// <summary>Folds one run's outcome into the counter.</summary>
    public ScriptHealth Apply(ScriptSettings s, bool success)
    {
        int top = s.Rise + s.Fall - 1;
        int next;
        if (success)
            next = Result < s.Rise - 1 ? Result + 1 : top;
        else
            next = Result > s.Rise ? Result - 1 : 0;
        return new ScriptHealth(next, false);
    }
}
