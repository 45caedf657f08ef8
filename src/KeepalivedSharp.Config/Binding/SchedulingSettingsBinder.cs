using System.Collections.Immutable;
using System.Globalization;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary>
/// global_defs' process keywords (keepalived 2.2.7 core/global_parser.c): <c>vrrp_*</c> and <c>checker_*</c>
/// priority, rt_priority, cpu_affinity, no_swap and rlimit_rttime; max_auto_priority,
/// min_auto_priority_delay and umask. The messages are keepalived's.
/// </summary>
internal static class SchedulingSettingsBinder
{
    /// <summary>SCHED_RR's range on Linux (sched_get_priority_min/max).</summary>
    public const int MinRealtimePriority = 1, MaxRealtimePriority = 99;

    public static bool Handles(string keyword) => keyword is "max_auto_priority" or "min_auto_priority_delay" or "umask"
        || Split(keyword) is (not null, not null);

    public static GlobalDefs Bind(BindContext ctx, GlobalDefs g, SyntaxNode n)
    {
        switch (n.Keyword)
        {
            case "max_auto_priority": return MaxAutoPriority(ctx, g, n);
            case "min_auto_priority_delay":
                if (n.Arguments.Length < 1) { ctx.Error(n, "min_auto_priority_delay requires delay time"); return g; }
                if (!TryInt(n.Arguments[0].Text, out var delay) || delay is < 1 or > 10_000_000)
                {
                    ctx.Error(n, $"min_auto_priority_delay '{n.Arguments[0].Text}' must be in [1, 10000000] - ignoring");
                    return g;
                }
                return g with { MinAutoPriorityDelay = TimeSpan.FromMicroseconds(delay) };
            case "umask": return Umask(ctx, g, n);
        }
        var (process, setting) = Split(n.Keyword);
        var current = process == "vrrp" ? g.VrrpProcess : g.CheckerProcess;
        var updated = setting switch
        {
            "priority" => Priority(ctx, current, n, process!),
            "rt_priority" => RealtimePriority(ctx, current, n, process!),
            "cpu_affinity" => CpuAffinity(ctx, current, n, process!),
            "no_swap" => current with { NoSwap = true },
            _ => RlimitRttime(ctx, current, n, process!),
        };
        return process == "vrrp" ? g with { VrrpProcess = updated } : g with { CheckerProcess = updated };
    }

    private static (string? Process, string? Setting) Split(string keyword)
    {
        var process = keyword.StartsWith("vrrp_", StringComparison.Ordinal) ? "vrrp"
            : keyword.StartsWith("checker_", StringComparison.Ordinal) ? "checker" : null;
        if (process is null) return (null, null);
        var setting = keyword[(process.Length + 1)..];
        return setting is "priority" or "rt_priority" or "cpu_affinity" or "no_swap" or "rlimit_rttime" or "rlimit_rtime"
            ? (process, setting) : (null, null);
    }

    private static SchedulingSettings Priority(BindContext ctx, SchedulingSettings s, SyntaxNode n, string process)
    {
        if (n.Arguments.Length < 1) { ctx.Error(n, $"No {process} process priority specified"); return s; }
        if (!TryInt(n.Arguments[0].Text, out var nice) || nice is < -20 or > 19)
        {
            ctx.Error(n, $"Invalid {process} process priority specified");
            return s;
        }
        return s with { Priority = nice };
    }

    private static SchedulingSettings RealtimePriority(BindContext ctx, SchedulingSettings s, SyntaxNode n, string process)
    {
        if (n.Arguments.Length < 1) { ctx.Error(n, $"No {process} process real-time priority specified"); return s; }
        var text = n.Arguments[0].Text;
        if (!TryInt(text, out var priority))
        {
            ctx.Error(n, $"{process} process real-time priority '{text}' invalid");
            return s;
        }
        if (priority < MinRealtimePriority)
        {
            ctx.FixUp(n, $"{process} process real-time priority {priority} less than minimum {MinRealtimePriority} - setting to minimum");
            priority = MinRealtimePriority;
        }
        else if (priority > MaxRealtimePriority)
        {
            ctx.FixUp(n, $"{process} process real-time priority {priority} greater than maximum {MaxRealtimePriority} - setting to maximum");
            priority = MaxRealtimePriority;
        }
        return s with { RealtimePriority = priority };
    }

