using System.Collections.Immutable;

namespace KeepalivedSharp.Linux.Processes;

/// <summary>What to run and how long it may take. argv[0] must be a path (no PATH search happens here).</summary>
public sealed record ProcessStartSpec(ImmutableArray<string> Argv)
{
    /// <summary>Run as this uid/gid (see <see cref="PrivilegeDrop"/>); null or equal to ours = run as ourselves.</summary>
    public ProcessCredentials? RunAs { get; init; }

    /// <summary>After this the whole process group gets SIGTERM; <see cref="Timeout.InfiniteTimeSpan"/> = never.</summary>
    public TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Time between SIGTERM and SIGKILL of the group (keepalived: 2 s for track scripts).</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many bytes of stdout+stderr are kept; the rest is read and dropped.</summary>
    public int OutputLimit { get; init; } = 4096;
}

/// <summary>How a run ended.</summary>
/// <param name="Pid">The child's pid, which is also its process group id.</param>
/// <param name="Status">The decoded wait status.</param>
/// <param name="TimedOut">The run passed its timeout and was killed (TERM, then KILL).</param>
/// <param name="Stopped">The run was stopped through <see cref="RunningProcess.Stop"/> (shutdown).</param>
/// <param name="Output">The first <see cref="ProcessStartSpec.OutputLimit"/> bytes of stdout+stderr, UTF-8.</param>
/// <param name="OutputTruncated">More output was written than kept.</param>
/// <param name="Duration">From spawn to reap.</param>
public sealed record ProcessOutcome(int Pid, ExitStatus Status, bool TimedOut, bool Stopped, string Output, bool OutputTruncated, TimeSpan Duration)
{
    /// <summary>Exit code 0 and not killed by us.</summary>
    public bool Success => Status.Success && !TimedOut && !Stopped;
}
