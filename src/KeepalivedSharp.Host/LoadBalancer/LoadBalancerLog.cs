using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>The load balancer's log events (1430-1440, inside the check loop's 1400-1499).</summary>
internal static partial class LoadBalancerLog
{
    [LoggerMessage(1430, LogLevel.Information, "Load balancer: {Backend} ({Reason})")]
    public static partial void Backend(ILogger logger, string backend, string reason);

    /// <summary>A scheduler or forwarding method the backend runs differently (for a future -t warning).</summary>
    [LoggerMessage(1431, LogLevel.Warning, "{Backend}: VS {Service}: {Fallback}")]
    public static partial void Fallback(ILogger logger, string backend, string service, string fallback);

    [LoggerMessage(1432, LogLevel.Error, "{Backend}: applying the table failed ({Services} service(s), {Destinations} destination(s)): {Error}")]
    public static partial void ApplyFailed(ILogger logger, string backend, int services, int destinations, string error);

    [LoggerMessage(1433, LogLevel.Error, "{Backend}: removing our table failed: {Error}")]
    public static partial void ReleaseFailed(ILogger logger, string backend, string error);

    /// <summary>After each change: what the kernel now has, and how long the change took (bench/lb reads it).</summary>
    [LoggerMessage(1434, LogLevel.Information, "{Backend}: {Services} service(s), {Destinations} destination(s) in the kernel ({Milliseconds:0.000} ms)")]
    public static partial void Applied(ILogger logger, string backend, int services, int destinations, double milliseconds);

    /// <summary>At start: what an earlier run left of ours (a crash, or a kill -9), replaced by the first change.</summary>
    [LoggerMessage(1435, LogLevel.Information, "{Backend}: found our table from an earlier run with {Services} service(s), {Destinations} destination(s); it is replaced")]
    public static partial void Leftover(ILogger logger, string backend, int services, int destinations);

    [LoggerMessage(1436, LogLevel.Warning, "{Backend}: reading back our table failed: {Error}")]
    public static partial void ReadBackFailed(ILogger logger, string backend, string error);

    /// <summary>One IPVS command the kernel refused, in keepalived's words (ipvswrapper.c ipvs_talk).</summary>
    [LoggerMessage(1437, LogLevel.Warning, "{Line}")]
    public static partial void CommandFailed(ILogger logger, string line);

    /// <summary>ipvswrapper.c ipvs_set_timeouts' words; at exit the same when the saved ones do not go back.</summary>
    [LoggerMessage(1438, LogLevel.Information, "Failed to set ipvs timeouts ({Error})")]
    public static partial void TimeoutsFailed(ILogger logger, string error);

    [LoggerMessage(1439, LogLevel.Error, "IPVS: flushing the table failed: {Error}")]
    public static partial void FlushFailed(ILogger logger, string error);

    /// <summary>lvs_sync_daemon is configured but no IPVS is here to run it.</summary>
    [LoggerMessage(1440, LogLevel.Warning, "{Reason}")]
    public static partial void SyncDaemonUnavailable(ILogger logger, string reason);
}
