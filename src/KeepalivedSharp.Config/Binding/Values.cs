using System.Globalization;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Config.Syntax;

namespace KeepalivedSharp.Config.Binding;

/// <summary>Reads typed values from keyword arguments, reporting each problem at the keyword's line.</summary>
internal static class Values
{
    /// <summary>The argument at <paramref name="index"/>, or an error "'kw' needs a value".</summary>
    public static string? Arg(BindContext ctx, SyntaxNode node, int index = 0, string what = "a value")
    {
        var args = node.Arguments;
        if (index < args.Length) return args[index].Text;
        ctx.Error(node, $"'{node.Keyword}' needs {what}");
        return null;
    }

    /// <summary>A whole decimal number within [min, max].</summary>
    public static bool Int(BindContext ctx, SyntaxNode node, long min, long max, out int value, int index = 0)
    {
        value = 0;
        var text = Arg(ctx, node, index, "a number");
        if (text is null) return false;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            ctx.Error(node, $"'{node.Keyword}' value '{text}' is not a number");
            return false;
        }
        if (v < min || v > max)
        {
            ctx.Error(node, $"'{node.Keyword}' value {v} is out of range ({min}..{max})");
            return false;
        }
        value = (int)v;
        return true;
    }

    /// <summary>lib/parser.c read_unsigned_func, base 10, range [min, max], with its messages.</summary>
    public static bool Unsigned(BindContext ctx, SyntaxNode n, string text, uint min, uint max, out uint value)
    {
        value = 0;
        var trimmed = text.TrimStart();
        string? problem = trimmed.StartsWith('-') ? $"negative number '{text}'"
            : !trimmed.All(char.IsAsciiDigit) || trimmed.Length == 0 ? $"invalid number '{text}'"
            : !ulong.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > uint.MaxValue ? $"number '{text}' outside unsigned integer range"
            : v < min || v > max ? $"number '{text}' outside range [{min}, {max}]"
            : null;
        if (problem is not null)
        {
            ctx.Error(n, problem);
            return false;
        }
        value = uint.Parse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Seconds, with up to 6 decimals (keepalived's read_decimal_unsigned with TIMER_HZ_DIGITS), within [min, max] seconds.</summary>
    public static bool Seconds(BindContext ctx, SyntaxNode node, decimal min, decimal max, out TimeSpan value, int index = 0, bool wholeOnly = false)
    {
        value = TimeSpan.Zero;
        var text = Arg(ctx, node, index, "a time in seconds");
        if (text is null) return false;
        var ok = wholeOnly
            ? text.All(char.IsAsciiDigit) && text.Length is > 0 and < 16
            : decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) && DecimalsOk(text);
        if (!ok)
        {
            ctx.Error(node, $"'{node.Keyword}' value '{text}' is not a valid time in {(wholeOnly ? "whole " : "")}seconds");
            return false;
        }
        var seconds = decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (seconds < min || seconds > max)
        {
            ctx.Error(node, $"'{node.Keyword}' value {text} is out of range ({min}..{max} seconds)");
            return false;
        }
        value = TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    private static bool DecimalsOk(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 || text.Length - dot - 1 <= 6;
    }

    /// <summary>
    /// An optional on/off argument (keepalived's check_true_false: true/on/yes, false/off/no); a bare keyword means on.
    /// </summary>
    public static bool Flag(BindContext ctx, SyntaxNode node, int index = 0)
    {
        if (node.Arguments.Length <= index) return true;
        switch (node.Arguments[index].Text)
        {
            case "true" or "on" or "yes":
                return true;
            case "false" or "off" or "no":
                return false;
            default:
                ctx.Error(node, $"'{node.Keyword}' value '{node.Arguments[index].Text}' is not one of true/on/yes/false/off/no");
                return true;
        }
    }

    /// <summary>
    /// As <see cref="Flag"/> for keywords whose bad value keepalived reports in its own words (<paramref name="invalid"/>
    /// gets the value) and then ignores: null then, so the setting keeps what it had.
    /// </summary>
    public static bool? Flag(BindContext ctx, SyntaxNode node, Func<string, string> invalid)
    {
        if (node.Arguments.Length == 0) return true;
        var text = node.Arguments[0].Text;
        if (text is "true" or "on" or "yes") return true;
        if (text is "false" or "off" or "no") return false;
        ctx.Error(node, invalid(text));
        return null;
    }

    /// <summary>An IP address as inet_pton reads it: dotted quad without leading zeros, or IPv6 without a zone.</summary>
    public static IPAddress? ParseAddress(ReadOnlySpan<char> text)
    {
        if (text.Contains(':'))
        {
            if (text.Contains('%') || text.Contains('/')) return null;
            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < 4; i++)
        {
            // Exactly four parts: three dots, none after the last part.
            var dot = text.IndexOf('.');
            if ((dot < 0) != (i == 3)) return null;
            var p = dot < 0 ? text : text[..dot];
            if (p.Length is 0 or > 3 || p.ContainsAnyExceptInRange('0', '9') || (p.Length > 1 && p[0] == '0')) return null;
            var n = int.Parse(p, CultureInfo.InvariantCulture);
            if (n > 255) return null;
            bytes[i] = (byte)n;
            text = dot < 0 ? default : text[(dot + 1)..];
        }
        return new IPAddress(bytes);
    }

    /// <summary>Reads <c>address</c> or <c>address/prefix</c>; prefix null when not written.</summary>
    public static bool TryPrefixed(string text, out IPAddress? address, out int? prefix, out string? problem)
    {
        prefix = null;
        problem = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text.AsSpan(0, slash);
        address = ParseAddress(addressText);
        if (address is null)
        {
            problem = $"invalid IP address '{addressText}'";
            return false;
        }
        if (slash < 0) return true;
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var ptext = text.AsSpan(slash + 1);
        if (ptext.Length is 0 or > 3 || ptext.ContainsAnyExceptInRange('0', '9') || int.Parse(ptext, CultureInfo.InvariantCulture) > max)
        {
            problem = $"invalid prefix length '/{ptext}' for {address} (0..{max})";
            return false;
        }
        prefix = int.Parse(ptext, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>A keyword's single address argument (mcast_src_ip, unicast_src_ip, ...).</summary>
    public static IPAddress? Address(BindContext ctx, SyntaxNode node, int index = 0)
    {
        var text = Arg(ctx, node, index, "an IP address");
        if (text is null) return null;
        var a = ParseAddress(text);
        if (a is null) ctx.Error(node, $"'{node.Keyword}' has an invalid IP address '{text}'");
        return a;
    }
}
