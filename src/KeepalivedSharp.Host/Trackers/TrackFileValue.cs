using System.Globalization;

namespace KeepalivedSharp.Host.Trackers;

/// <summary>
/// What keepalived reads from a track_file: the leading integer of the first 127 bytes, as
/// strtol(…, 0) reads it (decimal, 0x hex, 0 octal, leading blanks and a sign); a missing,
/// empty or non-numeric file counts as 0. Out of the 32-bit range the reading is ignored (null).
/// </summary>
public static class TrackFileValue
{
    public static long? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        var s = text.AsSpan(0, Math.Min(text.Length, 127)).TrimStart(" \t\n\r\f\v");
        bool negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        int radix = 10;
        if (s.Length > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s.Length > 2 && Uri.IsHexDigit(s[2]))
        {
            radix = 16;
            s = s[2..];
        }
        else if (s.Length > 1 && s[0] == '0')
        {
            radix = 8;
        }
        long value = 0;
        foreach (var c in s)
        {
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
            if (digit >= radix) break;
            value = value * radix + digit;
            if (value > (long)int.MaxValue + 1) return null;
        }
        value = negative ? -value : value;
        return value < int.MinValue || value > (long)int.MaxValue + 1 ? null : value;
    }

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
