using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Config.Schema;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary><c>virtual_server</c>, its <c>real_server</c>s and <c>sorry_server</c> (check_parser.c, check_data.c alloc_vs/alloc_rs).</summary>
internal static class VirtualServerBinder
{
    /// <summary>check_parser.c lvs_schedulers.</summary>
    private static readonly string[] Schedulers = ["rr", "wrr", "lc", "wlc", "lblc", "sh", "mh", "dh", "fo", "ovf", "lblcr", "sed", "nq", "twos"];

    /// <summary>IPVS_SVC_PERSISTENT_TIMEOUT: a bare persistence_timeout, or one forced by validation.</summary>
    public const uint DefaultPersistence = 360;

    /// <summary>The bound virtual server with the script lines it carries (for script security); null when skipped.</summary>
    public static VirtualServerConfig? Bind(BindContext ctx, SyntaxNode node, List<SyntaxNode> scriptLines)
    {
        var vs = Head(ctx, node);
        if (vs is null) return null;
        var reals = ImmutableArray.CreateBuilder<RealServerConfig>();
        foreach (var (n, _) in ctx.Known(node.Block!, Keywords.VirtualServer))
        {
            switch (n.Keyword)
            {
                case "real_server":
                    if (RealServer(ctx, n, scriptLines) is { } rs)
                    {
                        // check_parser.c rs_end_handler: the family comes from the first non-tunnelled server.
                        if (rs.Forwarding?.Method == LvsMethod.Tunnel) reals.Add(rs);
                        else if (vs.Family is null || vs.Family == rs.Address.AddressFamily)
                        {
                            vs = vs with { Family = rs.Address.AddressFamily };
                            reals.Add(rs);
                        }
                        else ctx.Error(n, $"Address family of virtual server and real server {rs.Address} don't match - skipping real server.");
                    }
                    break;
                case "quorum_up" or "quorum_down":
                    var script = ctx.NotifyScript(n, n.Keyword == "quorum_up" ? vs.QuorumUp : vs.QuorumDown);
                    vs = n.Keyword == "quorum_up" ? vs with { QuorumUp = script } : vs with { QuorumDown = script };
                    scriptLines.Add(n);
                    break;
                default:
                    vs = Setting(ctx, n, vs);
                    break;
            }
        }
        vs = vs with { RealServers = reals.ToImmutable() };
        return SorryFamily(ctx, node, vs);
    }

