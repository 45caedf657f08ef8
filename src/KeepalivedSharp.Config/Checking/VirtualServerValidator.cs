using System.Collections.Immutable;
using KeepalivedSharp.Config.Binding;
using KeepalivedSharp.Config.Syntax;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Config.Checking;

/// <summary>
/// keepalived 2.2.7's check_data.c validate_check_config, in its order: every fix-up it reports is applied to
/// the model and reported as a fix-up (the daemon runs the fixed config; -t fails, as keepalived's does).
/// Silent ones (a NAT or non-NAT real server without a port takes the virtual server's) are applied quietly.
/// </summary>
internal static class VirtualServerValidator
{
    public static ImmutableArray<VirtualServerConfig> Validate(BindContext ctx, BoundConfig b)
    {
        var groups = new Dictionary<string, VirtualServerGroupConfig>(StringComparer.Ordinal);
        foreach (var (g, node) in b.VirtualServerGroups)
            if (!groups.TryAdd(g.Name, g)) ctx.Error(node, $"virtual_server_group '{g.Name}' is defined twice");
        var trackFiles = b.TrackFiles.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var bfds = b.Other.Where(o => o.Keyword == "bfd_instance" && o.Arguments.Length > 0).Select(o => o.Arguments[0]).ToHashSet(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<VirtualServerConfig>(b.VirtualServers.Count);
        foreach (var (vs, node) in b.VirtualServers)
        {
            VirtualServerGroupConfig? group = null;
            if (vs.Kind == VirtualServerKind.Group && !groups.TryGetValue(vs.GroupName!, out group))
            {
                // ipwrapper.c: only logged when the checker starts; -t passes.
                ctx.Warning(node, $"Virtual server group {vs.GroupName} specified but not configured - ignoring virtual server {vs}");
                continue;
            }
            CheckReferences(ctx, vs, node, trackFiles, bfds);
            if (One(ctx, vs, node, group) is { } fixedVs) result.Add(fixedVs);
        }
        return result.ToImmutable();
    }

    /// <summary>keepalived's FMT_RS: the address, the service's protocol and the port.</summary>
    private static string Rs(VirtualServerConfig vs, RealServerConfig rs)
        => $"[{rs.Address}]:{vs.Protocol?.ToString().ToLowerInvariant() ?? "none"}:{rs.Port}";

    private static SyntaxNode At(SyntaxNode vs, string keyword) => vs.Block!.LastOrDefault(c => c.Keyword == keyword) ?? vs;

    private static VirtualServerConfig? One(BindContext ctx, VirtualServerConfig vs, SyntaxNode node, VirtualServerGroupConfig? group)
    {
        if (vs.RealServers.IsEmpty)
        {
            ctx.FixUp(node, $"Virtual server {vs} has no real servers - ignoring");
            return null;
        }
        bool groupFwmarks = group is not null && group.Entries.Any(e => e.IsFwmark);
        bool groupAddresses = group is not null && group.Entries.Any(e => !e.IsFwmark);
        if (vs.HaSuspend && (vs.Kind == VirtualServerKind.Fwmark || groupFwmarks))
        {
            ctx.FixUp(At(node, "ha_suspend"), $"Virtual server {vs}: cannot use ha_suspend with fwmarks - clearing ha_suspend");
            vs = vs with { HaSuspend = false };
        }
        if (groupAddresses || vs.Kind == VirtualServerKind.Address)
        {
            if (vs.Protocol is null)
            {
                ctx.FixUp(node, $"Virtual server {vs}: no protocol set - defaulting to UDP; add 'protocol TCP|UDP|SCTP'");
                vs = vs with { Protocol = LvsProtocol.Udp };
            }
            if (vs.Flags.HasFlag(LvsServiceFlags.OnePacket) && vs.Protocol != LvsProtocol.Udp)
            {
                ctx.FixUp(At(node, "ops"), $"Virtual server {vs}: one packet scheduling requires UDP - resetting");
                vs = vs with { Flags = vs.Flags & ~LvsServiceFlags.OnePacket };
            }
            if (vs.PersistenceTimeout == 0 && vs.Kind == VirtualServerKind.Address && vs.Port == 0)
                vs = Persist(ctx, node, vs);
        }
        if (vs.PersistenceTimeout == 0 && group is not null && group.Entries.Any(e => !e.IsFwmark && e.Port == 0))
            vs = Persist(ctx, node, vs);
        if (vs.Protocol is not null && ((group is not null && !groupAddresses && groupFwmarks) || vs.Kind == VirtualServerKind.Fwmark))
        {
            ctx.FixUp(At(node, "protocol"), $"Virtual server {vs}: protocol specified for fwmark - protocol will be ignored");
            vs = vs with { Protocol = null };
        }
        if (vs.Scheduler is null)
        {
            ctx.FixUp(node, $"Virtual server {vs}: no scheduler set, setting default 'wlc'; add 'lvs_sched NAME'");
            vs = vs with { Scheduler = "wlc" };
        }
        vs = RealServers(ctx, node, vs);
        return Ports(ctx, node, vs, group);
    }

    private static VirtualServerConfig Persist(BindContext ctx, SyntaxNode node, VirtualServerConfig vs)
    {
        ctx.FixUp(node, $"Virtual server {vs}: zero port only valid for persistent services - setting");
        return vs with { PersistenceTimeout = VirtualServerBinder.DefaultPersistence };
    }

    /// <summary>Duplicates, forwarding methods, the weight sum for quorum, and a sorry server that is also a real server.</summary>
    private static VirtualServerConfig RealServers(BindContext ctx, SyntaxNode node, VirtualServerConfig vs)
    {
        var kept = ImmutableArray.CreateBuilder<RealServerConfig>(vs.RealServers.Length);
        var seen = new HashSet<(System.Net.IPAddress, ushort)>();
        long weightSum = 0;
        var rsNodes = node.Block!.Where(c => c.Keyword == "real_server").ToList();
        foreach (var rs0 in vs.RealServers)
        {
            var rs = rs0;
            var rsNode = rsNodes.FirstOrDefault(n => n.Location == rs.Location) ?? node;
            if (!seen.Add((rs.Address, rs.Port)))
            {
                ctx.FixUp(rsNode, $"VS {vs}: real server {Rs(vs, rs)} is duplicated - removing second rs");
                continue;
            }
            if (rs.Forwarding is null)
            {
                vs = DefaultNat(ctx, node, vs);
                rs = rs with { Forwarding = vs.Forwarding };
            }
            weightSum += rs.Weight ?? vs.Weight;
            if (vs.SorryServer is { } s && s.Address.Equals(rs.Address) && s.Port == rs.Port)
            {
                var inhibit = rs.InhibitOnFailure ?? vs.InhibitOnFailure;
                if (s.Inhibit != inhibit)
                {
                    ctx.FixUp(At(node, "sorry_server"), $"Virtual server {vs}: real server {Rs(vs, rs)} matches sorry server, but inhibit setting differs, {(inhibit ? "sett" : "clear")}ing on sorry server");
                    vs = vs with { SorryServer = s with { Inhibit = inhibit } };
                }
            }
            kept.Add(rs);
        }
        vs = vs with { RealServers = kept.ToImmutable() };
        if (vs.SorryServer is { Forwarding: null } sorry)
        {
            vs = DefaultNat(ctx, node, vs);
            vs = vs with { SorryServer = sorry with { Forwarding = vs.Forwarding } };
        }
        if (vs.Quorum > weightSum)
        {
            ctx.FixUp(At(node, "quorum"), $"quorum {vs.Quorum} for {vs} exceeds total weight of real servers {weightSum}, reducing quorum to {weightSum}");
            vs = vs with { Quorum = weightSum };
        }
        if (vs.Hysteresis >= vs.Quorum)
        {
            // keepalived sets quorum-1 (unsigned: a quorum of 0 wraps); 0 here.
            var h = Math.Max(0, vs.Quorum - 1);
            ctx.FixUp(At(node, "hysteresis"), $"Virtual server {vs}: hysteresis {vs.Hysteresis} >= quorum {vs.Quorum}; setting hysteresis to {h}");
            vs = vs with { Hysteresis = h };
        }
        return vs;
    }

    private static VirtualServerConfig DefaultNat(BindContext ctx, SyntaxNode node, VirtualServerConfig vs)
    {
        if (vs.Forwarding is not null) return vs;
        ctx.FixUp(node, $"Virtual server {vs}: no forwarding method set, setting default NAT; add 'lvs_method NAT|DR|TUN'");
        return vs with { Forwarding = Forwarding.Nat };
    }

    /// <summary>Unless NAT, real and sorry servers use the virtual server's port; with a fwmark, none.</summary>
    private static VirtualServerConfig Ports(BindContext ctx, SyntaxNode node, VirtualServerConfig vs, VirtualServerGroupConfig? group)
    {
        if (group is not null)
        {
            foreach (var rs in vs.RealServers.Where(r => r.Forwarding!.Method != LvsMethod.Nat && r.Port != 0))
            {
                if (group.Entries.Any(e => e.IsFwmark))
                    ctx.FixUp(node, $"fwmark virtual server {vs}, real server {Rs(vs, rs)} has port specified - port will be ignored");
                foreach (var e in group.Entries.Where(e => !e.IsFwmark && e.Port != rs.Port))
                    ctx.FixUp(node, $"virtual server {vs}:[{e.Address}]:{e.Port} and real server {Rs(vs, rs)} ports don't match");
            }
            if (vs.SorryServer is { Port: not 0 } s && s.Forwarding!.Method != LvsMethod.Nat
                && (group.Entries.Any(e => e.IsFwmark) || group.Entries.Any(e => !e.IsFwmark && e.Port != s.Port)))
                ctx.FixUp(At(node, "sorry_server"), $"virtual server {vs}, sorry server has port specified - port will be ignored");
            return vs;
        }
        bool fwmark = vs.Kind == VirtualServerKind.Fwmark;
        var reals = vs.RealServers.Select(rs =>
        {
            if (rs.Forwarding!.Method == LvsMethod.Nat) return !fwmark && rs.Port == 0 ? rs with { Port = vs.Port } : rs;
            if (fwmark)
            {
                if (rs.Port == 0) return rs;
                ctx.FixUp(node, $"fwmark virtual server {vs}, real server {Rs(vs, rs)} has port specified - clearing");
                return rs with { Port = 0, WrittenPort = rs.Port };
            }
            if (rs.Port != 0 && rs.Port != vs.Port)
            {
                ctx.FixUp(node, $"virtual server {vs} and real server {Rs(vs, rs)} ports don't match - resetting");
                return rs with { Port = vs.Port, WrittenPort = rs.Port };
            }
            return rs with { Port = vs.Port };
        }).ToImmutableArray();
        vs = vs with { RealServers = reals };
        if (vs.SorryServer is { } sorry && sorry.Forwarding!.Method != LvsMethod.Nat)
        {
            var at = At(node, "sorry_server");
            if (fwmark && sorry.Port != 0)
            {
                ctx.FixUp(at, $"virtual server {vs}, sorry server has port specified - clearing");
                vs = vs with { SorryServer = sorry with { Port = 0 } };
            }
            else if (!fwmark && sorry.Port != vs.Port)
            {
                if (sorry.Port != 0) ctx.FixUp(at, $"virtual server {vs} and sorry server ports don't match - resetting");
                vs = vs with { SorryServer = sorry with { Port = vs.Port } };
            }
        }
        return vs;
    }

    /// <summary>FILE_CHECK's track_file and BFD_CHECK's bfd_instance must be defined (check_file.c, check_bfd.c).</summary>
    private static void CheckReferences(BindContext ctx, VirtualServerConfig vs, SyntaxNode node, HashSet<string> trackFiles, HashSet<string> bfds)
    {
        foreach (var rs in vs.RealServers)
        foreach (var c in rs.Checkers)
        {
            if (c.Type == CheckerKind.File && !trackFiles.Contains(c.TrackFile!))
                ctx.Diagnostics.Error(c.Location, node.Ordinal, $"track_file {c.TrackFile} not found (no track_file '{c.TrackFile}' block)");
            if (c.Type == CheckerKind.Bfd && !bfds.Contains(c.BfdName!))
                ctx.Diagnostics.Error(c.Location, node.Ordinal, $"BFD_CHECK - BFD {c.BfdName} not configured (no bfd_instance '{c.BfdName}')");
            else if (c.Type == CheckerKind.Bfd)
                // No BFD sessions run yet, so nothing ever reports to this checker: say so where it is written.
                ctx.Diagnostics.Warning(c.Location, node.Ordinal,
                    $"BFD_CHECK {c.BfdName} waits for BFD, which keepalived-sharp does not run yet: the checker keeps its initial state ({((c.Alpha ?? rs.Alpha ?? vs.Alpha) == true ? "down, alpha" : "up")})");
        }
    }
}
