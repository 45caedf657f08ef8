using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary>
/// <c>lvs_sync_daemon &lt;INTERFACE&gt; [[inst] &lt;VRRP_INSTANCE&gt;] [id &lt;SYNC_ID&gt;] [maxlen &lt;LEN&gt;] [port &lt;PORT&gt;] [ttl &lt;TTL&gt;] [group &lt;IP ADDR&gt;]</c>,
/// option by option as keepalived 2.2.7's global_parser.c lvs_syncd_handler reads it, with its messages.
/// </summary>
internal static class LvsSyncDaemonBinder
{
    public static LvsSyncDaemon? Bind(BindContext ctx, SyntaxNode n)
    {
        var args = n.Arguments;
        if (args.Length < 1)
        {
            ctx.Error(n, "lvs_sync_daemon requires interface");
            return null;
        }
        if (args[0].Text.Length > LvsSyncDaemon.MaxInterfaceLength)
        {
            ctx.Error(n, $"lvs_sync_daemon interface name '{args[0].Text}' too long - ignoring");
            return null;
        }
        var d = new LvsSyncDaemon(args[0].Text) { Location = n.Location };
        // keepalived's index i counts the keyword: args[k] is its strvec slot k + 1.
        for (int k = 1; k < args.Length; k++)
        {
            var option = args[k].Text;
            bool last = k == args.Length - 1;
            switch (option)
            {
                case "inst":
                    if (d.Instance is not null) ctx.Error(n, $"lvs_sync_daemon vrrp instance has already been specified as {d.Instance} - ignoring");
                    else if (!last) d = d with { Instance = args[k + 1].Text };
                    k++;
                    continue;
                case "id":
                    if (last)
                    {
                        ctx.FixUp(n, "No value specified for lvs_sync_daemon id, defaulting to vrid");
                        continue;
                    }
                    if (Values.Unsigned(ctx, n, args[k + 1].Text, 0, 255, out var id)) d = d with { SyncId = (int)id };
                    else ctx.Error(n, $"Invalid syncid ({args[k + 1].Text}) - defaulting to vrid");
                    k++;
                    continue;
                case "maxlen" or "port" or "ttl":
                    if (last)
                    {
                        ctx.Error(n, $"No value specified for lvs_sync_daemon {option} - ignoring");
                        continue;
                    }
                    var text = args[++k].Text;
                    uint max = option switch { "maxlen" => LvsSyncDaemon.MaxMaxLength, "port" => 65535, _ => 255 };
                    if (!Values.Unsigned(ctx, n, text, 1, max, out var v))
                        ctx.Error(n, $"Invalid lvs_sync_daemon {option} ({text}) - ignoring");
                    else d = option switch
                    {
                        "maxlen" => d with { MaxLength = (ushort)v },
                        "port" => d with { Port = (ushort)v },
                        _ => d with { Ttl = (byte)v },
                    };
                    continue;
                case "group":
                    if (last)
                    {
                        ctx.Error(n, "No value specified for lvs_sync_daemon group - ignoring");
                        continue;
                    }
                    d = d with { Group = Group(ctx, n, args[++k].Text) };
                    continue;
            }
            // Kept for configs of the old form: lvs_sync_daemon IF VRRP_INSTANCE [SYNC_ID].
            if (k == 1)
            {
                d = d with { Instance = option };
                continue;
            }
            if (k == 2)
            {
                if (!Values.Unsigned(ctx, n, option, 0, 255, out var old))
                    ctx.Error(n, $"Invalid syncid ({option}) - defaulting to vrid");
                else
                {
                    ctx.FixUp(n, "Please use keyword \"id\" before lvs_sync_daemon SYNCID");
                    d = d with { SyncId = (int)old };
                }
                continue;
            }
            ctx.Error(n, $"Unknown option {option} specified for lvs_sync_daemon");
        }
        return d;
    }

    private static System.Net.IPAddress? Group(BindContext ctx, SyntaxNode n, string text)
    {
        if (Values.ParseAddress(text) is not { } group)
        {
            ctx.Error(n, $"Invalid lvs_sync_daemon group ({text}) - ignoring");
            return null;
        }
        if (group.IsIPv6Multicast || (group.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (group.GetAddressBytes()[0] & 0xf0) == 0xe0))
            return group;
        ctx.Error(n, $"lvs_sync_daemon group address {text} is not multicast - ignoring");
        return null;
    }
}
