using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Linux.RtNetlink;

/// <summary>A change the kernel announced.</summary>
public abstract record HostEvent;

/// <summary>A link appeared or changed (Removed false) or was deleted (Removed true).</summary>
public sealed record LinkEvent(LinkInfo Link, bool Removed) : HostEvent;

/// <summary>An address was added (Removed false) or deleted (Removed true).</summary>
public sealed record AddressEvent(AddressInfo Address, bool Removed) : HostEvent;

/// <summary>The kernel dropped notifications (ENOBUFS): state must be re-read from scratch.</summary>
public sealed record ResyncNeeded : HostEvent;

/// <summary>Delivers link and address changes. Use from one dedicated thread: loop on <see cref="Poll"/>.</summary>
public interface ILinkMonitor : IDisposable
{
    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for one datagram and appends its events; returns how many.</summary>
    int Poll(int timeoutMilliseconds, ICollection<HostEvent> events);
}

/// <summary>Netlink multicast listener for RTMGRP_LINK, RTMGRP_IPV4_IFADDR and RTMGRP_IPV6_IFADDR.</summary>
public sealed class LinkMonitor : ILinkMonitor
{
    private readonly NetlinkSocket _socket;

    private LinkMonitor(NetlinkSocket socket) => _socket = socket;

    /// <summary>Subscribes in the caller's network namespace.</summary>
    public static LinkMonitor Open()
        => new(NetlinkSocket.Open(Interop.RTMGRP_LINK | Interop.RTMGRP_IPV4_IFADDR | Interop.RTMGRP_IPV6_IFADDR, receiveBufferSize: 1 << 20));

    public int Poll(int timeoutMilliseconds, ICollection<HostEvent> events)
    {
        int n;
        try
        {
            n = _socket.Receive(timeoutMilliseconds);
        }
        catch (Native.LinuxNativeException e) when (e.ErrorNumber == Native.Errno.ENOBUFS)
        {
            events.Add(new ResyncNeeded());
            return 1;
        }
        return n <= 0 ? 0 : Decode(_socket.Received(n), events);
    }

    /// <summary>Pure: turns one datagram of notifications into events.</summary>
    public static int Decode(ReadOnlySpan<byte> datagram, ICollection<HostEvent> events)
    {
        var count = 0;
        var reader = new NetlinkReader(datagram);
        while (reader.TryRead(out var m))
        {
            HostEvent? e = m.Header.Type switch
            {
                RtmType.RTM_NEWLINK or RtmType.RTM_DELLINK when RtNetlinkDecoder.TryDecodeLink(m.Payload, out var l)
                    => new LinkEvent(l, m.Header.Type == RtmType.RTM_DELLINK),
                RtmType.RTM_NEWADDR or RtmType.RTM_DELADDR when RtNetlinkDecoder.TryDecodeAddress(m.Payload, out var a)
                    => new AddressEvent(a, m.Header.Type == RtmType.RTM_DELADDR),
                _ => null,
            };
            if (e is null) continue;
            events.Add(e);
            count++;
        }
        return count;
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>
    /// A monitor thread's loop: polls (200 ms) until <paramref name="stopping"/>, hands each batch (empty on a timeout)
    /// to <paramref name="handle"/>; a failure goes to <paramref name="failed"/> and the loop carries on 100 ms later.
    /// </summary>
    public static void Run(ILinkMonitor monitor, Func<bool> stopping, Action<List<HostEvent>> handle, Action<Exception> failed)
    {
        var events = new List<HostEvent>();
        while (!stopping())
        {
            try
            {
                events.Clear();
                monitor.Poll(200, events);
                handle(events);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (stopping()) break;
                failed(ex);
                Thread.Sleep(100);
            }
        }
    }
}
