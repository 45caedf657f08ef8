using System.Collections.Immutable;
using System.Globalization;
using System.Net.Sockets;
using KeepalivedSharp.Config.Schema;
using KeepalivedSharp.Config.Syntax;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Config.Binding;

/// <summary>The checker blocks of a real_server (check_api.c and check_*.c), each problem at its line.</summary>
internal static class CheckerBinder
{
    /// <summary>A TIMER with no upper bound in keepalived (read_timer max 0): seconds that fit in 32 bits.</summary>
    private const decimal NoMax = uint.MaxValue;

    public static CheckerKind TypeOf(string keyword) => CheckerKeywords.FromKeyword(keyword) ?? CheckerKind.Bfd;

    /// <summary>
    /// One checker block; null when keepalived drops it (HTTP with no url, MISC with no misc_path, FILE with
    /// no track_file, BFD with no name, an IPv6 link-local connect_ip without bind_if), reported at the block.
    /// SMTP_CHECK's deprecated <c>host {}</c> blocks become checkers of their own, as in check_smtp.c.
    /// </summary>
    public static IEnumerable<CheckerConfig> Bind(BindContext ctx, SyntaxNode node, List<SyntaxNode> scriptLines)
    {
        var c = new CheckerConfig { Type = TypeOf(node.Keyword), Location = node.Location };
        var urls = ImmutableArray.CreateBuilder<UrlConfig>();
        var hosts = new List<CheckerConfig>();
        foreach (var (n, _) in ctx.Known(node.Block!, Keywords.Checker(node.Keyword)))
        {
            if (Common(ctx, n, ref c)) continue;
            switch (n.Keyword)
            {
                case "nb_get_retry":
                    ctx.FixUp(n, "nb_get_retry is deprecated - please use 'retry'");
                    if (Values.Int(ctx, n, 0, int.MaxValue, out var r)) c = c with { Retry = r };
                    break;
                case "virtualhost":
                    if (Values.Arg(ctx, n, 0, "a host name") is { } vh) c = c with { VirtualHost = vh };
                    break;
                case "http_protocol":
                    if (Values.Arg(ctx, n, 0, "a version (1.0, 1.0C or 1.1)") is { } p)
                    {
                        if (p is "1.0" or "1.1" or "1.0C" or "1.0c") c = c with { HttpProtocol = p == "1.0c" ? "1.0C" : p };
                        else ctx.Error(n, $"Invalid http_protocol version {p} (1.0, 1.0C or 1.1)");
                    }
                    break;
                case "enable_sni":
                    c = c with { EnableSni = Values.Flag(ctx, n) };
                    break;
                case "fast_recovery":
                    c = c with { FastRecovery = Values.Flag(ctx, n) };
                    break;
                case "url":
                    if (Url(ctx, n) is { } u) urls.Add(u);
                    break;
                case "helo_name":
                    if (Values.Arg(ctx, n, 0, "a name") is { } helo) c = c with { HeloName = helo };
                    break;
                case "host":
                    // check_smtp.c smtp_host_handler: the block's connection options are its own; the other
                    // common keywords set the enclosing checker (CHECKER_GET_CURRENT).
                    var h = new CheckerConfig { Type = CheckerKind.Smtp, Location = n.Location };
                    foreach (var (hn, _) in ctx.Known(n.Block!, Keywords.SmtpHost))
                    {
                        if (Keywords.IsConnection(hn.Keyword)) Common(ctx, hn, ref h);
                        else Common(ctx, hn, ref c);
                    }
                    hosts.Add(h);
                    break;
                case "type":
                    if (Values.Arg(ctx, n, 0, "a DNS type") is { } t)
                    {
                        var upper = t.ToUpperInvariant();
                        if (DnsQueryTypes.Code(upper) is not null) c = c with { DnsType = upper };
                        else ctx.Error(n, $"Unknown DNS check type {t} - ignoring (one of {string.Join(' ', DnsQueryTypes.Names)})");
                    }
                    break;
                case "name" when c.Type == CheckerKind.Dns:
                    DnsName(ctx, n, ref c);
                    break;
                case "name":
                    if (Values.Arg(ctx, n, 0, "a bfd_instance name") is { } bfd) c = c with { BfdName = bfd };
                    break;
                case "misc_path":
                    var words = BindContext.ScriptArguments(n, out var error);
                    if (words is null) ctx.Error(n, $"'misc_path': {error}");
                    else if (words.Count == 0 || words[0].Length == 0) ctx.Error(n, "'misc_path' needs a command line");
                    else
                    {
                        c = c with { MiscPath = words[0] };
                        scriptLines.Add(n);
                    }
                    break;
                case "misc_timeout":
                    if (Values.Int(ctx, n, 0, uint.MaxValue / 1_000_000, out var mt)) c = c with { MiscTimeout = TimeSpan.FromSeconds(mt) };
                    break;
                case "misc_dynamic":
                    c = c with { MiscDynamic = true };
                    break;
                case "user":
                    if (Values.Arg(ctx, n, 0, "a user name") is { } user)
                        c = c with { User = user, Group = n.Arguments.Length > 1 ? n.Arguments[1].Text : null };
                    break;
                case "track_file":
                    if (Values.Arg(ctx, n, 0, "a track_file name") is { } tf) c = c with { TrackFile = tf };
                    break;
                case "weight":
                    FileWeight(ctx, n, ref c);
                    break;
                case "payload":
                    if (Hex(ctx, n, "payload", allowWildcard: false) is { } payload) c = c with { Payload = [.. payload.Data] };
                    break;
                case "require_reply":
                    c = c with { RequireReply = true };
                    if (n.Arguments.Length > 0 && Hex(ctx, n, "reply", allowWildcard: true) is { } reply)
                        c = c with { ReplyData = [.. reply.Data], ReplyMask = [.. reply.Mask] };
                    break;
                case "min_reply_length":
                    if (Values.Int(ctx, n, 0, ushort.MaxValue, out var min)) c = c with { MinReplyLength = min };
                    break;
                case "max_reply_length":
                    if (Values.Int(ctx, n, 0, ushort.MaxValue, out var max)) c = c with { MaxReplyLength = max };
                    break;
            }
        }
        c = c with { Urls = urls.ToImmutable() };
        // check_smtp.c smtp_check_end_handler: with host blocks and no connection option of its own, the
        // checker takes the first host's; every other host is a copy of the checker with its own options.
        bool own = hosts.Count == 0 || HasConnectionOption(c);
        if (own && Complete(ctx, node, c)) yield return c;
        foreach (var h in hosts)
        {
            var copy = c with
            {
                Location = h.Location, ConnectIp = h.ConnectIp, ConnectPort = h.ConnectPort, BindTo = h.BindTo, BindPort = h.BindPort,
                BindInterface = h.BindInterface, Fwmark = h.Fwmark, ConnectTimeout = h.ConnectTimeout,
            };
            if (Complete(ctx, node, copy)) yield return copy;
        }
    }

