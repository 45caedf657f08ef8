using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Host.Network;

/// <summary>The drop rules as a set in memory (the simulator, tests): what the nftables sets would hold.</summary>
public sealed class MemoryVipFirewall : IVipFirewall
{
    private readonly VipHolders _holders = new();

    /// <summary>The addresses whose traffic is dropped now.</summary>
    public IReadOnlyCollection<NftVipKey> Dropped => _holders.Keys;

    /// <summary>Every call, in order: "drop 10.0.0.100", "accept 10.0.0.100", "release".</summary>
    public List<string> Calls { get; } = [];

    public bool IsDropped(System.Net.IPAddress address) => _holders.Keys.Any(k => k.Address.Equals(address));

    public void Drop(IReadOnlyCollection<AddressSpec> addresses)
    {
        _holders.Add(addresses);
        Calls.AddRange(addresses.Select(a => $"drop {a.Address}"));
    }

    public void Accept(IReadOnlyCollection<AddressSpec> addresses)
    {
        _holders.Remove(addresses);
        Calls.AddRange(addresses.Select(a => $"accept {a.Address}"));
    }

    public void Release()
    {
        _holders.Clear();
        Calls.Add("release");
    }
}
