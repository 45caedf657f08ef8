using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Notify.Logging;

/// <summary>Source-generated log messages of scripts, notifications and SMTP; event ids 5000-5099 are stable.</summary>
internal static partial class NotifyLog
{
    // Track scripts: 5000-5019
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Track script {Script} is already running, expect idle - skipping run")]
    public static partial void ScriptSkipped(this ILogger logger, string script);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Script `{Script}` now returning {Status}")]
    public static partial void ScriptStatusChanged(this ILogger logger, string script, int status);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "VRRP_Script({Script}) timed_out after {Timeout}; process group {Pgid} killed")]
    public static partial void ScriptTimedOut(this ILogger logger, string script, TimeSpan timeout, int pgid);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "VRRP_Script({Script}) {Status}")]
    public static partial void ScriptKilled(this ILogger logger, string script, string status);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Track script {Script} cannot be started: {Reason}")]
    public static partial void ScriptStartFailed(this ILogger logger, string script, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Script {Script} output: {Line}")]
    public static partial void ScriptOutput(this ILogger logger, string script, string line);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Script {Script}: {Count} output lines not logged (rate limit)")]
    public static partial void ScriptOutputSuppressed(this ILogger logger, string script, long count);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Track script {Script} is being timed out, expect idle - skipping run")]
    public static partial void ScriptSkippedTimingOut(this ILogger logger, string script);

    // Notify scripts and fifos: 5020-5039
    [LoggerMessage(EventId = 5020, Level = LogLevel.Warning, Message = "Notify queue for {Name} is full ({Capacity}); dropping the {State} notification")]
    public static partial void NotifyQueueFull(this ILogger logger, string name, int capacity, string state);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Error, Message = "Error exec-ing command '{Command}': {Reason}")]
    public static partial void NotifyStartFailed(this ILogger logger, string command, string reason);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Warning, Message = "Notify script '{Command}' for {Name} timed out after {Timeout}; process group {Pgid} killed")]
    public static partial void NotifyTimedOut(this ILogger logger, string command, string name, TimeSpan timeout, int pgid);

    [LoggerMessage(EventId = 5023, Level = LogLevel.Information, Message = "Notify script '{Command}' for {Name} {Status}")]
    public static partial void NotifyFinished(this ILogger logger, string command, string name, string status);

    [LoggerMessage(EventId = 5024, Level = LogLevel.Error, Message = "Unable to open {Type}notify fifo {Path}: {Reason}")]
    public static partial void FifoOpenFailed(this ILogger logger, string type, string path, string reason);

    [LoggerMessage(EventId = 5025, Level = LogLevel.Warning, Message = "{Type}notify fifo {Path} is full or closed; line dropped: {Line} ({Drops} dropped in all)")]
    public static partial void FifoWriteDropped(this ILogger logger, string type, string path, string line, long drops);

    [LoggerMessage(EventId = 5026, Level = LogLevel.Information, Message = "{Type}notify fifo script terminated: {Status}")]
    public static partial void FifoScriptTerminated(this ILogger logger, string type, string status);

    [LoggerMessage(EventId = 5027, Level = LogLevel.Information, Message = "Notify script '{Command}' output: {Line}")]
    public static partial void NotifyOutput(this ILogger logger, string command, string line);

    // SMTP: 5040-5059
    [LoggerMessage(EventId = 5040, Level = LogLevel.Information, Message = "SMTP alert successfully sent: {Subject}")]
    public static partial void SmtpSent(this ILogger logger, string subject);

    [LoggerMessage(EventId = 5041, Level = LogLevel.Error, Message = "Error sending SMTP alert to {Server}:{Port} ({Subject}): {Reason}")]
    public static partial void SmtpFailed(this ILogger logger, string server, int port, string subject, string reason);

    [LoggerMessage(EventId = 5042, Level = LogLevel.Warning, Message = "SMTP alert queue full; dropping: {Subject}")]
    public static partial void SmtpQueueFull(this ILogger logger, string subject);
    // startup_script / shutdown_script: 5060-5069, keepalived core/main.c's words ("%s script failed" with type
    // "startup script" reads "startup script script failed" there too).
    [LoggerMessage(EventId = 5060, Level = LogLevel.Debug, Message = "Running {Type} script {Command}")]
    public static partial void StartStopScriptRunning(this ILogger logger, string type, string command);

    [LoggerMessage(EventId = 5061, Level = LogLevel.Information, Message = "{Type} script script failed, status {Status}")]
    public static partial void StartStopScriptFailed(this ILogger logger, string type, int status);

    [LoggerMessage(EventId = 5062, Level = LogLevel.Debug, Message = "{Type} script script succeeded")]
    public static partial void StartStopScriptSucceeded(this ILogger logger, string type);

    [LoggerMessage(EventId = 5063, Level = LogLevel.Information, Message = "{Type} script timed out")]
    public static partial void StartStopScriptTimedOut(this ILogger logger, string type);

    [LoggerMessage(EventId = 5064, Level = LogLevel.Information, Message = "Call of {Type} script {Program} failed: {Reason}")]
    public static partial void StartStopScriptCallFailed(this ILogger logger, string type, string program, string reason);

    [LoggerMessage(EventId = 5065, Level = LogLevel.Information, Message = "{Type} script {Status}")]
    public static partial void StartStopScriptKilled(this ILogger logger, string type, KeepalivedSharp.Linux.Processes.ExitStatus status);

    [LoggerMessage(EventId = 5066, Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void StartStopScriptMessage(this ILogger logger, string message);
}
