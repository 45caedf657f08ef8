using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary>
/// global_defs' IPVS keywords (keepalived 2.2.7 core/global_parser.c lvs_timeouts, lvs_flush_handler,
/// lvs_flush_on_stop_handler, lvs_syncd_handler). The messages are keepalived's.
/// </summary>
internal static class LvsSettingsBinder
{
    public static bool Handles(string keyword) => keyword is "lvs_timeouts" or "lvs_flush" or "lvs_flush_on_stop" or "lvs_flush_onstop" or "lvs_sync_daemon";

    public static GlobalDefs Bind(BindContext ctx, GlobalDefs g, SyntaxNode n) => n.Keyword switch
    {
        "lvs_timeouts" => g with { Lvs = g.Lvs with { Timeouts = Timeouts(ctx, g.Lvs.Timeouts, n) } },
        "lvs_flush" => g with { Lvs = g.Lvs with { Flush = true } },
        "lvs_sync_daemon" => g.Lvs.SyncDaemon is { } d
            ? Ignored(ctx, g, n, $"lvs_sync_daemon has already been specified as {d.Interface} {d.Instance} - ignoring")
            : g with { Lvs = g.Lvs with { SyncDaemon = LvsSyncDaemonBinder.Bind(ctx, n) } },
        // lvs_flush_onstop: deprecated after v2.1.5, same handler. Only "VS" is an argument (FULL is not).
        _ => n.Arguments.Length == 0 ? g with { Lvs = g.Lvs with { FlushOnStop = LvsFlushOnStop.Full } }
            : n.Arguments[0].Text == "VS" ? g with { Lvs = g.Lvs with { FlushOnStop = LvsFlushOnStop.Vs } }
            : Unknown(ctx, g, n),
    };

    private static GlobalDefs Unknown(BindContext ctx, GlobalDefs g, SyntaxNode n) => Ignored(ctx, g, n, $"Unknown lvs_flush_on_stop type {n.Arguments[0].Text}");

    private static GlobalDefs Ignored(BindContext ctx, GlobalDefs g, SyntaxNode n, string message)
    {
        ctx.Error(n, message);
        return g;
    }

    private static LvsTimeouts Timeouts(BindContext ctx, LvsTimeouts t, SyntaxNode n)
    {
        var args = n.Arguments;
        if (args.Length < 2)
        {
            ctx.Error(n, "lvs_timeouts requires at least one option");
            return t;
        }
        for (int i = 0; i < args.Length; i++)
        {
            var option = args[i].Text;
            if (option is not ("tcp" or "tcpfin" or "udp"))
            {
                ctx.Error(n, $"Unknown option {option} specified for lvs_timeouts");
                continue;
            }
            if (i == args.Length - 1)
            {
                ctx.Error(n, $"No value specified for lvs_timeout {option} - ignoring");
                continue;
            }
            var text = args[++i].Text;
            if (!Values.Unsigned(ctx, n, text, 0, LvsTimeouts.Max, out var value))
            {
                ctx.Error(n, $"Invalid lvs_timeout {option} ({text}) - ignoring");
                continue;
            }
            t = option switch
            {
                "tcp" => t with { Tcp = value },
                "tcpfin" => t with { TcpFin = value },
                _ => t with { Udp = value },
            };
        }
        return t;
    }
}
