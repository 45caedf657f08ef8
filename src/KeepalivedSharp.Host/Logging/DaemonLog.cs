using System.Net;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host;

/// <summary>
/// The daemon's log messages, source generated with stable event ids. Where users grep keepalived's
/// logs the words are keepalived's ("(VI_1) Entering MASTER STATE").
/// </summary>
internal static partial class DaemonLog
{
    [LoggerMessage(1000, LogLevel.Information, "Starting keepalived-sharp {Version}, {Instances} VRRP instance(s) from {ConfigFile}")]
    public static partial void Starting(ILogger logger, string version, int instances, string configFile);

    [LoggerMessage(1001, LogLevel.Information, "Stopping")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(1002, LogLevel.Information, "Stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(1003, LogLevel.Warning, "{Message}")]
    public static partial void ConfigMessage(ILogger logger, string message);

    [LoggerMessage(1004, LogLevel.Information, "Reloading configuration from {ConfigFile}")]
    public static partial void Reloading(ILogger logger, string configFile);

    [LoggerMessage(1005, LogLevel.Error, "Reload refused: {ConfigFile} has {Errors} error(s); the running configuration stays")]
    public static partial void ReloadRefused(ILogger logger, string configFile, int errors);

    [LoggerMessage(1006, LogLevel.Information, "Reload applied: {Changes}")]
    public static partial void Reloaded(ILogger logger, string changes);

    [LoggerMessage(1007, LogLevel.Error, "Reload failed: {Message}; the running configuration stays")]
    public static partial void ReloadFailed(ILogger logger, string message);

    [LoggerMessage(1008, LogLevel.Information, "Writing dump {Path}")]
    public static partial void DumpWritten(ILogger logger, string path);

    [LoggerMessage(1100, LogLevel.Information, "({Instance}) Entering {State} STATE")]
    public static partial void EnteringState(ILogger logger, string instance, string state);

    [LoggerMessage(1101, LogLevel.Information, "({Instance}) Entering {State} STATE (init)")]
    public static partial void EnteringStateInit(ILogger logger, string instance, string state);

    [LoggerMessage(1103, LogLevel.Information, "({Instance}) Changing effective priority from {From} to {To}")]
    public static partial void PriorityChanged(ILogger logger, string instance, int from, int to);

    [LoggerMessage(1104, LogLevel.Information, "VRRP_Group({Group}) Syncing instances to {State} state")]
    public static partial void GroupState(ILogger logger, string group, string state);

    [LoggerMessage(1200, LogLevel.Information, "({Instance}) dropped advert from {Source}: {Reason} ({Detail})")]
    public static partial void AdvertDropped(ILogger logger, string instance, IPAddress source, string reason, string detail);

    // keepalived's vrrp_scheduler.c words for log_unknown_vrids.
    [LoggerMessage(1201, LogLevel.Information, "Unknown VRID({Vrid}) received on interface({Interface}) from {Source}. ignoring...")]
    public static partial void UnknownVrid(ILogger logger, int vrid, string? @interface, IPAddress source);

    [LoggerMessage(1202, LogLevel.Information, "bad VRRP packet on {Interface} from {Source}: {Reason}")]
    public static partial void BadPacket(ILogger logger, string @interface, string source, string reason);

    [LoggerMessage(1203, LogLevel.Information, "{Suppressed} similar message(s) suppressed")]
    public static partial void Suppressed(ILogger logger, long suppressed);

    [LoggerMessage(1300, LogLevel.Error, "({Instance}) {Operation} failed: {Message}")]
    public static partial void HostOperationFailed(ILogger logger, string instance, string operation, string message);

    [LoggerMessage(1301, LogLevel.Information, "Netlink reflector reports IP {Address} removed from {Interface} while ({Instance}) is MASTER")]
    public static partial void VipDeleted(ILogger logger, IPAddress address, string @interface, string instance);

    [LoggerMessage(1303, LogLevel.Error, "receive loop on {Interface} failed: {Message}")]
    public static partial void ReceiveFailed(ILogger logger, string @interface, string message);

    [LoggerMessage(1304, LogLevel.Information, "Invalid number read from {File} - ignoring")]
    public static partial void TrackFileInvalid(ILogger logger, string file);

    [LoggerMessage(1305, LogLevel.Critical, "{Loop} loop failed; releasing addresses and exiting so that the service manager restarts us")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string loop);

    [LoggerMessage(1330, LogLevel.Debug, "{Loop} loop compacted the heap in {Milliseconds:0.0} ms, resident {Before} kB -> {After} kB, heap {Heap} kB, committed {Committed} kB")]
    public static partial void HeapCompacted(ILogger logger, string loop, double milliseconds, long before, long after, long heap, long committed);

    [LoggerMessage(1306, LogLevel.Warning, "{Loop} loop input queue full: {Dropped} input(s) dropped")]
    public static partial void InputsDropped(ILogger logger, string loop, long dropped);

    [LoggerMessage(1307, LogLevel.Error, "({Owner}) host network operation queue stalled: {Pending} operation(s) pending")]
    public static partial void NetworkStalled(ILogger logger, string owner, int pending);

    [LoggerMessage(1308, LogLevel.Information, "({Owner}) {Operation} succeeded at attempt {Attempt}")]
    public static partial void HostOperationRetried(ILogger logger, string owner, string operation, int attempt);

    [LoggerMessage(1309, LogLevel.Warning, "({Instance}) send advert error: {Message} ({Failures} failure(s) so far)")]
    public static partial void SendFailed(ILogger logger, string instance, string message, long failures);

    [LoggerMessage(1310, LogLevel.Warning, "({Owner}) {Operation}: interface index {Index} is gone (ENODEV); re-reading link states")]
    public static partial void InterfaceGone(ILogger logger, string owner, string operation, int index);

    [LoggerMessage(1311, LogLevel.Warning, "Interface {Interface} re-created (index {Old} -> {New}), re-binding; its instances stay in FAULT until then")]
    public static partial void InterfaceRecreated(ILogger logger, string @interface, int old, int @new);

    [LoggerMessage(1312, LogLevel.Information, "Interface {Interface} re-bound: sockets, multicast membership and addresses now on index {Index}")]
    public static partial void InterfaceRebound(ILogger logger, string @interface, int index);

    [LoggerMessage(1313, LogLevel.Error, "Re-binding interface {Interface} failed: {Message}; its instances stay in FAULT until it comes up again")]
    public static partial void RebindFailed(ILogger logger, string @interface, string message);

    /// <summary>keepalived vrrp_daemon.c start_vrrp, vrrp_startup_delay.</summary>
    [LoggerMessage(1314, LogLevel.Information, "Delaying startup for {Seconds} seconds")]
    public static partial void DelayingStartup(ILogger logger, double seconds);

    // vrrp.c vrrp_complete_instance: no accept mode needs a firewall; nftables is ours.
    [LoggerMessage(1315, LogLevel.Information, "use_vmac or no_accept/strict specified, but no firewall configured - using nftables")]
    public static partial void FirewallDefaulted(ILogger logger);

    [LoggerMessage(1316, LogLevel.Error, "deleting nftables table {Table} failed: {Message}")]
    public static partial void FirewallReleaseFailed(ILogger logger, string table, string message);

    /// <summary>At exit the network worker is still busy: the drop tables stay rather than race it on one nftables context.</summary>
    [LoggerMessage(1317, LogLevel.Warning, "network changes still running after {Seconds} s at exit: nftables table {Table} left in place")]
    public static partial void FirewallLeft(ILogger logger, double seconds, string table);
}
