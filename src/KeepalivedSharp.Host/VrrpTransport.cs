using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Linux.Vrrp;
using KeepalivedSharp.Wire.Vrrp;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host;

/// <summary>
/// The VRRP sockets, one per <see cref="SocketKey"/>, each with a receive thread that checks the
/// structure of every datagram (the wire codec's stage one), counts and logs rejects at a limited
/// rate, and hands good adverts to the event loop. Nothing thrown by a bad packet leaves the loop.
/// </summary>
public sealed class VrrpTransport : IDisposable
{
    private sealed class Entry(SocketKey key, string interfaceName, IVrrpSocket socket)
    {
        public SocketKey Key { get; } = key;
        public string InterfaceName { get; } = interfaceName;
        public IVrrpSocket Socket { get; } = socket;
        public ParseErrorCounters Errors { get; } = new();
        public Thread? Receiver { get; set; }
        public volatile bool Stopping;
    }

    private readonly Dictionary<SocketKey, Entry> _sockets = [];
    private readonly ILogger _log;
    private readonly LogRateLimiter _limiter;
    private volatile bool _stopping;
    [ThreadStatic] private static byte[]? t_sendBuffer;

    public VrrpTransport(IEnumerable<InstancePlan> plans, Func<SocketKey, IVrrpSocket> open, ILogger log, LogRateLimiter limiter)
    {
        _log = log;
        _limiter = limiter;
        _open = open;
        try
        {
            foreach (var p in plans)
            {
                if (!_sockets.ContainsKey(p.Socket))
                    _sockets[p.Socket] = new Entry(p.Socket, p.Interface, open(p.Socket));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Structural rejects per socket, for status and the stats dump.</summary>
    public IEnumerable<(string Interface, AddressFamily Family, ParseErrorCounters Errors)> Counters
        => _sockets.Values.Select(e => (e.InterfaceName, e.Key.Family, e.Errors));

    private Action<ReceivedAdvert>? _deliver;
    private Func<SocketKey, IVrrpSocket>? _open;

    public void StartReceiving(Action<ReceivedAdvert> deliver)
    {
        _deliver = deliver;
        foreach (var e in _sockets.Values) StartReceiver(e);
    }

    private void StartReceiver(Entry e)
    {
        var deliver = _deliver!;
        e.Receiver = new Thread(() => ReceiveLoop(e, deliver))
        {
            IsBackground = true,
            Name = $"vrrp-rx {e.InterfaceName}/{(e.Key.Family == AddressFamily.InterNetworkV6 ? "v6" : "v4")}",
            Priority = ThreadPriority.AboveNormal,
        };
        e.Receiver.Start();
    }

    /// <summary>Reload: opens (and starts receiving on) sockets the new plans need; returns the keys no plan uses any more.</summary>
    public IReadOnlyList<SocketKey> Open(IEnumerable<InstancePlan> plans)
    {
        var wanted = new HashSet<SocketKey>();
        foreach (var p in plans)
        {
            wanted.Add(p.Socket);
            if (_sockets.ContainsKey(p.Socket)) continue;
            var e = new Entry(p.Socket, p.Interface, _open!(p.Socket));
            _sockets[p.Socket] = e;
            if (_deliver is not null) StartReceiver(e);
        }
        return [.. _sockets.Keys.Where(k => !wanted.Contains(k))];
    }

    /// <summary>Closes sockets that are no longer used.</summary>
    public void Close(IEnumerable<SocketKey> keys)
    {
        foreach (var k in keys)
        {
            if (!_sockets.Remove(k, out var e)) continue;
            e.Stopping = true;
            e.Receiver?.Join(TimeSpan.FromSeconds(2));
            e.Socket.Dispose();
        }
    }

    /// <summary>Encodes and sends one advert to the group or to every unicast peer.</summary>
    public void Send(SocketKey key, SendAdvert send)
    {
        var entry = _sockets[key];
        var packet = AdvertMapping.ToPacket(send.Advert);
        var buffer = t_sendBuffer ??= new byte[2048];
        if (send.UnicastPeers.IsDefaultOrEmpty)
        {
            var group = key.Family == AddressFamily.InterNetworkV6 ? VrrpSocketOptions.GroupV6 : VrrpSocketOptions.GroupV4;
            int n = VrrpWriter.WriteMessage(buffer, packet, send.Source, group);
            entry.Socket.Send(buffer.AsSpan(0, n), group);
            return;
        }
        foreach (var peer in send.UnicastPeers)
        {
            int n = VrrpWriter.WriteMessage(buffer, packet, send.Source, peer);
            entry.Socket.Send(buffer.AsSpan(0, n), peer);
        }
    }

    private void ReceiveLoop(Entry e, Action<ReceivedAdvert> deliver)
    {
        var buffer = new byte[4096];
        var options = e.Key.Unicast ? VrrpReceiveOptions.Unicast : VrrpReceiveOptions.Multicast;
        while (!_stopping && !e.Stopping)
        {
            try
            {
                if (!e.Socket.TryReceive(buffer, 200, out var d)) continue;
                var data = buffer.AsSpan(0, d.Length);
                var result = e.Key.Family == AddressFamily.InterNetworkV6
                    ? VrrpParser.ParseIPv6(data, d.Source, d.Destination ?? VrrpSocketOptions.GroupV6, d.TtlOrHopLimit ?? -1, options)
                    : VrrpParser.ParseIPv4(data, options);
                if (d.Truncated || !e.Errors.Record(result))
                {
                    var reason = d.Truncated ? "truncated datagram" : result.Error.ToString();
                    if (_limiter.TryAcquire($"bad:{e.InterfaceName}:{reason}", out var suppressed))
                    {
                        if (suppressed > 0) DaemonLog.Suppressed(_log, suppressed);
                        DaemonLog.BadPacket(_log, e.InterfaceName, d.Source.ToString(), reason);
                    }
                    continue;
                }
                var destination = result.Destination ?? d.Destination;
                bool multicast = destination is not null && IsMulticast(destination);
                var advert = AdvertMapping.ToAdvertisement(result.Packet, e.Key.Family);
                deliver(new ReceivedAdvert(e.InterfaceName, result.Source ?? d.Source, multicast, advert));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Never let one packet or one socket error end the receive loop.
                if (_stopping || e.Stopping) break;
                if (_limiter.TryAcquire($"rx:{e.InterfaceName}", out _)) DaemonLog.ReceiveFailed(_log, e.InterfaceName, ex.Message);
                Thread.Sleep(10);
            }
        }
    }

    private static bool IsMulticast(IPAddress a)
    {
        if (a.AddressFamily == AddressFamily.InterNetworkV6) return a.IsIPv6Multicast;
        Span<byte> b = stackalloc byte[4];
        a.TryWriteBytes(b, out _);
        return b[0] is >= 224 and <= 239;
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var e in _sockets.Values) e.Receiver?.Join(TimeSpan.FromSeconds(2));
        foreach (var e in _sockets.Values) e.Socket.Dispose();
        _sockets.Clear();
    }
}
