using System.Net;

namespace KeepalivedSharp.Wire.Vrrp;

/// <summary>
/// The outcome of a structural parse: a packet when <see cref="IsValid"/>, otherwise the reason.
/// Source, destination and TTL are filled in as far as parsing got.
/// </summary>
public readonly record struct VrrpParseResult(
    VrrpParseError Error,
    VrrpPacket Packet,
    IPAddress? Source,
    IPAddress? Destination,
    int TtlOrHopLimit,
    bool UsedOldUnicastChecksum = false)
{
    public bool IsValid => Error == VrrpParseError.None;

    internal static VrrpParseResult Fail(VrrpParseError error, IPAddress? source = null, IPAddress? destination = null, int ttl = -1)
        => new(error, default, source, destination, ttl);
}
