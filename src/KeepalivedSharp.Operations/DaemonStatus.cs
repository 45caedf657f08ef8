using System.Collections.Immutable;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Operations.Dumps;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Operations;

/// <summary>
/// A consistent snapshot of a running daemon, taken on the event loop thread, with the effective
/// settings it was running (<paramref name="Settings"/>), which the dumps, status and metrics render.
/// </summary>
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
    long Reloads,
    EngineSetup Settings)
{
    /// <summary>The health checkers' virtual servers (taken on the check loop); empty without checkers.</summary>
    public ImmutableArray<Core.Check.VirtualServerStatus> VirtualServers { get; init; } = [];

    /// <summary>The health checkers' effective settings, what their engine runs (taken with <see cref="VirtualServers"/>); null without checkers.</summary>
    public CheckSetup? CheckSettings { get; init; }
}

/// <summary>One instance: the engine's view (state, priorities, master, counters copied) and its effective settings.</summary>
/// <param name="SinceTransition">Time since the last state change (monotonic).</param>
/// <param name="AddressSet">Per VIP, whether the kernel confirmed it (keepalived's ip->set); when empty, every VIP follows <see cref="InstanceStatus.HoldsAddresses"/>.</param>
public sealed record InstanceReport(InstanceStatus Engine, EffectiveInstance Settings, TimeSpan SinceTransition, ImmutableArray<bool> AddressSet = default)
{
    /// <summary>keepalived's VIP text ("10.0.0.1/24 dev eth0 scope global set"), which exporters parse.</summary>
    public ImmutableArray<string> VirtualAddresses { get; } = [.. Settings.VirtualAddresses.Select((a, k) =>
        KeepalivedText.FormatAddress(a, !AddressSet.IsDefaultOrEmpty && k < AddressSet.Length ? AddressSet[k] : Engine.HoldsAddresses))];

    public ImmutableArray<string> UnicastPeers { get; } = [.. Settings.Engine.UnicastPeers.Select(p => p.ToString())];

    /// <summary>Time to garp_extra_if's next refresh from when the report was taken; null before the first MASTER.</summary>
    public TimeSpan? UntilExtraIfGarp { get; init; }

    public TimeSpan AdvertInterval => Settings.Engine.AdvertInterval;

    public bool Preempt => Settings.Engine.Preempt;
}

public sealed record GroupReport(VrrpState State, EffectiveGroup Settings)
{
    public string Name => Settings.Name;

    public ImmutableArray<string> Members => Settings.Engine.Members;
}

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
