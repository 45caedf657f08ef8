using System.Globalization;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary>
/// garp_extra_if [all] SECS (and the deprecated vmac_garp_intvl) in a vrrp_instance, 0..86400
/// (vrrp_parser.c vrrp_garp_extra_if_handler); vrrp_garp_extra_if (vrrp_vmac_garp_intvl) in
/// global_defs, 1..86400 (global_parser.c vrrp_vmac_garp_extra_if_handler). As in keepalived,
/// `all` counts even when the line is then ignored.
/// </summary>
internal static class GarpExtraIfValue
{
    public static GarpExtraIf Instance(BindContext ctx, SyntaxNode n, string? name, GarpExtraIf current)
    {
        if (n.Keyword == "vmac_garp_intvl")
            ctx.FixUp(n, "Keyword \"vmac_garp_intvl\" is deprecated - please use \"garp_extra_if\"");
        return Read(ctx, n, current, 0, $"({name}): ");
    }

    public static GarpExtraIf Global(BindContext ctx, SyntaxNode n, GarpExtraIf current)
    {
        if (n.Keyword == "vrrp_vmac_garp_intvl")
            ctx.FixUp(n, "Keyword \"vrrp_vmac_garp_intvl\" is deprecated - please use \"vrrp_garp_extra_if\"");
        return Read(ctx, n, current, 1, "");
    }

    private static GarpExtraIf Read(BindContext ctx, SyntaxNode n, GarpExtraIf current, int min, string prefix)
    {
        bool all = current.AllInterfaces;
        int? delay = null;
        foreach (var word in n.Arguments)
        {
            var text = word.Text;
            if (text == "all")
            {
                all = true;
                continue;
            }
            if (text.Length is 0 or > 9 || !text.All(char.IsAsciiDigit)
                || int.Parse(text, CultureInfo.InvariantCulture) is var v && (v < min || v > 86400))
            {
                ctx.Error(n, $"{prefix}{n.Keyword} '{text}' invalid - ignoring");
                return current with { AllInterfaces = all };
            }
            delay = v;
        }
        if (delay is null)
        {
            ctx.Error(n, $"{prefix}{n.Keyword} specified without time - ignoring");
            return current with { AllInterfaces = all };
        }
        return new GarpExtraIf(delay, all);
    }
}
