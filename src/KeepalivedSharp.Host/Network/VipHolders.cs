using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Host.Network;

/// <summary>
/// How many instances hold each dropped address: one the firewall adds at its first holder and removes after
/// its last, so two instances sharing a VIP do not undo each other (keepalived's first leaver removes it).
/// The nftables firewall and the simulator's in-memory one count the same way.
/// </summary>
public sealed class VipHolders
{
    private readonly Dictionary<NftVipKey, int> _count = [];

    public IReadOnlyCollection<NftVipKey> Keys => _count.Keys;

    /// <summary>Counts a holder for each address; returns the ones that had none.</summary>
    public List<NftVipKey> Add(IReadOnlyCollection<AddressSpec> addresses)
    {
        var first = new List<NftVipKey>();
        foreach (var a in addresses)
        {
            var key = NftVipKey.Of(a);
            int n = _count.GetValueOrDefault(key);
            _count[key] = n + 1;
            if (n == 0) first.Add(key);
        }
        return first;
    }

    /// <summary>Drops a holder for each address; returns the ones left with none.</summary>
    public List<NftVipKey> Remove(IReadOnlyCollection<AddressSpec> addresses)
    {
        var last = new List<NftVipKey>();
        foreach (var a in addresses)
        {
            var key = NftVipKey.Of(a);
            if (!_count.TryGetValue(key, out var n)) continue;
            if (n > 1)
            {
                _count[key] = n - 1;
                continue;
            }
            _count.Remove(key);
            last.Add(key);
        }
        return last;
    }

    public void Clear() => _count.Clear();
}
