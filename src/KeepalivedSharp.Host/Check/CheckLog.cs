using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Check;

/// <summary>The check loop's log events (1400-1499); the texts come from <see cref="CheckLogText"/>.</summary>
internal static partial class CheckLog
{
    /// <summary>At start, per checker: "Activating", or "Deactivating" for ha_suspend without its address (check_api.c register_checkers_thread).</summary>
    [LoggerMessage(1400, LogLevel.Information, "{Action} healthchecker for service {RealServer} for VS {VirtualServer}")]
    public static partial void Activating(ILogger logger, string action, string realServer, string virtualServer);

    [LoggerMessage(1401, LogLevel.Information, "{Text}")]
    public static partial void CheckerUp(ILogger logger, string text);

    [LoggerMessage(1402, LogLevel.Information, "{Text}")]
    public static partial void CheckerDown(ILogger logger, string text);

    /// <summary>The probe's reason in its checker's words: on the final failure, and on every failure with log_all_failures.</summary>
    [LoggerMessage(1403, LogLevel.Information, "{Detail}")]
    public static partial void CheckerCause(ILogger logger, string detail);

    /// <summary>track_file.c process_update_checker_track_file_status: a FILE_CHECK entering or leaving FAULT, logged by keepalived only with -D.</summary>
    [LoggerMessage(1404, LogLevel.Debug, "{Text}")]
    public static partial void TrackedFile(ILogger logger, string text);

    [LoggerMessage(1410, LogLevel.Information, "{Text}")]
    public static partial void ServerState(ILogger logger, string text);

    /// <summary>ipwrapper.c clear_diff_rs: a reload dropped a server of a kept virtual server.</summary>
    [LoggerMessage(1416, LogLevel.Information, "service {RealServer} no longer exist")]
    public static partial void NoLongerExists(ILogger logger, string realServer);

    /// <summary>ipwrapper.c clear_diff_services: a reload dropped a virtual server.</summary>
    [LoggerMessage(1417, LogLevel.Information, "Removing Virtual Server {VirtualServer}")]
    public static partial void RemovingVirtualServer(ILogger logger, string virtualServer);

    [LoggerMessage(1411, LogLevel.Information, "{Text}")]
    public static partial void WeightChanged(ILogger logger, string text);

    [LoggerMessage(1412, LogLevel.Information, "{Text}")]
    public static partial void Quorum(ILogger logger, string text);

    /// <summary>ha_suspend, per checker: "Suspending" or "Activating" (check_api.c update_checker_activity).</summary>
    [LoggerMessage(1413, LogLevel.Information, "{Action} healthchecker for service {RealServer} for VS {VirtualServer}")]
    public static partial void Suspended(ILogger logger, string action, string realServer, string virtualServer);

    /// <summary>An address of an ha_suspend virtual server came or went (keepalived_netlink.c, check_api.c).</summary>
    [LoggerMessage(1415, LogLevel.Information, "Netlink reflector reports IP {Address} {Change}")]
    public static partial void AddressChange(ILogger logger, System.Net.IPAddress address, string change);

    /// <summary>check_tcp.c "TCP socket bind failed. Rescheduling." and the like: no verdict, again after delay_loop.</summary>
    [LoggerMessage(1414, LogLevel.Information, "{Text}")]
    public static partial void Rescheduled(ILogger logger, string text);

    [LoggerMessage(1420, LogLevel.Warning, "A probe result for {Probe} came after the engine stopped waiting for it")]
    public static partial void LateProbe(ILogger logger, long probe);
}
