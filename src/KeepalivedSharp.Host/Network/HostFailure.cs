using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Host.Network;

/// <summary>One host operation that failed for good (after its retries), for whoever must react (ENODEV: the interface is gone).</summary>
/// <param name="InterfaceIndex">The interface the object was on, when it has one (addresses).</param>
public sealed record HostFailure(string Owner, string Operation, int? InterfaceIndex, LinuxNativeException Error);
