using System.Text;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Settings;
using static KeepalivedSharp.Operations.Dumps.KeepalivedText;

namespace KeepalivedSharp.Operations.Dumps;

/// <summary>
/// check_api.c dump_checkers_queue(): every checker in keepalived's queue order (config order, then the FILE_CHECKs,
/// which check_file.c add_rs_to_track_files queues after parsing), its common lines (dump_checker,
/// dump_connection_opts) and its type's own (check_tcp.c, check_http.c, check_udp.c, check_ping.c, check_dns.c,
/// check_smtp.c, check_misc.c, check_file.c, check_bfd.c dump functions).
/// </summary>
internal static class CheckerDump
{
    public static void Queue(StringBuilder w, IReadOnlyList<VirtualServerView> views, bool? reloaded)
    {
        var all = views.SelectMany(v => v.RealServers.SelectMany(rs => rs.Checkers().Select(c => (Vs: v, Rs: rs, c.Settings, c.Probe, c.Status)))).ToList();
        if (all.Count == 0) return;
        Line(w, "------< Health checkers >------");
        foreach (var c in all.Where(c => c.Settings.Kind != CheckerKind.File).Concat(all.Where(c => c.Settings.Kind == CheckerKind.File)))
            Checker(w, c.Vs, c.Rs, c.Settings, c.Probe, c.Status, reloaded);
    }

    private static void Checker(StringBuilder w, VirtualServerView vs, RealServerView rs, CheckerSettings s, CheckProbe probe, CheckerStatus? st, bool? reloaded)
    {
        var c = probe.Checker;
        Line(w, $" {vs.Name} -> {vs.Trio(rs.Settings.Endpoint)}");
        Line(w, "   Enabled = " + YesNo(vs.Status is not { Suspended: true }));
        if (st is not null)
        {
            Line(w, "   Up = " + YesNo(st.Up));
            Line(w, "   Has run = " + YesNo(st.HasRun));
            Line(w, "   Current weight = " + Int(st.Contribution));
        }
        if (s.Kind != CheckerKind.File)
        {
            Line(w, "   Alpha = " + YesNo(s.Alpha));
            Line(w, "   Delay loop = " + Micros(s.DelayLoop) + " us");
            Line(w, "   Warmup = " + Micros(s.Warmup) + " us");
            Line(w, "   Retries = " + Int(s.Retry));
            if (s.Retry != 0)
            {
                Line(w, "   Delay before retry = " + Micros(s.DelayBeforeRetry) + " us");
                if (st is not null) Line(w, "   Retries iterations = " + Int(st.RetryIt));
            }
            Line(w, "   Default delay before retry = " + Micros(CheckSetupBuilder.DefaultDelayBeforeRetry(s.Kind) ?? TimeSpan.Zero) + " us");
        }
        Line(w, "   Log all failures = " + YesNo(probe.LogAllFailures));
        if (c.HasConnection)
        {
            Line(w, "   Connection");
            Line(w, "     Dest = " + Pair(probe.Target.Address, (ushort)probe.Target.Port));
            if (c.BindTo is { } bind) Line(w, "     Bind to = " + Pair(bind, c.BindPort ?? 0));
            if (c.BindInterface is { } bindIf) Line(w, "     Bind i/f = " + bindIf);
            if (c.Fwmark is { } mark and not 0) Line(w, "     Mark = " + Int(mark));
            Line(w, "     Timeout = " + CheckDataDump.Decimal6(probe.ConnectTimeout));
        }
        TypeLines(w, s, c, st, probe, reloaded);
    }

