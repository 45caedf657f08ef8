using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Host.Network;

/// <summary>The drop rules as a set in memory (the simulator, tests): what the nftables sets would hold.</summary>
public sealed class MemoryVipFirewall : IVipFirewall
{
    private readonly Dictionary<NftVipKey, int> _holders = [];

    /// <summary>The addresses whose traffic is dropped now.</summary>
    public IReadOnlyCollection<NftVipKey> Dropped => _holders.Keys;

    /// <summary>Every call, in order: "drop 10.0.0.100", "accept 10.0.0.100", "release".</summary>
    public List<string> Calls { get; } = [];

    public bool IsDropped(System.Net.IPAddress address) => _holders.Keys.Any(k => k.Address.Equals(address));

    public void Drop(IReadOnlyCollection<AddressSpec> addresses)
    {
        foreach (var a in addresses)
        {
            var key = NftVipKey.Of(a);
            _holders[key] = _holders.GetValueOrDefault(key) + 1;
            Calls.Add($"drop {a.Address}");
        }
    }

    public void Accept(IReadOnlyCollection<AddressSpec> addresses)
    {
        foreach (var a in addresses)
        {
            var key = NftVipKey.Of(a);
            if (_holders.TryGetValue(key, out var n) && n > 1) _holders[key] = n - 1;
            else _holders.Remove(key);
            Calls.Add($"accept {a.Address}");
        }
    }

    public void Release()
    {
        _holders.Clear();
        Calls.Add("release");
    }
}
