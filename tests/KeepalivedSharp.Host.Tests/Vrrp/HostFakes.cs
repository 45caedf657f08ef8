using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Host.Vrrp;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Linux.Vrrp;

namespace KeepalivedSharp.Host.Tests.Vrrp;

/// <summary>In-memory ports that record what the host adapter asked for.</summary>
internal sealed class RecordingNetwork : IHostNetwork
{
    public List<(string Owner, HostObjects From, HostObjects To)> Moves { get; } = [];

    public void Move(string owner, HostObjects from, HostObjects to) => Moves.Add((owner, from, to));
}

internal sealed class RecordingAnnouncer : IAnnouncer
{
    public List<(string Instance, IPAddress Address)> Frames { get; } = [];

    public void Announce(InstancePlan plan, IPAddress address) => Frames.Add((plan.Name, address));

    public void Dispose()
    {
    }
}

internal sealed class RecordingSink : INotificationSink
{
    public List<Core.Vrrp.RunNotify> Requests { get; } = [];

    public List<Core.Vrrp.InstanceEvent> Events { get; } = [];

    public void Notify(Core.Vrrp.RunNotify request) => Requests.Add(request);

    public void Notify(Core.Vrrp.InstanceEvent notifyEvent) => Events.Add(notifyEvent);
}

/// <summary>A socket whose sends are recorded; nothing is ever received from it.</summary>
internal sealed class RecordingSocket(SocketKey key) : IVrrpSocket
{
    public List<(byte[] Message, IPAddress To)> Sent { get; } = [];
    public List<int?> HopLimits { get; } = [];

    public AddressFamily Family => key.Family;

    public int InterfaceIndex => key.InterfaceIndex;

    public void Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination, int? hopLimit = null)
    {
        Sent.Add((vrrpMessage.ToArray(), destination));
        HopLimits.Add(hopLimit);
    }

    public bool TryReceive(Span<byte> buffer, int timeoutMilliseconds, out VrrpDatagram datagram) => throw new NotSupportedException();

    public void Dispose()
    {
    }
}

internal static class Plans
{
    public static readonly IPAddress Source = IPAddress.Parse("10.0.0.1");
    public static readonly IPAddress Vip = IPAddress.Parse("10.0.0.100");

    public static InstanceSettings Settings(int priority = 100, byte vrid = 51) => new()
    {
        Name = "VI_1",
        Interface = "eth0",
        VirtualRouterId = vrid,
        Priority = priority,
        SourceAddress = Source,
        VirtualAddresses = [Vip],
    };

    public static InstancePlan Plan(byte vrid = 51, int index = 2) => new("VI_1", vrid, AddressFamily.InterNetwork, "eth0",
        new SocketKey(index, AddressFamily.InterNetwork, false, Source), new AnnounceTarget(index, [2, 0, 0, 0, 0, 1]),
        [new AddressSpec(Vip, 24, index)], [], [], null, new HostBinding("eth0", index));
}
