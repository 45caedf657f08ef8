using System.Collections.Immutable;
using System.Globalization;
using KeepalivedSharp.Config.Schema;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary>vrrp_script, track_file / vrrp_track_file, vrrp_track_process, and the track_* reference lists.</summary>
internal static class TrackerBinder
{
    /// <summary>
    /// A <c>track_*</c> list: <c>NAME [weight N [reverse]]</c> per line. Weight ranges are keepalived's:
    /// -253..253 for scripts, -254..254 for interfaces, files and processes.
    /// </summary>
    public static ImmutableArray<TrackRef> Refs(BindContext ctx, SyntaxNode list, int maxWeight)
    {
        var refs = ImmutableArray.CreateBuilder<TrackRef>();
        foreach (var item in BindContext.Items(list))
        {
            var words = item.Line.Tokens.Select(t => t.Text).ToArray();
            int? weight = null;
            var reverse = false;
            var ok = true;
            for (var i = 1; i < words.Length; i++)
            {
                if (words[i] == "weight" && i + 1 < words.Length)
                {
                    var w = words[++i];
                    if (!int.TryParse(w, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < -maxWeight || v > maxWeight)
                    {
                        ctx.Error(item, $"{list.Keyword} {words[0]}: weight '{w}' must be in [-{maxWeight}, {maxWeight}]");
                        ok = false;
                    }
                    else weight = v;
                    if (i + 1 < words.Length && words[i + 1] == "reverse")
                    {
                        reverse = true;
                        i++;
                    }
                }
                else
                {
                    ctx.Error(item, $"{list.Keyword} {words[0]}: unknown option '{words[i]}' (expected 'weight N [reverse]')");
                    ok = false;
                }
            }
            if (words[0].Length == 0)
            {
                ctx.Error(item, $"{list.Keyword} has an empty name");
                ok = false;
            }
            if (ok) refs.Add(new TrackRef(words[0], weight, reverse, item.Location));
        }
        return refs.ToImmutable();
    }

    /// <summary><c>weight N [reverse]</c> within [-max, max]; null when invalid (reported).</summary>
    private static (int Weight, bool Reverse)? Weight(BindContext ctx, SyntaxNode n, int max, string owner)
    {
        if (!Values.Int(ctx, n, -max, max, out var w)) return null;
        if (n.Arguments.Length < 2) return (w, false);
        if (n.Arguments[1].Text == "reverse") return (w, true);
        ctx.Error(n, $"{owner} unknown weight option '{n.Arguments[1].Text}'");
        return null;
    }

    public static VrrpScriptConfig? Script(BindContext ctx, SyntaxNode node, out SyntaxNode? scriptLine)
    {
        scriptLine = null;
        var name = ctx.Name(node);
        var s = new VrrpScriptConfig { Name = name ?? "", Location = node.Location };
        foreach (var (n, _) in ctx.Known(node.Block!, Keywords.VrrpScript))
        {
            switch (n.Keyword)
            {
                case "script":
                    if (ScriptCommand(ctx, n, name) is { } command)
                    {
                        s = s with { Script = command };
                        scriptLine = n;
                    }
                    break;
                case "interval":
                    if (Values.Seconds(ctx, n, 0, uint.MaxValue / 1_000_000m, out var iv, wholeOnly: true))
                        s = s with { Interval = iv == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : iv };
                    break;
                case "timeout":
                    if (Values.Seconds(ctx, n, 0, uint.MaxValue / 1_000_000m, out var to, wholeOnly: true)) s = s with { Timeout = to };
                    break;
                case "weight":
                    if (Weight(ctx, n, 253, $"vrrp_script {name}") is { } wr) s = s with { Weight = wr.Weight, WeightReverse = wr.Reverse };
                    break;
                case "rise":
                    if (Values.Int(ctx, n, 1, int.MaxValue, out var r)) s = s with { Rise = r };
                    break;
                case "fall":
                    if (Values.Int(ctx, n, 1, int.MaxValue, out var f)) s = s with { Fall = f };
                    break;
                case "user":
                    var u = Values.Arg(ctx, n, 0, "a user name");
                    s = s with { User = u, Group = n.Arguments.Length > 1 ? n.Arguments[1].Text : null };
                    break;
                case "init_fail":
                    s = s with { InitFail = true };
                    break;
            }
        }
        if (name is not null && scriptLine is null) ctx.Error(node, $"no script set for vrrp_script '{name}'");
        return name is null || scriptLine is null ? null : s;
    }

    /// <summary>
    /// keepalived (vrrp_vscript_script_handler) keeps only the first word of the re-read <c>script</c> line as the
    /// command and drops the rest without a word: <c>script /x a</c> runs /x alone. Dropped words are warned about.
    /// </summary>
    private static string? ScriptCommand(BindContext ctx, SyntaxNode n, string? name)
    {
        var words = BindContext.ScriptArguments(n, out var error);
        if (words is null)
        {
            ctx.Error(n, $"'script': {error}");
            return null;
        }
        if (words.Count == 0 || words[0].Length == 0)
        {
            ctx.Error(n, "'script' needs a command line");
            return null;
        }
        if (words.Count > 1)
            ctx.Warning(n, $"vrrp_script {name}: '{string.Join(' ', words.Skip(1))}' ignored: keepalived runs only the first word of an unquoted script line; write script \"{words[0]} {string.Join(' ', words.Skip(1))}\" to pass arguments");
        return words[0];
    }

    public static TrackFileConfig? File(BindContext ctx, SyntaxNode node)
    {
        var name = ctx.Name(node);
        var t = new TrackFileConfig { Name = name ?? "", Location = node.Location };
        foreach (var (n, _) in ctx.Known(node.Block!, Keywords.TrackFile))
        {
            switch (n.Keyword)
            {
                case "file":
                    t = t with { File = Values.Arg(ctx, n, 0, "a file name") };
                    break;
                case "weight":
                    if (Weight(ctx, n, 254, $"track_file {name}") is { } wr) t = t with { Weight = wr.Weight, WeightReverse = wr.Reverse };
                    break;
                case "init_file":
                    t = t with { InitFile = true };
                    var args = n.Arguments;
                    for (var i = 0; i < args.Length; i++)
                    {
                        if (args[i].Text == "overwrite") t = t with { InitOverwrite = true };
                        else if (long.TryParse(args[i].Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) t = t with { InitValue = v };
                        else ctx.Error(n, $"track_file {name} init_file: unknown option '{args[i].Text}'");
                    }
                    break;
            }
        }
        if (name is not null && t.File is null) ctx.Error(node, $"no file set for track_file '{name}'");
        return name is null || t.File is null ? null : t;
    }

    public static TrackProcessConfig? Process(BindContext ctx, SyntaxNode node)
    {
        var name = ctx.Name(node);
        var t = new TrackProcessConfig { Name = name ?? "", Location = node.Location };
        foreach (var (n, _) in ctx.Known(node.Block!, Keywords.TrackProcess))
        {
            switch (n.Keyword)
            {
                case "process":
                    var p = Values.Arg(ctx, n, 0, "a process name");
                    t = t with { Process = p, Parameters = BindContext.Texts(n.Arguments[1..]) };
                    break;
                case "param_match":
                    var m = Values.Arg(ctx, n, 0, "'initial' or 'partial'");
                    if (m is not null and not ("initial" or "partial")) ctx.Error(n, $"param_match '{m}' must be 'initial' or 'partial'");
                    t = t with { ParamMatch = m };
                    break;
                case "weight":
                    if (Weight(ctx, n, 254, $"vrrp_track_process {name}") is { } wr) t = t with { Weight = wr.Weight, WeightReverse = wr.Reverse };
                    break;
                case "quorum":
                    if (Values.Int(ctx, n, 1, 65535, out var q)) t = t with { Quorum = q };
                    break;
                case "quorum_max":
                    if (Values.Int(ctx, n, 0, 65535, out var qm)) t = t with { QuorumMax = qm };
                    break;
                case "delay":
                    if (Values.Seconds(ctx, n, 0.000001m, 3600, out var d)) t = t with { Delay = d };
                    break;
                case "terminate_delay":
                    if (Values.Seconds(ctx, n, 0.000001m, 3600, out var td)) t = t with { TerminateDelay = td };
                    break;
                case "fork_delay":
                    if (Values.Seconds(ctx, n, 0.000001m, 3600, out var fd)) t = t with { ForkDelay = fd };
                    break;
                case "full_command":
                    t = t with { FullCommand = true };
                    break;
            }
        }
        if (name is not null && t.Process is null) ctx.Error(node, $"no process set for vrrp_track_process '{name}'");
        if (t.QuorumMax is { } max && max < t.Quorum) ctx.Error(node, $"vrrp_track_process '{name}': quorum_max {max} is below quorum {t.Quorum}");
        return name is null || t.Process is null ? null : t;
    }
}
