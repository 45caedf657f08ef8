using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Host.Ports;

/// <summary>
/// The kernel's load balancer as the checkers drive it (IPVS, or nftables where IPVS is absent).
/// It holds only what it created: entries, rules and tables of others are never read as ours,
/// changed or removed. Called from one thread (the check loop).
/// </summary>
public interface ILoadBalancer : IDisposable
{
    /// <summary>The backend's name for logs: "nftables", "ipvs".</summary>
    string Name { get; }

    /// <summary>What the kernel confirmed of ours: the last table applied in full.</summary>
    LoadBalancerTable Applied { get; }

    /// <summary>
    /// Takes the kernel from <see cref="Applied"/> to <paramref name="desired"/>. When <see cref="Applied"/> is
    /// <paramref name="change"/>'s <see cref="TableChange.From"/>, only what the change names is diffed; otherwise
    /// (start, reload, after a refusal) the whole table. On failure throws <see cref="LoadBalancerException"/>
    /// with the kernel's or library's words, and <see cref="Applied"/> stays what the kernel holds.
    /// </summary>
    void Apply(LoadBalancerTable desired, TableChange? change = null);

    /// <summary>Reads back from the kernel the services and destinations that are ours.</summary>
    LoadBalancerTable ReadBack();

    /// <summary>At stop: removes everything of ours (keepalived's clear_services), nothing else.</summary>
    void Release();

    /// <summary>At a reload: global_defs' lvs_timeouts and lvs_flush_on_stop as the new config has them.</summary>
    void Reconfigure(LvsSettings lvs);
}

/// <summary>A load-balancer change the kernel refused; the message carries its reason.</summary>
public sealed class LoadBalancerException : Exception
{
    public LoadBalancerException(string message) : base(message) { }

    public LoadBalancerException() { }

    public LoadBalancerException(string message, Exception inner) : base(message, inner) { }
}
