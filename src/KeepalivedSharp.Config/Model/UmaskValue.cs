using System.Globalization;

namespace KeepalivedSharp.Config;

/// <summary>A numeric umask as keepalived reads it (strtol with base 0) for <c>umask</c> and <c>-u</c>.</summary>
public static class UmaskValue
{
    private const int AllModeBits = 0x1ff; // S_IRWXU | S_IRWXG | S_IRWXO

    /// <summary>0x hexadecimal, a leading 0 octal, else decimal; the whole text, and only permission bits.</summary>
    public static bool TryParse(string text, out int mask)
    {
        mask = 0;
        long value = 0;
        bool ok;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            ok = long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        else if (text.Length > 1 && text[0] == '0')
        {
            ok = true;
            foreach (var c in text)
            {
                if (c is < '0' or > '7' || value > AllModeBits) { ok = false; break; }
                value = value * 8 + (c - '0');
            }
        }
        else ok = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok || value < 0 || (value & ~AllModeBits) != 0) return false;
        mask = (int)value;
        return true;
    }
}
