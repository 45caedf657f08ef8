using System.Collections.Immutable;
using KeepalivedSharp.Config;

namespace KeepalivedSharp.Host.Trackers;

/// <summary>
/// Decides whether a process (its /proc comm and argv) is one a vrrp_track_process counts, as
/// keepalived matches them: the name against the process name (comm, or argv[0]'s base name for
/// names longer than comm's 15 characters), or against the full argv[0] with full_command;
/// parameters exactly (param_match exact, the default), as a prefix (initial) or as a
/// contiguous run anywhere (partial).
/// </summary>
public static class ProcessMatcher
{
    public static bool Matches(TrackProcessConfig t, string comm, ImmutableArray<string> argv)
    {
        if (t.Process is not { Length: > 0 } name) return false;
        bool nameOk;
        if (t.FullCommand) nameOk = argv.Length > 0 && argv[0] == name;
        else if (name.Length > 15) nameOk = argv.Length > 0 && Path.GetFileName(argv[0]) == name;
        else nameOk = comm == name;
        if (!nameOk) return false;
        if (t.Parameters.IsDefaultOrEmpty) return true;

        var args = argv.Length > 1 ? argv.AsSpan()[1..] : [];
        var want = t.Parameters.AsSpan();
        return (t.ParamMatch ?? "exact") switch
        {
            "initial" => args.Length >= want.Length && args[..want.Length].SequenceEqual(want),
            "partial" => ContainsRun(args, want),
            _ => args.SequenceEqual(want),
        };
    }

    private static bool ContainsRun(ReadOnlySpan<string> args, ReadOnlySpan<string> want)
    {
        for (int k = 0; k + want.Length <= args.Length; k++)
        {
            if (args.Slice(k, want.Length).SequenceEqual(want)) return true;
        }
        return false;
    }
}
