using System.Collections.Immutable;
using KeepalivedSharp.Config.Schema;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary>Everything bound from the top level, before cross-checks and default resolution.</summary>
internal sealed class BoundConfig
{
    public GlobalDefs Global { get; set; } = new();
    public List<(VrrpScriptConfig Script, SyntaxNode Node, SyntaxNode ScriptLine)> Scripts { get; } = [];
    public List<BoundInstance> Instances { get; } = [];
    public List<(SyncGroupConfig Group, SyntaxNode Node)> SyncGroups { get; } = [];
    public List<TrackFileConfig> TrackFiles { get; } = [];
    public List<TrackProcessConfig> TrackProcesses { get; } = [];
    public List<VirtualAddress> StaticAddresses { get; } = [];
    public List<VirtualRoute> StaticRoutes { get; } = [];
    public List<VirtualRule> StaticRules { get; } = [];
    public List<(VirtualServerConfig Server, SyntaxNode Node)> VirtualServers { get; } = [];
    public List<(VirtualServerGroupConfig Group, SyntaxNode Node)> VirtualServerGroups { get; } = [];
    public SslConfig? Ssl { get; set; }
    public List<RawSetting> Other { get; } = [];
    /// <summary>Script commands (without user/group) with the node that sets them, for the script-security check.</summary>
    public List<(string Command, SyntaxNode Node)> ScriptCommands { get; } = [];

    /// <summary>
    /// The first top-level node the cross-checks may report in (an instance, sync group, script, or a block with
    /// script commands): diagnostics from there on wait for the checker to keep file order.
    /// </summary>
    public long CheckedFrom { get; set; } = long.MaxValue;

    internal int CheckedCount => Instances.Count + SyncGroups.Count + Scripts.Count + ScriptCommands.Count + VirtualServers.Count;
}

/// <summary>Binds the top-level keywords to typed objects, one top-level node at a time as it is read.</summary>
internal static class Binder
{
    public static void Bind(BindContext ctx, BoundConfig b, SyntaxNode top)
    {
        var checkedBefore = b.CheckedCount;
        BindOne(ctx, b, top);
        if (b.CheckedCount != checkedBefore) b.CheckedFrom = Math.Min(b.CheckedFrom, top.Ordinal);
    }

    private static void BindOne(BindContext ctx, BoundConfig b, SyntaxNode top)
    {
        foreach (var (n, _) in ctx.Known([top], Keywords.Root))
        {
            switch (n.Keyword)
            {
                case "global_defs":
                    b.Global = GlobalDefsBinder.Bind(ctx, b.Global, n);
                    foreach (var c in n.Block!.Where(c => c.Keyword is "notify_fifo_script" or "vrrp_notify_fifo_script" or "startup_script" or "shutdown_script"))
                        AddCommand(b, c);
                    break;
                case "vrrp_instance":
                    if (InstanceBinder.Bind(ctx, n) is { } i)
                    {
                        b.Instances.Add(i);
                        foreach (var c in n.Block!.Where(c => c.Keyword.StartsWith("notify", StringComparison.Ordinal)))
                            AddCommand(b, c);
                    }
                    break;
                case "vrrp_sync_group":
                    if (SyncGroupBinder.Bind(ctx, n) is { } g)
                    {
                        b.SyncGroups.Add((g, n));
                        foreach (var c in n.Block!.Where(c => c.Keyword.StartsWith("notify", StringComparison.Ordinal)))
                            AddCommand(b, c);
                    }
                    break;
                case "vrrp_script":
                    if (TrackerBinder.Script(ctx, n, out var line) is { } s && line is not null)
                    {
                        b.Scripts.Add((s, n, line));
                        AddCommand(b, line);
                    }
                    break;
                case "track_file" or "vrrp_track_file":
                    if (TrackerBinder.File(ctx, n) is { } f) b.TrackFiles.Add(f);
                    break;
                case "vrrp_track_process":
                    if (TrackerBinder.Process(ctx, n) is { } p) b.TrackProcesses.Add(p);
                    break;
                case "static_ipaddress":
                    foreach (var item in BindContext.Items(n))
                        if (AddressBinder.Address(ctx, item, true) is { } a) b.StaticAddresses.Add(a);
                    break;
                case "static_routes":
                    b.StaticRoutes.AddRange(BindContext.Items(n).Select(item => AddressBinder.Route(ctx, item)).OfType<VirtualRoute>());
                    break;
                case "static_rules":
                    b.StaticRules.AddRange(BindContext.Items(n).Select(item => AddressBinder.Rule(ctx, item)).OfType<VirtualRule>());
                    break;
                case "virtual_server":
                    var scriptLines = new List<SyntaxNode>();
                    if (VirtualServerBinder.Bind(ctx, n, scriptLines) is { } vs) b.VirtualServers.Add((vs, n));
                    foreach (var scriptLine in scriptLines) AddCommand(b, scriptLine);
                    break;
                case "virtual_server_group":
                    if (VirtualServerGroupBinder.Bind(ctx, n) is { } vsg) b.VirtualServerGroups.Add((vsg, n));
                    break;
                case "SSL":
                    b.Ssl = VirtualServerGroupBinder.Ssl(ctx, n, b.Ssl);
                    break;
                default:
                    b.Other.Add(KnownBlock(ctx, n));
                    break;
            }
        }
    }

    private static void AddCommand(BoundConfig b, SyntaxNode n)
    {
        if (n.Arguments.Length > 0 && n.Keyword != "notify_deleted" && BindContext.ScriptArguments(n, out _) is [{ Length: > 0 } command, ..])
            b.ScriptCommands.Add((command, n));
    }

    /// <summary>Other known top-level blocks (garp_group, track_group, bfd_instance, SSL, ...): keywords checked, kept raw.</summary>
    private static RawSetting KnownBlock(BindContext ctx, SyntaxNode n)
    {
        if (n.HasBlock && Keywords.Root.TryGet(n.Keyword, out var spec) && spec.Sub is not null)
            foreach (var _ in ctx.Known(n.Block!, spec.Sub)) { }
        return BindContext.Raw(n);
    }
}
