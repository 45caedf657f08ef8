namespace KeepalivedSharp.Host.Planning;

/// <summary>
/// The link a plan was resolved against: its interface's name and ifindex at planning time.
/// A link of that name with another index is a re-created one (veth, VLAN, bond, macvlan): the
/// plan's sockets, multicast membership and address targets are stale until re-planned.
/// </summary>
public readonly record struct HostBinding(string Interface, int Index);
