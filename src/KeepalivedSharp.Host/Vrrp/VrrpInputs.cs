using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Host.Vrrp;

/// <summary>What the host's threads (receive, netlink monitor, trackers) hand to the VRRP loop.</summary>
public abstract record VrrpInput
{
    /// <summary>
    /// Inputs with the same key replace each other while waiting (the latest advert per
    /// interface, family and VRID, as keepalived's one advert per VRID per read pass); null: queued.
    /// </summary>
    public virtual object? CoalesceKey => null;
}

public sealed record AdvertInput(ReceivedAdvert Advert) : VrrpInput
{
    public override object? CoalesceKey => (Advert.Interface, Advert.Advert.Family, Advert.Advert.VirtualRouterId);
}

/// <summary>A link's state; <paramref name="Index"/> is its ifindex when known (null: the link is missing, or the simulator), so a report about a link of the same name that is already gone is not mistaken for the current one.</summary>
public sealed record LinkInput(string Interface, bool Up, int? Index = null) : VrrpInput;
/// <summary>An address was deleted from the host, and the netlink monitor has checked it is really gone.</summary>
public sealed record AddressGoneInput(System.Net.IPAddress Address, int InterfaceIndex, string InterfaceName) : VrrpInput;
/// <summary>Run <see cref="Run"/> of a vrrp_script ended (the number from the engine's <c>RunScript</c>; 0: outside the schedule).</summary>
public sealed record ScriptInput(string Script, bool Success, long Run = 0) : VrrpInput;
public sealed record FileInput(string Name, long Value) : VrrpInput;
/// <summary>What the host sees of a tracked process's quorum; the engine applies fork_delay / terminate_delay.</summary>
public sealed record ProcessInput(string Name, bool Quorum) : VrrpInput;
