using KeepalivedSharp.Notify.Logging;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Operations;

/// <summary>Log messages of the operations tooling (event ids 5000-5099), source generated.</summary>
internal static partial class OperationsLog
{
    [LoggerMessage(6000, LogLevel.Information, "Control socket listening on {Path}")]
    public static partial void ControlListening(ILogger logger, string path);

    [LoggerMessage(6001, LogLevel.Warning, "Control socket: refused a connection from uid {Uid} (pid {Pid}): only root may use {Path}")]
    public static partial void ControlRefused(ILogger logger, uint uid, int pid, string path);

    [LoggerMessage(6002, LogLevel.Warning, "Control socket: bad request from pid {Pid}: {Reason}")]
    public static partial void ControlBadRequest(ILogger logger, int pid, string reason);

    [LoggerMessage(6003, LogLevel.Information, "Control socket: {Command} requested by pid {Pid}")]
    public static partial void ControlCommand(ILogger logger, string command, int pid);

    [LoggerMessage(6004, LogLevel.Error, "Control socket: {Command} failed: {Reason}")]
    public static partial void ControlFailed(ILogger logger, string command, string reason);

    [LoggerMessage(6005, LogLevel.Warning, "Control socket: {Limit} connections already open; refused one from pid {Pid}")]
    public static partial void ControlBusy(ILogger logger, int limit, int pid);

    [LoggerMessage(6006, LogLevel.Warning, "Control socket: dropped the connection of pid {Pid}: {Reason}")]
    public static partial void ControlDropped(ILogger logger, int pid, string reason);

    [LoggerMessage(5010, LogLevel.Information, "Prometheus metrics on http://{Endpoint}/metrics")]
    public static partial void MetricsListening(ILogger logger, string endpoint);

    [LoggerMessage(5011, LogLevel.Warning, "Metrics scrape failed: {Reason}")]
    public static partial void MetricsFailed(ILogger logger, string reason);

    [LoggerMessage(5012, LogLevel.Warning, "Metrics: {Limit} connections already open; refused one from {Remote}")]
    public static partial void MetricsBusy(ILogger logger, int limit, string remote);

    [LoggerMessage(5090, LogLevel.Information, "{What}: {Suppressed} similar message(s) suppressed")]
    public static partial void Suppressed(ILogger logger, string what, long suppressed);

    /// <summary>True when a message of kind <paramref name="what"/> may be logged now; first reports how many the limiter held back.</summary>
    public static bool MayLog(this LogRateLimiter limiter, ILogger logger, string what)
    {
        if (!limiter.TryAcquire(what, out var suppressed)) return false;
        if (suppressed > 0) Suppressed(logger, what, suppressed);
        return true;
    }
}
