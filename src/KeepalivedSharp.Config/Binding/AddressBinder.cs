using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary>Entries of virtual_ipaddress / static_ipaddress, virtual_routes / static_routes, virtual_rules / static_rules.</summary>
internal static class AddressBinder
{
    private static readonly string[] Scopes = ["global", "site", "link", "host", "nowhere"];

    /// <summary>
    /// <c>IP[/len] [brd IP|+|-] [dev IF] [scope S] [label L] [peer IP[/len]] [home] [-nodad] [mngtmpaddr]
    /// [noprefixroute] [autojoin] [no_track] [preferred_lft N|forever] [use_vmac] [track_group G]</c>
    /// (keepalived alloc_ipaddress; <c>use_vmac</c> only on VIPs, <c>track_group</c> only on static addresses).
    /// </summary>
    public static VirtualAddress? Address(BindContext ctx, SyntaxNode item, bool isStatic)
    {
        var words = BindContext.Texts(item.Line.Tokens.AsSpan());
        if (!Values.TryPrefixed(words[0], out var address, out var prefix, out var problem))
        {
            ctx.Error(item, problem!);
            return null;
        }
        var v4 = address!.AddressFamily == AddressFamily.InterNetwork;
        string? dev = null, label = null, scope = null;
        IPAddress? brd = null, peer = null;
        bool nodad = false, noprefixroute = false, home = false, notrack = false, vmac = false;
        ImmutableArray<string>.Builder? other = null;
        void Keep(string word) => (other ??= ImmutableArray.CreateBuilder<string>()).Add(word);
        for (var i = 1; i < words.Length; i++)
        {
            var w = words[i];
            string? Param()
            {
                if (i + 1 < words.Length) return words[++i];
                ctx.Error(item, $"no {w} parameter specified for {words[0]}");
                return null;
            }
            switch (w)
            {
                case "dev": dev = Param(); break;
                case "label": label = Param(); break;
                case "scope":
                    scope = Param();
                    if (scope is not null && !Scopes.Contains(scope) && !byte.TryParse(scope, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                        ctx.Error(item, $"invalid scope '{scope}' (global, site, link, host, nowhere or 0..255)");
                    break;
                case "brd" or "broadcast":
                    var b = Param();
                    if (b is null or "+" or "-") break;
                    brd = Values.ParseAddress(b);
                    if (brd is null || brd.AddressFamily != AddressFamily.InterNetwork) ctx.Error(item, $"invalid broadcast address '{b}'");
                    break;
                case "peer":
                    var p = Param();
                    if (p is null) break;
                    if (!Values.TryPrefixed(p, out peer, out _, out var pp)) ctx.Error(item, $"peer: {pp}");
                    break;
                case "home": home = true; break;
                case "-nodad": nodad = true; break;
                case "noprefixroute": noprefixroute = true; break;
                case "no_track": notrack = true; break;
                case "mngtmpaddr" or "autojoin": Keep(w); break;
                case "preferred_lft":
                    var lft = Param();
                    if (lft is not null && lft != "forever" && !uint.TryParse(lft, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                        ctx.Error(item, $"invalid preferred_lft '{lft}'");
                    Keep(w);
                    if (lft is not null) Keep(lft);
                    break;
                case "use_vmac" when !isStatic: vmac = true; break;
                case "track_group" when isStatic:
                    var g = Param();
                    Keep(w);
                    if (g is not null) Keep(g);
                    break;
                default:
                    ctx.Error(item, $"unknown option '{w}' for ip address {words[0]}");
                    break;
            }
        }
        if (!v4 && scope is not null) ctx.Error(item, $"cannot specify scope for IPv6 address {words[0]}");
        if (!v4 && label is not null) ctx.Error(item, $"cannot specify label for IPv6 address {words[0]}");
        if (!v4 && brd is not null) ctx.Error(item, $"cannot specify broadcast for IPv6 address {words[0]}");
        if (brd is not null && peer is not null) ctx.Error(item, "cannot specify broadcast and peer addresses");
        return new VirtualAddress(address, prefix ?? (v4 ? 32 : 128), dev, label, scope, brd, item.Location)
        {
            Peer = peer,
            NoDad = nodad,
            NoPrefixRoute = noprefixroute,
            Home = home,
            NoTrack = notrack,
            UseVmac = vmac,
            OtherOptions = other?.ToImmutable() ?? [],
        };
    }

    private static readonly string[] RouteTypes = ["unicast", "blackhole", "unreachable", "prohibit", "throw", "local", "broadcast", "anycast", "multicast", "nat"];

    private static readonly string[] RouteValueWords =
        ["src", "from", "via", "gw", "or", "dev", "oif", "table", "metric", "priority", "preference", "scope", "proto", "protocol", "realms",
         "mtu", "hoplimit", "advmss", "rtt", "rttvar", "reordering", "window", "cwnd", "ssthresh", "initcwnd", "initrwnd",
         "rto_min", "features", "quickack", "congctl", "pref", "fastopen_no_cookie", "ttl-propagate", "tos", "dsfield", "expires",
         "encap", "mpls", "weight", "track_group", "vrf", "as"];

    /// <summary>
    /// keepalived's route syntax (ip route): options in any order, the one word that is not an option is the
    /// destination (<c>default</c>, <c>default6</c>, <c>any</c>, <c>all</c> or <c>IP[/len]</c>); <c>nexthop</c> ends the
    /// typed part. The destination, type, gateway, source, device, table and metric are typed; every word is kept.
    /// </summary>
    public static VirtualRoute? Route(BindContext ctx, SyntaxNode item)
    {
        var words = item.Line.Tokens.Select(t => t.Text).ToArray();
        string? type = null, dev = null, table = null, destText = null;
        IPAddress? dest = null, via = null, src = null;
        var prefix = 0;
        int? metric = null;
        var noTrack = false;
        var ok = true;
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            if (w is "no_track") { noTrack = true; continue; }
            if (w is "inet" or "inet6" or "onlink" or "append" or "prepend" or "add") continue;
            if (w == "nexthop") break;
            if (RouteTypes.Contains(w)) { type = w; continue; }
            if (RouteValueWords.Contains(w))
            {
                if (i + 1 >= words.Length)
                {
                    ctx.Error(item, $"no {w} parameter specified for route");
                    return null;
                }
                var v = words[++i];
                switch (w)
                {
                    case "dev" or "oif": dev = v; break;
                    case "table": table = v; break;
                    case "metric" or "priority" or "preference":
                        if (uint.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m <= int.MaxValue) metric = (int)m;
                        else { ctx.Error(item, $"invalid route {w} '{v}'"); ok = false; }
                        break;
                    case "via" or "gw" or "or":
                        if (w != "via") ctx.Warning(item, $"\"{w}\" for routes is deprecated; use \"{(w == "gw" ? "via" : "nexthop")}\"");
                        var a = Values.ParseAddress(v);
                        if (a is null) { ctx.Error(item, $"invalid route gateway '{v}'"); ok = false; }
                        else via = a;
                        break;
                    case "src" or "from":
                        if (!Values.TryPrefixed(v, out src, out _, out var sp)) { ctx.Error(item, $"invalid route {w} address: {sp}"); ok = false; }
                        break;
                }
                continue;
            }
            destText = w;
            if (w is "default" or "any" or "all") (dest, prefix) = (IPAddress.Any, 0);
            else if (w == "default6") (dest, prefix) = (IPAddress.IPv6Any, 0);
            else if (Values.TryPrefixed(w, out dest, out var p, out var problem))
                prefix = p ?? (dest!.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            else
            {
                ctx.Error(item, $"invalid route destination: {problem}");
                return null;
            }
        }
        if (destText is null)
        {
            ctx.Error(item, "route must have a destination");
            return null;
        }
        if (dev is null && !noTrack)
            ctx.Error(item, $"cannot track route {destText} with no interface specified; add 'dev IFACE' or 'no_track' (keepalived -t reports this too)");
        return ok ? new VirtualRoute(dest, prefix, dev, via, [.. words], item.Location) { Type = type, Source = src, Table = table, Metric = metric } : null;
    }

    /// <summary><c>[from IP[/len]|all] [to IP[/len]|all] [table N] [preference|priority|pref N] ...</c>; every word is kept.</summary>
    public static VirtualRule? Rule(BindContext ctx, SyntaxNode item)
    {
        var words = item.Line.Tokens.Select(t => t.Text).ToArray();
        IPAddress? from = null, to = null;
        int? fromLen = null, toLen = null, pref = null;
        string? table = null;
        var ok = true;
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            if (w is not ("from" or "to" or "table" or "lookup" or "preference" or "priority" or "pref")) continue;
            if (i + 1 >= words.Length)
            {
                ctx.Error(item, $"no {w} parameter specified for rule");
                return null;
            }
            var v = words[++i];
            switch (w)
            {
                case "from" or "to":
                    if (v == "all") break;
                    if (!Values.TryPrefixed(v, out var a, out var len, out var problem))
                    {
                        ctx.Error(item, $"invalid rule {w} address: {problem}");
                        ok = false;
                        break;
                    }
                    if (w == "from") (from, fromLen) = (a, len);
                    else (to, toLen) = (a, len);
                    break;
                case "table" or "lookup": table = v; break;
                default:
                    if (uint.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= int.MaxValue) pref = (int)p;
                    else
                    {
                        ctx.Error(item, $"invalid rule {w} '{v}'");
                        ok = false;
                    }
                    break;
            }
        }
        return ok ? new VirtualRule(from, fromLen, to, toLen, table, pref, [.. words], item.Location) : null;
    }
}