    /// <summary>check_smtp.c: any connection component configured on the checker itself (a zero fwmark counts as none).</summary>
    private static bool HasConnectionOption(CheckerConfig c) => c.ConnectIp is not null || c.ConnectPort is not null || c.BindTo is not null
        || c.BindPort is not null || c.BindInterface is not null || c.Fwmark is > 0 || c.ConnectTimeout is not null;

    /// <summary>The end handlers: a checker keepalived drops is reported at its block line.</summary>
    private static bool Complete(BindContext ctx, SyntaxNode node, CheckerConfig c)
    {
        string? dropped = c.Type switch
        {
            CheckerKind.Http or CheckerKind.Ssl when c.Urls.IsEmpty => "HTTP/SSL_GET checker has no urls specified - ignoring",
            CheckerKind.Misc when c.MiscPath is null => "No script path has been specified for MISC_CHECKER - skipping",
            CheckerKind.File when c.TrackFile is null => "FILE_CHECK has no track_file specified - ignoring",
            CheckerKind.Bfd when c.BfdName is null => "No name has been specified for BFD_CHECKER - skipping",
            CheckerKind.Udp when c.MinReplyLength > c.MaxReplyLength =>
                $"UDP_CHECK min_reply length {c.MinReplyLength} > max_reply_length {c.MaxReplyLength} - will always fail",
            _ => null,
        };
        if (c.ConnectIp is { AddressFamily: AddressFamily.InterNetworkV6, IsIPv6LinkLocal: true } && c.BindInterface is null)
            dropped = $"Checker link local address {c.ConnectIp} requires a bind_if";
        if (dropped is null) return true;
        ctx.Error(node, dropped);
        // keepalived keeps a UDP checker whose lengths cannot match; it always fails.
        return c.Type == CheckerKind.Udp && c.MinReplyLength > c.MaxReplyLength;
    }

