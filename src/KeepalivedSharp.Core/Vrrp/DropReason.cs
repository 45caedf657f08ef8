namespace KeepalivedSharp.Core.Vrrp;

/// <summary>Protocol-meaning rejections (stage two; the wire codec has its own structural reasons).</summary>
public enum DropReason
{
    UnknownVirtualRouter,
    VersionMismatch,
    AuthTypeMismatch,
    AuthFailure,
    IntervalMismatch,
    AddressListMismatch,
    UnicastSourceNotPeer,
    /// <summary>A unicast peer's advert outside its min_ttl/max_ttl.</summary>
    TtlOutOfRange,
    UnexpectedDestinationKind,
    OwnAdvert,
}
