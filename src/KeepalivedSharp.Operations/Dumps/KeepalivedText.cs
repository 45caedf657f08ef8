using System.Globalization;
using System.Net.Sockets;
using System.Text;
using KeepalivedSharp.Config;
using KeepalivedSharp.Config.Syntax;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Settings;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Operations.Dumps;

/// <summary>Pieces of text keepalived 2.2.7 prints the same way in its data and JSON dumps.</summary>
public static class KeepalivedText
{
    /// <summary>keepalived's VRRP_STATE_* numbers (vrrp.h): INIT 0, BACKUP 1, MASTER 2, FAULT 3, DELETED 97, STOP 98.</summary>
    public static int StateNumber(VrrpState state) => state switch
    {
        VrrpState.Init => 0,
        VrrpState.Backup => 1,
        VrrpState.Master => 2,
        VrrpState.Fault => 3,
        VrrpState.Deleted => 97,
        VrrpState.Stop => 98,
        _ => 0,
    };

    /// <summary>keepalived's auth_data as text: the octets the engine sends, up to the first zero (VRRP_AUTH_LEN 8).</summary>
    public static string AuthData(VrrpAuthData data)
    {
        Span<byte> octets = stackalloc byte[VrrpAuthData.Length];
        data.CopyTo(octets);
        var end = octets.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? octets : octets[..end]);
    }

    /// <summary>ipaddresstos(): the address, with /len unless a host length (32 or 128).</summary>
    public static string Address(VirtualAddress a)
    {
        var host = a.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        return a.PrefixLength == host ? a.Address.ToString() : string.Create(CultureInfo.InvariantCulture, $"{a.Address}/{a.PrefixLength}");
    }

    /// <summary>format_ipaddress() (vrrp_ipaddress.c): "10.0.0.1/24 dev eth0 scope global set".</summary>
    public static string FormatAddress(EffectiveAddress effective, bool set)
    {
        var a = effective.Config;
        var b = new StringBuilder(Address(a));
        var v6 = a.Address.AddressFamily == AddressFamily.InterNetworkV6;
        if (!v6 && a.Broadcast is { } brd) b.Append(" brd ").Append(brd);
        b.Append(" dev ").Append(effective.Device ?? "(null)");
        if (a.UseVmac) b.Append(" use_vmac");
        b.Append(" scope ").Append(IpRouteWords.ScopeName(effective.Scope));
        if (a.Label is { } label) b.Append(" label ").Append(label);
        if (a.Peer is { } peer) b.Append(" peer ").Append(peer).Append('/').Append(a.PrefixLength.ToString(CultureInfo.InvariantCulture));
        if (a.Home) b.Append(" home");
        if (a.NoDad) b.Append(" -nodad");
        if (a.OtherOptions.Contains("mngtmpaddr")) b.Append(" mngtmpaddr");
        if (a.NoPrefixRoute) b.Append(" noprefixroute");
        if (a.OtherOptions.Contains("autojoin")) b.Append(" autojoin");
        if (a.NoTrack) b.Append(" no_track");
        if (v6) b.Append(" preferred_lft forever");
        if (set) b.Append(" set");
        return b.ToString();
    }

    /// <summary>A route as written after its destination (keepalived prints it back the same way).</summary>
    public static string FormatRoute(VirtualRoute r) => string.Join(' ', r.Words);

    /// <summary>A rule as written.</summary>
    public static string FormatRule(VirtualRule r) => string.Join(' ', r.Words);

    /// <summary>cmd_str() (lib/notify.c): every word in single quotes, except a first word starting with &lt; or &gt;.</summary>
    public static string Command(string line)
    {
        if (!ScriptWords.TrySplit(line, out var argv, out _)) return "'" + line + "'";
        var b = new StringBuilder();
        for (int i = 0; i < argv.Length; i++)
        {
            if (i > 0) b.Append(' ');
            var quote = i > 0 || argv[i].Length == 0 || (argv[i][0] != '<' && argv[i][0] != '>');
            if (quote) b.Append('\'');
            b.Append(argv[i]);
            if (quote) b.Append('\'');
        }
        return b.ToString();
    }

    /// <summary>ctime_us_r(): "Tue Nov 24 23:49:31.240662 2026" in local time.</summary>
    public static string CTimeMicro(DateTimeOffset at)
    {
        var local = at.ToLocalTime();
        var micro = (local.Ticks / 10) % 1_000_000;
        return string.Create(CultureInfo.InvariantCulture,
            $"{local:ddd MMM} {local.Day,2} {local:HH:mm:ss}.{micro:D6} {local.Year}");
    }

    /// <summary>"%ld.%6.6ld" of a wall-clock time: seconds since the epoch with six decimals.</summary>
    public static string EpochMicro(DateTimeOffset at)
    {
        var micros = (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        return string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000_000}.{micros % 1_000_000:D6}");
    }

    /// <summary>C's %g (six significant digits, no trailing zeros).</summary>
    public static string G(double value) => value.ToString("G6", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    /// <summary>conf_write(): one line.</summary>
    internal static void Line(StringBuilder w, string line) => w.Append(line).Append('\n');

    internal static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static string TrueFalse(bool value) => value ? "true" : "false";
}
