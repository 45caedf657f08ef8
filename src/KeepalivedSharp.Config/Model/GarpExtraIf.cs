namespace KeepalivedSharp.Config;

/// <summary>
/// garp_extra_if / vrrp_garp_extra_if: a MASTER sends one gratuitous ARP (or NA) every
/// <see cref="Interval"/> seconds on each VMAC other than the one it advertises on, and with
/// <see cref="AllInterfaces"/> on every other interface that holds one of its addresses
/// (vrrp.c vrrp_send_vmac_update). Interval null: not written.
/// </summary>
public sealed record GarpExtraIf(int? Interval, bool AllInterfaces)
{
    /// <summary>keepalived's global default (global_data.c): 0 s, VMACs only.</summary>
    public static GarpExtraIf GlobalDefault { get; } = new(0, false);

    /// <summary>An instance's as written, before the global one applies.</summary>
    public static GarpExtraIf Unset { get; } = new(null, false);

    /// <summary>vrrp.c vrrp_complete_instance: an instance without a time takes the global time, and the global `all` too.</summary>
    public GarpExtraIf Over(GarpExtraIf global)
        => Interval is null ? new(global.Interval ?? 0, AllInterfaces || global.AllInterfaces) : this;
}
