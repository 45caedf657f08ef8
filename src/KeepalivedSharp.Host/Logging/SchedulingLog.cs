using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host;

/// <summary>Process and thread scheduling messages, in keepalived's words (lib/process.c, lib/scheduler.c, lib/signals.c).</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(1020, LogLevel.Information, "Unable to set process priority to {Priority} - {Reason}")]
    public static partial void NiceFailed(ILogger logger, int priority, string reason);

    [LoggerMessage(1021, LogLevel.Warning, "child process: cannot raise priority - {Reason}")]
    public static partial void RealtimeFailed(ILogger logger, string reason);

    [LoggerMessage(1022, LogLevel.Warning, "child process cannot set realtime rlimit - {Reason}")]
    public static partial void RlimitFailed(ILogger logger, string reason);

    [LoggerMessage(1023, LogLevel.Information, "Unable to lock process in memory - {Reason}")]
    public static partial void LockFailed(ILogger logger, string reason);

    [LoggerMessage(1024, LogLevel.Warning, "unable to set cpu affinity to {Process} process ({Reason})")]
    public static partial void AffinityFailed(ILogger logger, string process, string reason);

    [LoggerMessage(1025, LogLevel.Information, "A thread timer expired {Seconds} seconds ago")]
    public static partial void TimerLate(ILogger logger, string seconds);

    [LoggerMessage(1026, LogLevel.Information, "Set realtime priority {Priority}")]
    public static partial void AutoPriority(ILogger logger, int priority);

    [LoggerMessage(1027, LogLevel.Information, "{Process} process has used too much CPU time, {Keyword}_rlimit_rttime may need to be increased")]
    public static partial void RealtimeLimitReached(ILogger logger, string process, string keyword);

    [LoggerMessage(1028, LogLevel.Warning, "child process: cannot reset realtime scheduling - {Reason}")]
    public static partial void ResetFailed(ILogger logger, string reason);
}
