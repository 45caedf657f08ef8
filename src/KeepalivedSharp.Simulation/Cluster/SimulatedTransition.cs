using System.Collections.Immutable;
using System.Globalization;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Simulation.Cluster;

/// <summary>One state change seen in a simulation.</summary>
public sealed record SimulatedTransition(TimeSpan Time, string Node, string Instance, VrrpState From, VrrpState To, int Priority, TransitionReason Reason)
{
    /// <summary><c>t=8.648 n2 VI_1 BACKUP -> MASTER prio=90</c></summary>
    public string ToText()
        => string.Create(CultureInfo.InvariantCulture, $"t={Seconds(Time)} {Node} {Instance} {From.ToKeepalived()} -> {To.ToKeepalived()} prio={Priority}");

    /// <summary><c>{"t":8.648,"node":"n2","instance":"VI_1","from":"BACKUP","to":"MASTER","priority":90}</c></summary>
    public string ToJson()
        => string.Create(CultureInfo.InvariantCulture,
            $"{{\"t\":{Seconds(Time)},\"node\":{Json.Quote(Node)},\"instance\":{Json.Quote(Instance)},\"from\":\"{From.ToKeepalived()}\",\"to\":\"{To.ToKeepalived()}\",\"priority\":{Priority},\"reason\":\"{Reason}\"}}");

    internal static string Seconds(TimeSpan t) => (Math.Round(t.TotalMilliseconds) / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
}

/// <summary>Who holds an instance's virtual addresses at a point in time.</summary>
public sealed record VipHolding(TimeSpan Time, string Instance, byte VirtualRouterId, AddressFamily Family, ImmutableArray<string> Holders)
{
    public string ToText()
        => string.Create(CultureInfo.InvariantCulture,
            $"t={SimulatedTransition.Seconds(Time)} holder {Instance} vrid={VirtualRouterId}{(Family == AddressFamily.InterNetworkV6 ? " ipv6" : "")}: {(Holders.IsEmpty ? "none" : string.Join(' ', Holders))}");

    public string ToJson()
        => string.Create(CultureInfo.InvariantCulture,
            $"{{\"t\":{SimulatedTransition.Seconds(Time)},\"instance\":{Json.Quote(Instance)},\"vrid\":{VirtualRouterId},\"family\":\"{(Family == AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4")}\",\"holders\":[{string.Join(',', Holders.Select(Json.Quote))}]}}");
}

internal static class Json
{
    public static string Quote(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                default:
                    if (c < 0x20) sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
