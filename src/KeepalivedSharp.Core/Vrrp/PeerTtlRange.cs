using System.Net;

namespace KeepalivedSharp.Core.Vrrp;

/// <summary>A unicast_peer's min_ttl/max_ttl: the TTL or hop limit its adverts must arrive with.</summary>
public readonly record struct PeerTtlRange(IPAddress Peer, int Min, int Max)
{
    public bool Contains(int ttl) => ttl >= Min && ttl <= Max;
}
