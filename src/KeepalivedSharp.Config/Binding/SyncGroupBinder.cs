using System.Collections.Immutable;
using KeepalivedSharp.Config.Schema;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary><c>vrrp_sync_group NAME { group { VI_1 VI_2 } ... }</c>.</summary>
internal static class SyncGroupBinder
{
    public static SyncGroupConfig? Bind(BindContext ctx, SyntaxNode node)
    {
        var name = ctx.Name(node);
        var g = new SyncGroupConfig { Name = name ?? "", Location = node.Location };
        var other = ImmutableArray.CreateBuilder<RawSetting>();
        foreach (var (n, _) in ctx.Known(node.Block!, Keywords.SyncGroup))
        {
            switch (n.Keyword)
            {
                case "group":
                    g = g with { Members = [.. g.Members, .. BindContext.Items(n).SelectMany(i => i.Line.Tokens.Select(t => t.Text))] };
                    break;
                case "track_script": g = g with { TrackScripts = [.. g.TrackScripts, .. TrackerBinder.Refs(ctx, n, 253)] }; break;
                case "track_interface": g = g with { TrackInterfaces = [.. g.TrackInterfaces, .. TrackerBinder.Refs(ctx, n, 254)] }; break;
                case "track_file": g = g with { TrackFiles = [.. g.TrackFiles, .. TrackerBinder.Refs(ctx, n, 254)] }; break;
                case "track_process": g = g with { TrackProcesses = [.. g.TrackProcesses, .. TrackerBinder.Refs(ctx, n, 254)] }; break;
                case "notify_master": g = g with { NotifyMasterScript = ctx.NotifyScript(n, g.NotifyMasterScript) }; break;
                case "notify_backup": g = g with { NotifyBackupScript = ctx.NotifyScript(n, g.NotifyBackupScript) }; break;
                case "notify_fault": g = g with { NotifyFaultScript = ctx.NotifyScript(n, g.NotifyFaultScript) }; break;
                case "notify_stop": g = g with { NotifyStopScript = ctx.NotifyScript(n, g.NotifyStopScript) }; break;
                case "notify": g = g with { NotifyScript = ctx.NotifyScript(n, g.NotifyScript) }; break;
                case "smtp_alert": g = g with { SmtpAlert = Values.Flag(ctx, n) }; break;
                case "global_tracking": g = g with { GlobalTracking = true }; break;
                case "sync_group_tracking_weight": g = g with { SyncGroupTrackingWeight = true }; break;
                case "notify_priority_changes":
                    g = g with { NotifyPriorityChanges = Values.Flag(ctx, n, v => $"({name}) Invalid value '{v}' for sync group notify_priority_changes specified") ?? g.NotifyPriorityChanges };
                    break;
                default: other.Add(BindContext.Raw(n)); break;
            }
        }
        return name is null ? null : g with { OtherSettings = other.ToImmutable() };
    }
}