    /// <summary><c>IP [PORT]</c>, <c>fwmark N</c> or <c>group NAME</c>; keepalived skips the block when it cannot read it.</summary>
    private static VirtualServerConfig? Head(BindContext ctx, SyntaxNode node)
    {
        var args = BindContext.Texts(node.Arguments);
        if (args.Length == 0)
        {
            ctx.Error(node, "'virtual_server' needs an address and port, 'fwmark N' or 'group NAME'");
            return null;
        }
        if (args.Length > 2) ctx.Error(node, $"virtual_server: extra words '{string.Join(' ', args[2..])}'");
        switch (args[0])
        {
            case "group":
                if (args.Length < 2)
                {
                    ctx.Error(node, "'virtual_server group' needs a group name");
                    return null;
                }
                return new VirtualServerConfig { Kind = VirtualServerKind.Group, GroupName = args[1], Location = node.Location };
            case "fwmark":
                if (args.Length < 2 || !uint.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var mark))
                {
                    ctx.Error(node, $"virtual server fwmark '{(args.Length > 1 ? args[1] : "")}' must be in [0, {uint.MaxValue}] - ignoring");
                    return null;
                }
                return new VirtualServerConfig { Kind = VirtualServerKind.Fwmark, Fwmark = mark, Location = node.Location };
            default:
                if (!Endpoint(args[0], args.Length > 1 ? args[1] : null, out var address, out var port))
                {
                    ctx.Error(node, $"Invalid virtual server IP address/port {string.Join(' ', args)} - skipping");
                    return null;
                }
                return new VirtualServerConfig
                {
                    Kind = VirtualServerKind.Address, Address = address, Port = port, Family = address!.AddressFamily, Location = node.Location,
                };
        }
    }

    /// <summary>An address and optional port as inet_stosockaddr reads them; a port of 0 or all zeros means none.</summary>
    public static bool Endpoint(string addressText, string? portText, out IPAddress? address, out ushort port)
    {
        port = 0;
        address = Values.ParseAddress(addressText);
        if (address is null) return false;
        if (portText is null || portText.All(c => c == '0')) return true;
        if (!ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port)) return false;
        return true;
    }

    private static VirtualServerConfig Setting(BindContext ctx, SyntaxNode n, VirtualServerConfig vs)
    {
        switch (n.Keyword)
        {
            case "ip_family":
                var fam = Values.Arg(ctx, n, 0, "inet or inet6");
                AddressFamily? af = fam switch { "inet" => AddressFamily.InterNetwork, "inet6" => AddressFamily.InterNetworkV6, _ => null };
                if (fam is null) break;
                if (af is null) ctx.Error(n, $"unknown address family {fam}");
                else if (vs.Family is not null && vs.Family != af) ctx.Error(n, $"Virtual server specified family {fam} conflicts with server family");
                else return vs with { Family = af };
                break;
            case "retry":
                if (Values.Int(ctx, n, 1, int.MaxValue, out var retry)) return vs with { Retry = retry };
                break;
            case "delay_before_retry":
                if (Values.Seconds(ctx, n, 0, uint.MaxValue, out var dbr)) return vs with { DelayBeforeRetry = dbr };
                break;
            case "warmup":
                if (Values.Seconds(ctx, n, 0, uint.MaxValue, out var warm)) return vs with { Warmup = warm };
                break;
            case "connect_timeout":
                if (Values.Seconds(ctx, n, 0.000001m, uint.MaxValue, out var ct)) return vs with { ConnectTimeout = ct };
                break;
            case "delay_loop":
                if (Values.Seconds(ctx, n, 0.000001m, uint.MaxValue, out var dl)) return vs with { DelayLoop = dl };
                break;
            case "inhibit_on_failure":
                return vs with { InhibitOnFailure = true };
            case "lb_algo" or "lvs_sched":
                var sched = Values.Arg(ctx, n, 0, "a scheduler name");
                if (sched is null) break;
                if (Schedulers.Contains(sched)) return vs with { Scheduler = sched };
                ctx.Error(n, $"Invalid lvs_scheduler '{sched}' - ignoring (one of {string.Join(' ', Schedulers)})");
                break;
            case "hashed" or "ops" or "flag-1" or "flag-2" or "flag-3" or "sh-port" or "sh-fallback" or "mh-port" or "mh-fallback":
                return Flag(ctx, n, vs);
            case "lb_kind" or "lvs_method":
                if (ForwardingOf(ctx, n, "virtual") is { } f) return vs with { Forwarding = f };
                break;
            case "persistence_engine":
                if (Values.Arg(ctx, n, 0, "an engine name") is { } pe)
                {
                    if (pe.Length > 15) ctx.Error(n, $"persistence_name too long, truncating - {pe}");
                    return vs with { PersistenceEngine = pe.Length > 15 ? pe[..15] : pe };
                }
                break;
            case "persistence_timeout":
                if (n.Arguments.Length == 0) return vs with { PersistenceTimeout = DefaultPersistence };
                if (uint.TryParse(n.Arguments[0].Text, NumberStyles.None, CultureInfo.InvariantCulture, out var pt) && pt is >= 1 and <= 86400 * 31)
                    return vs with { PersistenceTimeout = pt };
                ctx.Error(n, $"persistence_timeout invalid (1..{86400 * 31} seconds)");
                break;
            case "persistence_granularity":
                return Granularity(ctx, n, vs);
            case "protocol":
                var proto = Values.Arg(ctx, n, 0, "TCP, UDP or SCTP");
                LvsProtocol? p = proto?.ToUpperInvariant() switch { "TCP" => LvsProtocol.Tcp, "UDP" => LvsProtocol.Udp, "SCTP" => LvsProtocol.Sctp, _ => null };
                if (p is not null) return vs with { Protocol = p };
                if (proto is not null) ctx.Error(n, $"Unknown protocol {proto} - ignoring");
                break;
            case "ha_suspend":
                return vs with { HaSuspend = true };
            case "smtp_alert":
                return vs with { SmtpAlert = Values.Flag(ctx, n) };
            case "virtualhost":
                if (Values.Arg(ctx, n, 0, "a host name") is { } vh) return vs with { VirtualHost = vh };
                break;
            case "snmp_name":
                if (n.Arguments.Length != 1) ctx.Error(n, "virtual server snmp_name missing or extra parameters");
                else return vs with { SnmpName = n.Arguments[0].Text };
                break;
            case "alpha":
                return vs with { Alpha = true };
            case "omega":
                return vs with { Omega = true };
            case "quorum":
                if (!uint.TryParse(n.Arguments.Length > 0 ? n.Arguments[0].Text : "", NumberStyles.None, CultureInfo.InvariantCulture, out var q) || q == 0)
                {
                    ctx.Error(n, $"Quorum {(n.Arguments.Length > 0 ? n.Arguments[0].Text : "")} must be in [1, {uint.MaxValue}]. Setting to 1.");
                    q = 1;
                }
                return vs with { Quorum = q };
            case "hysteresis":
                if (uint.TryParse(n.Arguments.Length > 0 ? n.Arguments[0].Text : "", NumberStyles.None, CultureInfo.InvariantCulture, out var h))
                    return vs with { Hysteresis = h };
                ctx.Error(n, $"Hysteresis {(n.Arguments.Length > 0 ? n.Arguments[0].Text : "")} must be in [0, {uint.MaxValue}] - ignoring");
                break;
            case "weight":
                if (Values.Int(ctx, n, 1, int.MaxValue, out var w)) return vs with { Weight = w };
                break;
            case "sorry_server":
                var ip = Values.Arg(ctx, n, 0, "an address");
                if (ip is null) break;
                if (!Endpoint(ip, n.Arguments.Length > 1 ? n.Arguments[1].Text : null, out var sa, out var sp))
                    ctx.Error(n, $"Invalid sorry server IP address {ip} - skipping");
                else return vs with { SorryServer = new SorryServerConfig(sa!, sp, n.Location) { Forwarding = vs.Forwarding } };
                break;
            case "sorry_server_inhibit":
                if (vs.SorryServer is null) ctx.Error(n, "Ignoring sorry_server inhibit used before or without sorry_server");
                else return vs with { SorryServer = vs.SorryServer with { Inhibit = true } };
                break;
            case "sorry_server_lvs_method":
                if (vs.SorryServer is null) ctx.Error(n, "sorry_server forwarding used without sorry_server");
                else if (ForwardingOf(ctx, n, "sorry") is { } sf) return vs with { SorryServer = vs.SorryServer with { Forwarding = sf } };
                break;
        }
        return vs;
    }

    /// <summary>check_parser.c lbflags_handler: sh-/mh- flags only after <c>lvs_sched sh</c>/<c>mh</c>.</summary>
    private static VirtualServerConfig Flag(BindContext ctx, SyntaxNode n, VirtualServerConfig vs)
    {
        LvsServiceFlags? f = n.Keyword switch
        {
            "ops" => LvsServiceFlags.OnePacket,
            "flag-1" => LvsServiceFlags.Sched1,
            "flag-2" => LvsServiceFlags.Sched2,
            "flag-3" => LvsServiceFlags.Sched3,
            "sh-port" when vs.Scheduler == "sh" => LvsServiceFlags.Sched2,
            "sh-fallback" when vs.Scheduler == "sh" => LvsServiceFlags.Sched1,
            "mh-port" when vs.Scheduler == "mh" => LvsServiceFlags.Sched2,
            "mh-fallback" when vs.Scheduler == "mh" => LvsServiceFlags.Sched1,
            _ => null,
        };
        if (f is { } flag) return vs with { Flags = vs.Flags | flag };
        // hashed after sh/mh sets nothing; anything else is reported.
        if (!(n.Keyword == "hashed" && vs.Scheduler is "sh" or "mh"))
            ctx.Error(n, $"{n.Keyword} only applies to sh scheduler - ignoring (put it after 'lvs_sched {(n.Keyword.StartsWith('m') ? "mh" : "sh")}')");
        return vs;
    }

    /// <summary>check_parser.c pgr_handler: an IPv4 netmask or an IPv6 prefix; sets persistence if unset.</summary>
    private static VirtualServerConfig Granularity(BindContext ctx, SyntaxNode n, VirtualServerConfig vs)
    {
        var text = Values.Arg(ctx, n, 0, "a netmask or prefix length");
        if (text is null) return vs;
        var af = vs.Family ?? (text.Contains('.', StringComparison.Ordinal) ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6);
        uint g;
        if (af == AddressFamily.InterNetworkV6)
        {
            if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out g) || g is 0 or > 128)
            {
                ctx.Error(n, $"Invalid IPv6 persistence_granularity specified - {text}");
                return vs;
            }
        }
        else
        {
            if (Values.ParseAddress(text) is not { AddressFamily: AddressFamily.InterNetwork } mask)
            {
                ctx.Error(n, $"Invalid IPv4 persistence_granularity specified - {text}");
                return vs;
            }
            g = BitConverter.ToUInt32(mask.GetAddressBytes());
        }
        return vs with
        {
            PersistenceGranularity = g,
            Family = vs.Family ?? af,
            PersistenceTimeout = vs.PersistenceTimeout == 0 ? DefaultPersistence : vs.PersistenceTimeout,
        };
    }

    /// <summary>check_parser.c svr_forwarding_handler: <c>NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]</c>.</summary>
    public static Forwarding? ForwardingOf(BindContext ctx, SyntaxNode n, string server)
    {
        var args = BindContext.Texts(n.Arguments);
        if (args.Length == 0)
        {
            ctx.Error(n, $"'{n.Keyword}' needs NAT, DR or TUN");
            return null;
        }
        LvsMethod? method = args[0] switch { "NAT" => LvsMethod.Nat, "DR" => LvsMethod.DirectRoute, "TUN" => LvsMethod.Tunnel, _ => null };
        if (method is null)
        {
            ctx.Error(n, $"PARSER : unknown [{args[0]}] routing method for {server} server (NAT, DR or TUN).");
            return null;
        }
        var f = new Forwarding(method.Value);
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "type" when i + 1 < args.Length:
                    TunnelType? t = args[++i] switch { "ipip" => TunnelType.Ipip, "gue" => TunnelType.Gue, "gre" => TunnelType.Gre, _ => null };
                    if (t is null)
                    {
                        ctx.Error(n, $"Unknown tunnel type {args[i]} for {server} server.");
                        return null;
                    }
                    f = f with { TunnelType = t.Value };
                    break;
                case "port" when i + 1 < args.Length:
                    if (!ushort.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0)
                    {
                        ctx.Error(n, $"Invalid gue tunnel port {args[i]} for {server} server.");
                        return null;
                    }
                    f = f with { TunnelPort = port };
                    break;
                case "nocsum" or "csum" or "remcsum":
                    f = f with { Checksum = args[i] switch { "csum" => TunnelChecksum.Csum, "remcsum" => TunnelChecksum.RemCsum, _ => TunnelChecksum.NoCsum } };
                    break;
                default:
                    ctx.Error(n, args[i] is "type" or "port" ? $"Missing tunnel {args[i]} for {server} server." : $"Invalid tunnel option {args[i]} for {server} server.");
                    return null;
            }
        }
        string? problem = null;
        if ((f.TunnelType == TunnelType.Gue) != (f.TunnelPort != 0)) problem = "gue tunnels require port, otherwise cannot have port.";
        else if (f.TunnelType == TunnelType.Ipip && f.Checksum != TunnelChecksum.NoCsum) problem = "ipip tunnels do not support checksum option.";
        else if (f.TunnelType == TunnelType.Gre && f.Checksum == TunnelChecksum.RemCsum) problem = "gre tunnels do not support remote checksum option.";
        if (problem is null) return f;
        ctx.Error(n, problem);
        return null;
    }

    private static RealServerConfig? RealServer(BindContext ctx, SyntaxNode node, List<SyntaxNode> scriptLines)
    {
        var args = BindContext.Texts(node.Arguments);
        if (args.Length == 0 || !Endpoint(args[0], args.Length > 1 ? args[1] : null, out var address, out var port))
        {
            ctx.Error(node, $"Invalid real server ip address/port {string.Join(' ', args)} - skipping");
            return null;
        }
        var rs = new RealServerConfig { Address = address!, Port = port, Location = node.Location };
        var checkers = ImmutableArray.CreateBuilder<CheckerConfig>();
        foreach (var (n, _) in ctx.Known(node.Block!, Keywords.RealServer))
        {
            if (Keywords.CheckerKinds.Contains(n.Keyword))
            {
                checkers.AddRange(CheckerBinder.Bind(ctx, n, scriptLines));
                continue;
            }
            switch (n.Keyword)
            {
                case "weight":
                    if (Values.Int(ctx, n, 0, int.MaxValue, out var w)) rs = rs with { Weight = w };
                    break;
                case "lvs_method":
                    if (ForwardingOf(ctx, n, "real") is { } f) rs = rs with { Forwarding = f };
                    break;
                case "uthreshold":
                    if (Values.Int(ctx, n, 0, uint.MaxValue, out var u)) rs = rs with { UpperThreshold = unchecked((uint)u) };
                    break;
                case "lthreshold":
                    if (Values.Int(ctx, n, 0, uint.MaxValue, out var l)) rs = rs with { LowerThreshold = unchecked((uint)l) };
                    break;
                case "inhibit_on_failure":
                    rs = rs with { InhibitOnFailure = Values.Flag(ctx, n) };
                    break;
                case "notify_up":
                    rs = rs with { NotifyUp = ctx.NotifyScript(n, rs.NotifyUp) };
                    scriptLines.Add(n);
                    break;
                case "notify_down":
                    rs = rs with { NotifyDown = ctx.NotifyScript(n, rs.NotifyDown) };
                    scriptLines.Add(n);
                    break;
                case "alpha":
                    rs = rs with { Alpha = Values.Flag(ctx, n) };
                    break;
                case "retry":
                    if (Values.Int(ctx, n, 1, int.MaxValue, out var r)) rs = rs with { Retry = r };
                    break;
                case "delay_before_retry":
                    if (Values.Seconds(ctx, n, 0, uint.MaxValue, out var dbr)) rs = rs with { DelayBeforeRetry = dbr };
                    break;
                case "warmup":
                    if (Values.Seconds(ctx, n, 0, uint.MaxValue, out var warm)) rs = rs with { Warmup = warm };
                    break;
                case "connect_timeout":
                    if (Values.Seconds(ctx, n, 0.000001m, uint.MaxValue, out var ct)) rs = rs with { ConnectTimeout = ct };
                    break;
                case "delay_loop":
                    if (Values.Seconds(ctx, n, 0.000001m, uint.MaxValue, out var dl)) rs = rs with { DelayLoop = dl };
                    break;
                case "smtp_alert":
                    rs = rs with { SmtpAlert = Values.Flag(ctx, n) };
                    break;
                case "virtualhost":
                    if (Values.Arg(ctx, n, 0, "a host name") is { } vh) rs = rs with { VirtualHost = vh };
                    break;
                case "snmp_name":
                    if (n.Arguments.Length != 1) ctx.Error(n, "real server snmp_name missing or extra parameters");
                    else rs = rs with { SnmpName = n.Arguments[0].Text };
                    break;
            }
        }
        return rs with { Checkers = checkers.ToImmutable() };
    }

    /// <summary>check_parser.c vs_end_handler: the sorry server's family, and a family for fwmark services.</summary>
    private static VirtualServerConfig SorryFamily(BindContext ctx, SyntaxNode node, VirtualServerConfig vs)
    {
        if (vs.SorryServer is { } s && s.Forwarding?.Method != LvsMethod.Tunnel)
        {
            if (vs.Family is null) vs = vs with { Family = s.Address.AddressFamily };
            else if (vs.Family != s.Address.AddressFamily)
            {
                ctx.Error(node, $"Address family of virtual server and sorry server {s.Address} don't match - skipping sorry server.");
                vs = vs with { SorryServer = null };
            }
        }
        if (vs.Family is null && vs.Kind != VirtualServerKind.Group)
        {
            // All servers tunnelled: their common family, else IPv4.
            var families = vs.RealServers.Select(r => r.Address.AddressFamily)
                .Concat(vs.SorryServer is null ? [] : [vs.SorryServer.Address.AddressFamily]).Distinct().ToList();
            vs = vs with { Family = families.Count == 1 ? families[0] : AddressFamily.InterNetwork };
        }
        return vs;
    }
}