    /// <summary>check_api.c install_checker_common_keywords; false for a keyword that is not one of them.</summary>
    private static bool Common(BindContext ctx, SyntaxNode n, ref CheckerConfig c)
    {
        switch (n.Keyword)
        {
            case "connect_ip":
                if (Values.Address(ctx, n) is { } ip)
                {
                    if (c.BindTo is { } b && b.AddressFamily != ip.AddressFamily)
                        ctx.Error(n, $"connect_ip address {ip} does not match address family of bindto - skipping");
                    else c = c with { ConnectIp = ip };
                }
                return true;
            case "connect_port":
                if (Values.Int(ctx, n, 1, ushort.MaxValue, out var port)) c = c with { ConnectPort = (ushort)port };
                return true;
            case "bindto":
                if (Values.Address(ctx, n) is { } from)
                {
                    if (c.ConnectIp is { } d && d.AddressFamily != from.AddressFamily)
                        ctx.Error(n, $"bindto address {from} does not match address family of connect_ip - skipping");
                    else c = c with { BindTo = from };
                }
                return true;
            case "bind_port":
                if (Values.Int(ctx, n, 1, ushort.MaxValue, out var bp)) c = c with { BindPort = (ushort)bp };
                return true;
            case "bind_if":
                if (Values.Arg(ctx, n, 0, "an interface name") is { } dev)
                {
                    if (dev.Length > 15) ctx.Error(n, $"Interface name {dev} is too long - ignoring");
                    else c = c with { BindInterface = dev };
                }
                return true;
            case "connect_timeout":
                if (Values.Seconds(ctx, n, 0.000001m, NoMax, out var ct)) c = c with { ConnectTimeout = ct };
                return true;
            case "fwmark":
                if (Values.Int(ctx, n, 0, uint.MaxValue, out var mark)) c = c with { Fwmark = unchecked((uint)mark) };
                return true;
            case "retry":
                if (Values.Int(ctx, n, 0, int.MaxValue, out var retry)) c = c with { Retry = retry };
                return true;
            case "delay_before_retry":
                if (Values.Seconds(ctx, n, 0, NoMax, out var dbr)) c = c with { DelayBeforeRetry = dbr };
                return true;
            case "warmup":
                if (Values.Seconds(ctx, n, 0, NoMax, out var w)) c = c with { Warmup = w };
                return true;
            case "delay_loop":
                if (Values.Seconds(ctx, n, 0.000001m, NoMax, out var dl)) c = c with { DelayLoop = dl };
                return true;
            case "alpha":
                c = c with { Alpha = Values.Flag(ctx, n) };
                return true;
            case "log_all_failures":
                c = c with { LogAllFailures = Values.Flag(ctx, n) };
                return true;
            default:
                return false;
        }
    }

    private static UrlConfig? Url(BindContext ctx, SyntaxNode node)
    {
        string? path = null;
        var u = new UrlConfig("", node.Location);
        var codes = ImmutableArray.CreateBuilder<(int, int)>();
        foreach (var (n, _) in ctx.Known(node.Block!, Keywords.Url))
        {
            switch (n.Keyword)
            {
                case "path":
                    path = Values.Arg(ctx, n, 0, "a path");
                    break;
                case "digest":
                    var d = Values.Arg(ctx, n, 0, "an MD5 digest");
                    if (d is null) break;
                    if (u.Digest is not null) ctx.Error(n, $"Digest '{d}' is a duplicate");
                    else if (d.Length != 32) ctx.Error(n, $"digest '{d}' character length should be 32 rather than {d.Length}");
                    else if (!d.All(char.IsAsciiHexDigit)) ctx.Error(n, $"digest '{d}' is not hexadecimal");
                    else u = u with { Digest = d.ToLowerInvariant() };
                    break;
                case "status_code":
                    foreach (var t in n.Arguments)
                    {
                        if (StatusRange(t.Text) is { } range) codes.Add(range);
                        else ctx.Error(n, $"Invalid HTTP_GET status code '{t.Text}' (100..599, or N-M)");
                    }
                    break;
                case "virtualhost":
                    if (Values.Arg(ctx, n, 0, "a host name") is { } vh) u = u with { VirtualHost = vh };
                    break;
                case "regex":
                    if (Values.Arg(ctx, n, 0, "a regular expression") is { } re) u = u with { Regex = re };
                    break;
                case "regex_no_match":
                    u = u with { RegexNoMatch = true };
                    break;
                case "regex_options":
                    u = u with { RegexOptions = string.Join(' ', BindContext.Texts(n.Arguments)) };
                    break;
                case "regex_min_offset":
                    if (Values.Int(ctx, n, 0, int.MaxValue, out var mo)) u = u with { RegexMinOffset = mo };
                    break;
                case "regex_max_offset":
                    if (Values.Int(ctx, n, 0, int.MaxValue, out var xo)) u = u with { RegexMaxOffset = xo };
                    break;
            }
        }
        if (path is null)
        {
            ctx.Error(node, "HTTP/SSL_GET checker url has no path - ignoring");
            return null;
        }
        return u with { Path = path, StatusCodes = codes.ToImmutable() };
    }

