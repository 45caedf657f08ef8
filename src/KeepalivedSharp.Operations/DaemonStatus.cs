using System.Collections.Immutable;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Operations;

/// <summary>A consistent snapshot of a running daemon, taken on the event loop thread.</summary>
public sealed record DaemonStatus(
    string Version,
    string ConfigFile,
    int ProcessId,
    TimeSpan Uptime,
    DateTimeOffset TakenAt,
    ImmutableArray<InstanceReport> Instances,
    ImmutableArray<GroupReport> Groups,
    ImmutableArray<WireErrorReport> WireErrors,
    long UnknownVirtualRouterDrops,
    long Reloads);

/// <summary>One instance: the engine's view (state, priorities, master, counters copied) plus host details.</summary>
/// <param name="SinceTransition">Time since the last state change (monotonic).</param>
public sealed record InstanceReport(
    InstanceStatus Engine,
    ImmutableArray<string> VirtualAddresses,
    ImmutableArray<string> UnicastPeers,
    TimeSpan AdvertInterval,
    bool Preempt,
    TimeSpan SinceTransition);

public sealed record GroupReport(string Name, VrrpState State, ImmutableArray<string> Members);

/// <summary>Structural (wire-level) rejects on one VRRP socket, by reason name.</summary>
public sealed record WireErrorReport(string Interface, AddressFamily Family, ImmutableDictionary<string, long> Counts);

/// <summary>What operations tooling may ask of the running daemon. Implemented by the daemon; thread-safe.</summary>
public interface IDaemonControl
{
    Task<DaemonStatus> GetStatusAsync(CancellationToken cancellation);

    /// <summary>Re-reads and checks the config; applies it only when valid. Returns the diagnostics and whether it was applied.</summary>
    Task<ReloadResult> ReloadAsync(CancellationToken cancellation);

    /// <summary>Clears every instance's counters (keepalived's stats-clear signal).</summary>
    Task ClearCountersAsync(CancellationToken cancellation);
}

public sealed record ReloadResult(bool Applied, ImmutableArray<string> Diagnostics, ImmutableArray<string> Changes);