    private static SchedulingSettings CpuAffinity(BindContext ctx, SchedulingSettings s, SyntaxNode n, string process)
    {
        if (n.Arguments.Length < 1) { ctx.Error(n, $"No {process} cpu_id set specified"); return s; }
        var cpus = ImmutableArray.CreateBuilder<int>();
        foreach (var arg in n.Arguments)
        {
            // keepalived checks against the CPUs online where the config is read (sysconf(_SC_NPROCESSORS_ONLN)).
            if (!TryInt(arg.Text, out var cpu) || cpu < 0 || cpu >= Environment.ProcessorCount)
            {
                ctx.Error(n, $"Invalid cpu_id:{arg.Text} specified for {process} process");
                return s with { CpuAffinity = [] };
            }
            if (!cpus.Contains(cpu)) cpus.Add(cpu);
        }
        return s with { CpuAffinity = cpus.ToImmutable() };
    }

    private static SchedulingSettings RlimitRttime(BindContext ctx, SchedulingSettings s, SyntaxNode n, string process)
    {
        if (n.Keyword.EndsWith("_rlimit_rtime", StringComparison.Ordinal))
            ctx.Warning(n, $"Keyword '{n.Keyword}' is deprecated - please use '{n.Keyword[..^5]}rttime'");
        var text = n.Arguments.Length > 0 ? n.Arguments[0].Text : "";
        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            ctx.Error(n, $"Invalid {process} real-time limit - {text}");
            return s;
        }
        // The soft limit is half the hard one and must not be 0 (keepalived's get_rt_rlimit).
        return s with { RlimitRttime = limit == 1 ? 2 : limit };
    }

    private static GlobalDefs MaxAutoPriority(BindContext ctx, GlobalDefs g, SyntaxNode n)
    {
        if (n.Arguments.Length < 1) return g with { MaxAutoPriority = MaxRealtimePriority };
        var text = n.Arguments[0].Text;
        if (!TryInt(text, out var priority) || priority is < -1 or > MaxRealtimePriority)
        {
            ctx.Error(n, $"max_auto_priority '{text}' must be in [0, {MaxRealtimePriority}] (or -1 to disable) - ignoring");
            return g;
        }
        return g with { MaxAutoPriority = Math.Max(priority, 0) };
    }

    private static GlobalDefs Umask(BindContext ctx, GlobalDefs g, SyntaxNode n)
    {
        var args = n.Arguments;
        if (args.Length > 0 && char.IsAsciiDigit(args[0].Text[0]))
        {
            if (args.Length != 1) { ctx.Error(n, "Extra parameter(s) to umask option"); return g; }
            if (!UmaskValue.TryParse(args[0].Text, out var value))
            {
                ctx.Error(n, $"invalid umask value {args[0].Text}");
                return g;
            }
            return g with { Umask = value };
        }
        if (args.Length == 0) { ctx.Error(n, "Missing parameter(s) to umask option"); return g; }
        // Symbolic: IRUSR|IWGRP..., '|' between bits, spaces allowed around it.
        int bits = 0;
        bool needOr = false;
        foreach (var arg in args)
        {
            var p = arg.Text.AsSpan();
            while (!p.IsEmpty)
            {
                if (needOr)
                {
                    if (p[0] != '|') { ctx.Error(n, $"Invalid umask syntax {arg.Text}"); return g; }
                    needOr = false;
                    p = p[1..];
                    continue;
                }
                int bit = ModeBit(p);
                if (bit == 0) { ctx.Error(n, $"Unknown umask bit {p}"); return g; }
                bits |= bit;
                p = p[5..];
                needOr = true;
            }
        }
        if (!needOr) { ctx.Error(n, "umask missing bit value"); return g; }
        return g with { Umask = bits };
    }

    private static int ModeBit(ReadOnlySpan<char> p)
    {
        if (p.Length < 5) return 0;
        return p[..5] switch
        {
            "IRUSR" => 0x100, "IWUSR" => 0x80, "IXUSR" => 0x40,
            "IRGRP" => 0x20, "IWGRP" => 0x10, "IXGRP" => 0x8,
            "IROTH" => 0x4, "IWOTH" => 0x2, "IXOTH" => 0x1,
            _ => 0,
        };
    }

    private static bool TryInt(string text, out int value)
        => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
