using KeepalivedSharp.Config;

namespace KeepalivedSharp.Operations.Dumps;

/// <summary>Which dump a signal asks for.</summary>
public enum DumpKind
{
    /// <summary>SIGUSR1: keepalived.data.</summary>
    Data,
    /// <summary>SIGUSR2, and the stats-clear signal (written before the counters are cleared): keepalived.stats.</summary>
    Stats,
    /// <summary>The JSON signal: keepalived.json.</summary>
    Json,
    /// <summary>SIGUSR1 too, when the checkers run: keepalived_check.data.</summary>
    CheckData,
}

/// <summary>
/// Writes keepalived's dump files from a daemon snapshot, safely (see <see cref="SafeFileWriter"/>).
/// Signals, as keepalived 2.2.7 numbers them on Linux/glibc (<c>keepalived --signum=NAME</c>): DATA = SIGUSR1 (10),
/// STATS = SIGUSR2 (12), JSON = SIGRTMIN+2 (36), STATS_CLEAR = SIGRTMAX-1 (63): writes the stats, then clears them.
/// </summary>
public sealed class DumpWriter(DumpLocations locations)
{
    /// <summary>keepalived's signal numbers for the dumps (lib/signals.h, glibc SIGRTMIN 34, SIGRTMAX 64).</summary>
    public const int SignalData = 10;
    public const int SignalStats = 12;
    public const int SignalJson = 34 + 2;
    public const int SignalStatsClear = 64 - 1;

    public DumpWriter(KeepalivedConfig config) : this(DumpLocations.For(config)) { }

    public DumpLocations Locations => locations;

    /// <summary>The dump's text.</summary>
    public static string Format(DumpKind kind, DaemonStatus status) => kind switch
    {
        DumpKind.Data => DataDump.Format(status),
        DumpKind.Stats => StatsDump.Format(status),
        DumpKind.Json => JsonDump.Format(status),
        DumpKind.CheckData => CheckDataDump.Format(status),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public string PathOf(DumpKind kind) => kind switch
    {
        DumpKind.Data => locations.DataFile,
        DumpKind.Stats => locations.StatsFile,
        DumpKind.Json => locations.JsonFile,
        DumpKind.CheckData => locations.CheckDataFile,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Writes the dump and returns its path; throws <see cref="UnsafeDumpLocationException"/> or <see cref="IOException"/> with the path.</summary>
    public string Write(DumpKind kind, DaemonStatus status)
    {
        var path = PathOf(kind);
        SafeFileWriter.WriteAllText(path, Format(kind, status));
        return path;
    }

    /// <summary>The dump a keepalived signal number asks for, or null (STATS_CLEAR maps to Stats: clear the counters after writing).</summary>
    public static DumpKind? ForSignal(int signal) => signal switch
    {
        SignalData => DumpKind.Data,
        SignalStats or SignalStatsClear => DumpKind.Stats,
        SignalJson => DumpKind.Json,
        _ => null,
    };
}
