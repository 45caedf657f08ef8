using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Bench.Engine.ReceivePath;

/// <summary>
/// The step between the wire codec and the engine that a receive loop performs: a structurally
/// valid <see cref="VrrpPacket"/> becomes a <see cref="ReceivedAdvert"/>. The parser's fresh address
/// array is handed over without a copy.
/// </summary>
public static class AdvertMapping
{
    public static ReceivedAdvert ToReceived(in VrrpParseResult parsed, string iface)
    {
        var p = parsed.Packet;
        var source = parsed.Source!;
        var advert = new Advertisement
        {
            Version = p.Version,
            VirtualRouterId = p.VirtualRouterId,
            Priority = p.Priority,
            // v2 carries whole seconds, v3 centiseconds (RFC 3768 §5.3.7, RFC 5798 §5.2.7).
            Interval = TimeSpan.FromTicks(p.AdvertIntervalCentiseconds * (TimeSpan.TicksPerMillisecond * 10)),
            Family = source.AddressFamily,
            AuthType = (AuthenticationType)p.AuthType,
            AuthData = p.Version == 2 ? ImmutableCollectionsMarshal.AsImmutableArray(p.AuthData.ToArray()) : [],
            Addresses = p.Addresses is IPAddress[] array ? ImmutableCollectionsMarshal.AsImmutableArray(array) : [.. p.Addresses],
        };
        return new ReceivedAdvert(iface, source, IsMulticast(parsed.Destination!), advert);
    }

    private static bool IsMulticast(IPAddress destination)
    {
        if (destination.AddressFamily == AddressFamily.InterNetworkV6) return destination.IsIPv6Multicast;
        Span<byte> octets = stackalloc byte[4];
        destination.TryWriteBytes(octets, out _);
        return octets[0] is >= 224 and <= 239; // RFC 5771: 224.0.0.0/4
    }

}
