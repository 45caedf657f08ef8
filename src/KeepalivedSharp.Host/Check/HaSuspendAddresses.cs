using System.Net;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Host.Check;

/// <summary>
/// ha_suspend: which virtual servers have one of their addresses on a local interface. An address is
/// counted once per interface, so the checkers are suspended only when the last copy goes, as with
/// keepalived's ha_suspend_addr_count (check_api.c update_checker_activity). Pure; one thread.
/// </summary>
public sealed class HaSuspendAddresses
{
    private readonly Dictionary<IPAddress, string[]> _servers;
    private readonly HashSet<(IPAddress Address, int Interface)> _present = [];

    public HaSuspendAddresses(CheckSetup setup)
    {
        var map = new Dictionary<IPAddress, List<string>>();
        foreach (var vs in setup.VirtualServers.Where(v => v.HaSuspend))
            foreach (var a in vs.Services.Select(s => s.Address).OfType<IPAddress>().Distinct())
                (map.TryGetValue(a, out var l) ? l : map[a] = []).Add(vs.Id);
        _servers = map.ToDictionary(p => p.Key, p => p.Value.Distinct(StringComparer.Ordinal).ToArray());
        VirtualServers = [.. _servers.Values.SelectMany(v => v).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The ha_suspend virtual servers (none: nothing to watch, as keepalived's using_ha_suspend).</summary>
    public IReadOnlyList<string> VirtualServers { get; }

    /// <summary>Whether <paramref name="address"/> belongs to an ha_suspend virtual server (keepalived logs these).</summary>
    public bool Watches(IPAddress address) => _servers.ContainsKey(address);

    /// <summary>
    /// One RTM_NEWADDR (<paramref name="removed"/> false) or RTM_DELADDR; appends the presence of each
    /// virtual server whose state it changed. Repeats change nothing, so a dump may overlap events.
    /// </summary>
    public void Apply(IPAddress address, int ifindex, bool removed, List<VipPresent> changes)
    {
        if (!_servers.TryGetValue(address, out var ids)) return;
        var before = ids.Select(IsPresent).ToArray();
        if (removed) _present.Remove((address, ifindex));
        else _present.Add((address, ifindex));
        for (int i = 0; i < ids.Length; i++)
        {
            bool now = IsPresent(ids[i]);
            if (now != before[i]) changes.Add(new VipPresent(ids[i], now));
        }
    }

    /// <summary>After a dump (start, reload, or a netlink overrun): the addresses now, and every server's presence.</summary>
    public List<VipPresent> Reset(IEnumerable<(IPAddress Address, int Interface)> dump)
    {
        _present.Clear();
        foreach (var a in dump.Where(a => _servers.ContainsKey(a.Address))) _present.Add(a);
        return [.. VirtualServers.Select(id => new VipPresent(id, IsPresent(id)))];
    }

    public bool IsPresent(string virtualServer) =>
        _present.Any(p => _servers[p.Address].Contains(virtualServer, StringComparer.Ordinal));
}
