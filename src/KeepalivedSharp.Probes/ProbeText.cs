using System.Globalization;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Probes;

/// <summary>keepalived's service trio <c>[addr]:proto:port</c> (utils.c inet_sockaddrtotrio) for outcome details.</summary>
internal static class ProbeText
{
    public static string Trio(DestinationKey rs, string proto) =>
        string.Create(CultureInfo.InvariantCulture, $"[{rs.Address}]:{proto}:{rs.Port}");
}
