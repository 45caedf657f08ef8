using KeepalivedSharp.Settings;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Vrrp;

namespace KeepalivedSharp.Simulation.Cluster;

/// <summary>
/// A node of the simulated cluster: its config, its machine (links and addresses) and, while it
/// runs, the daemon's real host adapter over in-memory ports.
/// </summary>
public sealed class SimNode(string name, KeepalivedConfig config, EngineSetup setup, SimHostNetwork network)
{
    public string Name { get; } = name;
    public KeepalivedConfig Config { get; } = config;
    public EngineSetup Setup { get; } = setup;
    /// <summary>The machine: links and the addresses the daemon put on them.</summary>
    public SimHostNetwork Network { get; } = network;
    /// <summary>Accept mode's drop rules on this machine (the daemon's nftables sets).</summary>
    public Host.Network.MemoryVipFirewall Firewall { get; } = new();
    /// <summary>The host adapter of the running daemon; null while the node is down.</summary>
    public VrrpHost? Host { get; internal set; }
    internal VrrpTransport? Transport { get; set; }
    /// <summary>The running daemon's VRRP sockets and their interfaces, fixed for one incarnation (made at boot, read per advert).</summary>
    internal IReadOnlyDictionary<Host.Planning.SocketKey, string> Sockets { get; set; } = new Dictionary<Host.Planning.SocketKey, string>();
    public VrrpEngine? Engine => Host?.Engine;
    /// <summary>The check module's settings from the same config (empty without virtual servers).</summary>
    public CheckSetup CheckSetup { get; init; } = CheckSetup.Empty;
    /// <summary>The checkers' warmup jitter seed (the daemon draws one per start).</summary>
    public ulong CheckSeed { get; init; }
    /// <summary>The check host of the running daemon; null while the node is down or has no virtual server.</summary>
    public Host.Check.CheckHost? Checks { get; internal set; }
    internal TimeSpan? ChecksArmedAt { get; set; }
    /// <summary>ha_suspend: the same address book the daemon's netlink watch keeps, fed from this machine's addresses.</summary>
    internal Host.Check.HaSuspendAddresses? SuspendAddresses { get; set; }
    /// <summary>Why the check step running now may change the table by itself (start, stop); null otherwise.</summary>
    internal string? CheckStepCause { get; set; }
    /// <summary>When the daemon last started.</summary>
    public TimeSpan StartedAt { get; internal set; }
    /// <summary>track_file values the scenario set; a restarted daemon reads them again.</summary>
    public Dictionary<string, long> FileValues { get; } = new(StringComparer.Ordinal);
    /// <summary>Bumped on every start and crash so stale events for an old incarnation are ignored.</summary>
    public int Incarnation { get; set; }
    public TimeSpan? ArmedAt { get; set; }
    public HashSet<string> DownInterfaces { get; } = new(StringComparer.Ordinal);
    /// <summary>Instances whose VIPs are on this machine now (read from its addresses, not from the engine).</summary>
    public IReadOnlyCollection<string> HeldInstances
        => Host is null
            ? []
            : [.. Host.Plans.Values
                .Where(p => p.Addresses.IsEmpty ? Host.HeldInstances.Contains(p.Name) : p.Addresses.All(a => Network.Added.Contains(a)))
                .Select(p => p.Name)];
    /// <summary>Script outcomes the scenario dictates (default: success).</summary>
    public Dictionary<string, bool> ScriptOutcomes { get; } = new(StringComparer.Ordinal);
    /// <summary>What the node's process scan sees (default: quorum); a restarted daemon starts from it.</summary>
    public Dictionary<string, bool> ProcessQuorums { get; } = new(StringComparer.Ordinal);
    /// <summary>Scripts whose runs never end by themselves (the engine's timeout kills them).</summary>
    public HashSet<string> HungScripts { get; } = new(StringComparer.Ordinal);
    /// <summary>How long a simulated script run takes.</summary>
    public TimeSpan ScriptDuration { get; set; }
    public bool Running => Host is not null;
}
