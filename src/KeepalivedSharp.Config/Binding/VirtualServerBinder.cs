using System.Collections.Immutable;
using KeepalivedSharp.Config.Schema;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary><c>virtual_server</c> (LVS): parsed generically and kept; health checker blocks are kept as written.</summary>
internal static class VirtualServerBinder
{
    public static VirtualServerConfig Bind(BindContext ctx, SyntaxNode node)
    {
        var args = BindContext.Texts(node.Arguments);
        if (args.Length == 0) ctx.Error(node, "'virtual_server' needs an address and port, 'fwmark N' or 'group NAME'");
        var settings = ImmutableArray.CreateBuilder<RawSetting>();
        var reals = ImmutableArray.CreateBuilder<RealServerConfig>();
        foreach (var (n, _) in ctx.Known(node.Block!, Keywords.VirtualServer))
        {
            if (n.Keyword == "real_server")
            {
                var rs = ImmutableArray.CreateBuilder<RawSetting>();
                foreach (var (r, _) in ctx.Known(n.Block!, Keywords.RealServer)) rs.Add(BindContext.Raw(r));
                reals.Add(new RealServerConfig(BindContext.Texts(n.Arguments), rs.ToImmutable(), n.Location));
                continue;
            }
            if (n.Keyword == "protocol" && args.Length > 0 && args[0] == "fwmark")
                ctx.Error(n, "protocol is not valid for a fwmark virtual server (keepalived ignores it and reports it)");
            settings.Add(BindContext.Raw(n));
        }
        ctx.Warning(node, "virtual_server (LVS) is not yet supported; the block is parsed and ignored");
        return new VirtualServerConfig(args, settings.ToImmutable(), reals.ToImmutable(), node.Location);
    }
}
