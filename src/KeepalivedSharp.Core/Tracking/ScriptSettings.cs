namespace KeepalivedSharp.Core.Tracking;

/// <summary>The rise/fall policy of one vrrp_script (the runner that executes it lives in the host layer).</summary>
public sealed record ScriptSettings(string Name, int Rise = 1, int Fall = 1, bool InitFail = false);