    private static void TypeLines(StringBuilder w, CheckerSettings s, CheckerConfig c, CheckerStatus? st, CheckProbe probe, bool? reloaded)
    {
        switch (s.Kind)
        {
            case CheckerKind.Http or CheckerKind.Ssl:
                Line(w, $"   Keepalive method = {(s.Kind == CheckerKind.Http ? "HTTP" : "SSL")}_GET, http protocol {c.HttpProtocol}");
                if (c.VirtualHost is { } vh) Line(w, "   Virtualhost = " + vh);
                Line(w, $"   Enable SNI {(c.EnableSni ? "" : "un")}set");
                Line(w, $"   Fast recovery {(c.FastRecovery ? "" : "un")}set");
                foreach (var url in c.Urls) Url(w, url);
                if (st?.FailedUrl is { } failed && failed >= 0 && failed < c.Urls.Length) Line(w, "   Failed URL = " + c.Urls[failed].Path);
                break;
            case CheckerKind.Udp:
                Line(w, "   Keepalive method = UDP_CHECK");
                Line(w, c.Payload is { } payload ? "   Payload len = " + Int(payload.Length) : "   Payload specified = no");
                Line(w, "   Require reply = " + YesNo(c.RequireReply));
                if (c.RequireReply)
                {
                    Line(w, "     Min reply length = " + Int(c.MinReplyLength));
                    Line(w, "     Max reply length = " + Int(c.MaxReplyLength));
                    Line(w, "     Reply data len = " + Int(c.ReplyData?.Length ?? 0));
                    if (c.ReplyData is not null) Line(w, "     Reply data mask = " + YesNo(c.ReplyMask is not null));
                }
                break;
            case CheckerKind.Dns:
                Line(w, "   Keepalive method = DNS_CHECK");
                Line(w, "   Type = " + c.DnsType);
                Line(w, "   Name = " + c.DnsName);
                break;
            case CheckerKind.Smtp:
                Line(w, "   Keepalive method = SMTP_CHECK");
                Line(w, "   helo = " + c.HeloName);
                break;
            case CheckerKind.Misc:
                Line(w, "   Keepalive method = MISC_CHECK");
                Line(w, "   script = " + Command(c.MiscPath ?? ""));
                Line(w, "   timeout = " + Int((long)(probe.MiscTimeout ?? TimeSpan.Zero).TotalSeconds));
                Line(w, "   dynamic = " + (s.MiscDynamic ? "YES" : "NO"));
                break;
            case CheckerKind.File:
                Line(w, "   Keepalive method = FILE_CHECK");
                Line(w, "     Tracked file = " + c.TrackFile);
                if (reloaded is { } r) Line(w, "     Reloaded = " + (r ? "Yes" : "No"));
                break;
            case CheckerKind.Bfd:
                Line(w, "   Keepalive method = BFD_CHECK");
                Line(w, "   Name = " + c.BfdName);
                Line(w, "   Alpha is " + CheckDataDump.OnOff(s.Alpha));
                break;
            default:
                // TCP_CHECK, PING_CHECK: the method only.
                Line(w, "   Keepalive method = " + s.Kind.Keyword());
                break;
        }
    }

    /// <summary>check_http.c dump_url(): the status codes as runs over 100..599 (HTTP_STATUS_CODE_MIN/MAX), 200-299 when none are set.</summary>
    private static void Url(StringBuilder w, UrlConfig url)
    {
        const int min = 100, max = 599;
        Line(w, "   Checked url = " + url.Path);
        if (url.Digest is { } digest) Line(w, "     digest = " + digest.ToLowerInvariant());
        Line(w, "     HTTP Status Code(s)");
        var codes = new bool[max - min + 1];
        foreach (var (first, last) in url.StatusCodes.IsDefaultOrEmpty ? [(200, 299)] : url.StatusCodes)
            for (int i = Math.Max(first, min); i <= Math.Min(last, max); i++) codes[i - min] = true;
        int? start = null;
        for (int i = min; i <= max + 1; i++)
        {
            var set = i <= max && codes[i - min];
            if (set) start ??= i;
            else if (start is { } s)
            {
                Line(w, s == i - 1 ? "       " + Int(s) : $"       {Int(s)}-{Int(i - 1)}");
                start = null;
            }
        }
        if (url.VirtualHost is { } vh) Line(w, "     Virtual host = " + vh);
        if (url.Regex is { } regex)
        {
            Line(w, $"     Regex = \"{regex}\"");
            if (url.RegexNoMatch) Line(w, "     Regex no match");
            if (url.RegexMaxOffset is { } maxOffset) Line(w, $"     Regex min offset = {Int(url.RegexMinOffset ?? 0)}, max_offset = {Int(maxOffset)}");
            else if (url.RegexMinOffset is { } minOffset and not 0) Line(w, "     Regex min offset = " + Int(minOffset));
            Line(w, "     Regex options:" + (string.IsNullOrEmpty(url.RegexOptions) ? "" : " " + url.RegexOptions));
        }
    }

    /// <summary>inet_sockaddrtopair(): <c>[10.0.0.2]:80</c>.</summary>
    private static string Pair(System.Net.IPAddress address, ushort port) => $"[{address}]:{Int(port)}";

    private static string Micros(TimeSpan t) => Int(t.Ticks / 10);
}
