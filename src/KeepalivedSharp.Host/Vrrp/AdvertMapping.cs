using System.Collections.Immutable;
using System.Net;
using System.Runtime.InteropServices;
using System.Net.Sockets;
using KeepalivedSharp.Core.Timing;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Host.Vrrp;

/// <summary>Between the wire codec's packet and the engine's advertisement.</summary>
public static class AdvertMapping
{
    public static VrrpPacket ToPacket(Advertisement a)
    {
        var addresses = a.Addresses.IsDefault ? [] : a.Addresses;
        if (a.Version == 3)
            return VrrpPacket.CreateV3(a.VirtualRouterId, (byte)a.Priority, (ushort)VrrpTimers.ToWireInterval(3, a.Interval), addresses);
        return VrrpPacket.CreateV2(a.VirtualRouterId, (byte)a.Priority, (byte)VrrpTimers.ToWireInterval(2, a.Interval), addresses,
            a.AuthType, a.AuthType == VrrpAuthType.None ? VrrpAuthData.Empty : a.AuthData);
    }

    public static Advertisement ToAdvertisement(in VrrpPacket p, AddressFamily family) => new()
    {
        Version = p.Version,
        VirtualRouterId = p.VirtualRouterId,
        Priority = p.Priority,
        Interval = VrrpTimers.FromWireInterval(p.Version, p.AdvertIntervalRaw),
        Family = family,
        AuthType = p.AuthType,
        AuthData = p.AuthData,
        // The parser hands over a fresh array: wrap it instead of copying.
        Addresses = p.Addresses is IPAddress[] fresh ? ImmutableCollectionsMarshal.AsImmutableArray(fresh) : [.. p.Addresses],
    };
}
