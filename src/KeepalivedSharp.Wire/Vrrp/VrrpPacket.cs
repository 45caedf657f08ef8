using System.Net;

namespace KeepalivedSharp.Wire.Vrrp;

/// <summary>
/// One VRRP message (RFC 3768 5.1 for version 2, RFC 5798 5.1 for version 3). Equality compares
/// the address lists element by element.
/// </summary>
/// <param name="AdvertIntervalRaw">The wire field: whole seconds (v2, 8 bits) or centiseconds (v3, 12 bits).</param>
/// <param name="AuthType">v2 only; always <see cref="VrrpAuthType.None"/> for v3.</param>
/// <param name="AuthData">v2 over IPv4 only: the 8 octets after the addresses.</param>
/// <param name="Checksum">As received; ignored when building (the writer computes it).</param>
public readonly record struct VrrpPacket(
    byte Version,
    byte Type,
    byte VirtualRouterId,
    byte Priority,
    ushort AdvertIntervalRaw,
    VrrpAuthType AuthType,
    VrrpAuthData AuthData,
    IReadOnlyList<IPAddress> Addresses,
    ushort Checksum = 0)
{
    public const byte TypeAdvertisement = 1;

    /// <summary>The advert interval in centiseconds for either version.</summary>
    public int AdvertIntervalCentiseconds => Version == 2 ? AdvertIntervalRaw * 100 : AdvertIntervalRaw;

    public static VrrpPacket CreateV2(byte virtualRouterId, byte priority, byte advertIntervalSeconds, IReadOnlyList<IPAddress> addresses,
        VrrpAuthType authType = VrrpAuthType.None, VrrpAuthData authData = default)
        => new(2, TypeAdvertisement, virtualRouterId, priority, advertIntervalSeconds, authType, authData, addresses);

    /// <summary>A v3 advert; the interval keeps its low 12 bits as keepalived does.</summary>
    public static VrrpPacket CreateV3(byte virtualRouterId, byte priority, ushort advertIntervalCentiseconds, IReadOnlyList<IPAddress> addresses)
        => new(3, TypeAdvertisement, virtualRouterId, priority, (ushort)(advertIntervalCentiseconds & 0x0fff), VrrpAuthType.None, default, addresses);

    public bool Equals(VrrpPacket other)
        => Version == other.Version && Type == other.Type && VirtualRouterId == other.VirtualRouterId
           && Priority == other.Priority && AdvertIntervalRaw == other.AdvertIntervalRaw && AuthType == other.AuthType
           && AuthData == other.AuthData && Checksum == other.Checksum
           && (Addresses ?? []).SequenceEqual(other.Addresses ?? []);

    public override int GetHashCode()
        => HashCode.Combine(Version, VirtualRouterId, Priority, AdvertIntervalRaw, AuthData, Checksum, Addresses?.Count ?? 0);
}
