using System.Net;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Core.Vrrp;

/// <summary>
/// Stage two of validation: what an advert means for one instance (keepalived's vrrp_check_packet
/// after the structural checks). Pure; the caller counts and reports the reason.
/// </summary>
public static class AdvertCheck
{
    public readonly record struct Outcome(DropReason? Reason, string Detail)
    {
        public bool Accepted => Reason is null;
    }

    private static readonly Outcome Ok = new(null, "");

    /// <param name="checkAddresses">keepalived's check_vip_addr: false skips the address count, the
    /// addresses and the unicast source (skip_check_adv_addr with an advert from the master last heard).</param>
    public static Outcome Check(InstanceSettings s, ReceivedAdvert rx, bool checkAddresses = true)
    {
        var a = rx.Advert;
        if (a.Version != s.Version)
            return new(DropReason.VersionMismatch, $"version {a.Version}, expected {s.Version}");

        if (s.Version == 2)
        {
            // RFC 3768 §7.1: the authentication type must match the local one.
            if (a.AuthType != s.AuthType)
                return new(DropReason.AuthTypeMismatch, $"auth type {(int)a.AuthType}, expected {(int)s.AuthType}");
            if (s.AuthType == VrrpAuthType.Password && !a.AuthData.FixedTimeEquals(s.AuthData))
                return new(DropReason.AuthFailure, "PASS authentication failed");
            // RFC 3768 §7.1: MUST discard an advert whose interval differs from ours.
            if (a.Interval != s.AdvertInterval)
                return new(DropReason.IntervalMismatch, $"advert interval {a.Interval.TotalSeconds:0.##}s, ours {s.AdvertInterval.TotalSeconds:0.##}s");
        }

        if (rx.Multicast == s.IsUnicast)
            return new(DropReason.UnexpectedDestinationKind, $"expected {(s.IsUnicast ? "unicast" : "multicast")} advert");

        if (!checkAddresses) return Ok;

        // keepalived drops an advert whose address list differs from ours (counted as addr_list_err).
        if (a.Addresses.Length != s.VirtualAddresses.Length)
            return new(DropReason.AddressListMismatch, $"{a.Addresses.Length} addresses, expected {s.VirtualAddresses.Length}");
        foreach (var vip in s.VirtualAddresses)
        {
            if (!a.Addresses.Contains(vip))
                return new(DropReason.AddressListMismatch, $"address {vip} missing from advert");
        }

        if (s.IsUnicast && s.CheckUnicastSource && !s.UnicastPeers.Contains(rx.Source))
            return new(DropReason.UnicastSourceNotPeer, $"source {rx.Source} is not a unicast_peer");

        // keepalived checks a unicast peer's TTL range only here, after its source check (counted as ip_ttl_err).
        if (s.IsUnicast && rx.Ttl >= 0)
            foreach (var r in s.PeerTtlRanges)
                if (r.Peer.Equals(rx.Source) && !r.Contains(rx.Ttl))
                    return new(DropReason.TtlOutOfRange, $"TTL/HL {rx.Ttl} not in range {r.Min} - {r.Max}");

        return Ok;
    }

    /// <summary>
    /// Compares two addresses as unsigned numbers (RFC 5798 §6.4.3: on equal priority the higher
    /// primary address wins). Returns &lt;0, 0 or &gt;0.
    /// </summary>
    public static int CompareAddresses(IPAddress a, IPAddress b)
    {
        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, out int lx);
        b.TryWriteBytes(y, out int ly);
        if (lx != ly) return lx.CompareTo(ly);
        return x[..lx].SequenceCompareTo(y[..ly]);
    }
}