    /// <summary><c>N</c> or <c>N-M</c> within 100..599 (check_http.c status_code_handler).</summary>
    private static (int, int)? StatusRange(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var first = dash < 0 ? text : text[..dash];
        var last = dash < 0 ? text : text[(dash + 1)..];
        if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            || !int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var b)) return null;
        return a is >= 100 and <= 599 && b is >= 100 and <= 599 && a <= b ? (a, b) : null;
    }

    /// <summary>check_dns.c dns_name_handler: one name, no empty label.</summary>
    private static void DnsName(BindContext ctx, SyntaxNode n, ref CheckerConfig c)
    {
        if (Values.Arg(ctx, n, 0, "a domain name") is not { } name) return;
        if (c.DnsName != ".") ctx.Error(n, "DNS_CHECK name already specified - ignoring");
        else if ((name.StartsWith('.') && name.Length > 1) || name.Contains("..", StringComparison.Ordinal))
            ctx.Error(n, $"DNS_CHECK name '{name}' has empty label - ignoring");
        else c = c with { DnsName = name };
    }

    /// <summary>FILE_CHECK <c>weight W [reverse|noreverse]</c>, W within ±INT32_MAX (IPVS_WEIGHT_LIMIT).</summary>
    private static void FileWeight(BindContext ctx, SyntaxNode n, ref CheckerConfig c)
    {
        if (!Values.Int(ctx, n, -int.MaxValue, int.MaxValue, out var w)) return;
        var reverse = false;
        if (n.Arguments.Length > 1)
        {
            var opt = n.Arguments[1].Text;
            if (opt is not ("reverse" or "noreverse"))
            {
                ctx.Error(n, $"unknown track file weight option {opt} - ignoring");
                return;
            }
            reverse = opt == "reverse";
        }
        c = c with { FileWeight = w, FileReverse = reverse };
    }

    /// <summary>
    /// lib/parser.c read_hex_str over the words joined by spaces: pairs of hex digits, a lone digit before a space
    /// is one octet, X nibbles (reply patterns only) match anything. As in keepalived 2.2.7, a string whose last
    /// octet is 0xff is rejected (its "invalid" marker). Null when invalid (reported).
    /// </summary>
    private static (byte[] Data, byte[] Mask)? Hex(BindContext ctx, SyntaxNode n, string what, bool allowWildcard)
    {
        var text = string.Join(' ', BindContext.Texts(n.Arguments));
        var data = new List<byte>();
        var mask = new List<byte>();
        int val = 0, i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t') i++;
            if (i >= text.Length) break;
            val = Nibble(text[i++], allowWildcard);
            if (val == 0xff) break;
            var m = val == 0xfe ? 0x0f : 0;
            if (val == 0xfe) val = 0;
            if (i < text.Length && text[i] != ' ')
            {
                var hi = val << 4;
                m <<= 4;
                val = Nibble(text[i++], allowWildcard);
                if (val == 0xff) break;
                if (val == 0xfe)
                {
                    m |= 0x0f;
                    val = 0;
                }
                val |= hi;
            }
            data.Add((byte)val);
            mask.Add((byte)m);
        }
        if (val != 0xff && data.Count > 0) return ([.. data], [.. mask]);
        ctx.Error(n, text.Length == 0 ? $"UDP_CHECK {what} requires a {what}" : $"Invalid hex string for UDP_CHECK {what}");
        return null;
    }

    private static int Nibble(char c, bool allowWildcard) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        'x' or 'X' when allowWildcard => 0xfe,
        _ => 0xff,
    };
}
