using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Core.Vrrp;

/// <summary>
/// The meaning of one VRRP advertisement, independent of its encoding. Received adverts have
/// passed the structural checks of the wire codec (TTL, length, version, type, checksum).
/// </summary>
public sealed record Advertisement
{
    public required int Version { get; init; }
    public required byte VirtualRouterId { get; init; }
    public required int Priority { get; init; }
    /// <summary>Advertisement interval (v2 whole seconds, v3 centiseconds on the wire).</summary>
    public required TimeSpan Interval { get; init; }
    public AddressFamily Family { get; init; } = AddressFamily.InterNetwork;
    public VrrpAuthType AuthType { get; init; }
    /// <summary>The 8 authentication octets of a v2 advert, by value.</summary>
    public VrrpAuthData AuthData { get; init; }
    public ImmutableArray<IPAddress> Addresses { get; init; } = [];
}

/// <summary>An advertisement as received: who sent it, on which interface, to which kind of destination.</summary>
/// <param name="Ttl">The IPv4 TTL or IPv6 hop limit it arrived with, -1 when unknown.</param>
public sealed record ReceivedAdvert(string Interface, IPAddress Source, bool Multicast, Advertisement Advert, int Ttl = -1);
