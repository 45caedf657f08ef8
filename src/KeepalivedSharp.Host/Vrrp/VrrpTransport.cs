using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Loop;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Linux.Vrrp;
using KeepalivedSharp.Notify.Logging;
using KeepalivedSharp.Wire.Vrrp;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Vrrp;

/// <summary>
/// The VRRP sockets, one per <see cref="SocketKey"/>. Every datagram goes through
/// <see cref="Accept"/>: the codec's structural check, rejects counted per socket and against the
/// instance the VRID names and logged at a limited rate, then the mapping to the engine's advert.
/// The daemon's sockets are read on the event loop's thread when epoll says they are readable, at
/// most <see cref="BurstPerSocket"/> datagrams per socket per wake-up (bounded work, as keepalived
/// reads what is there and returns to its scheduler); the simulator calls <see cref="Accept"/>
/// itself. Nothing thrown by a bad packet leaves the receive path.
/// </summary>
public sealed class VrrpTransport : IVrrpTransport
{
    private sealed class Entry(SocketKey key, string interfaceName, IVrrpSocket socket)
    {
        public SocketKey Key { get; } = key;
        public string InterfaceName { get; } = interfaceName;
        public IVrrpSocket Socket { get; } = socket;
        public ParseErrorCounters Errors { get; } = new();
        public bool Watched { get; set; }
    }

    /// <summary>Datagrams read from one socket per wake-up at most; the rest waits for the next pass.</summary>
    public const int BurstPerSocket = 32;

    private readonly Dictionary<SocketKey, Entry> _sockets = [];
    private readonly Func<SocketKey, IVrrpSocket> _open;
    private readonly IReadiness? _readiness;
    private readonly byte[] _receiveBuffer = new byte[4096];
    private readonly ILogger _log;
    private readonly LogRateLimiter _limiter;
    private volatile FrozenDictionary<(SocketKey, byte), string> _instanceOf = FrozenDictionary<(SocketKey, byte), string>.Empty;
    private Action<ReceivedAdvert>? _deliver;
    [ThreadStatic] private static byte[]? t_sendBuffer;

    /// <param name="open">Opens one socket.</param>
    /// <param name="readiness">The loop that reads the sockets when they are readable (the daemon); null when the caller pushes datagrams through <see cref="Accept"/>.</param>
    public VrrpTransport(IEnumerable<InstancePlan> plans, Func<SocketKey, IVrrpSocket> open, ILogger log, LogRateLimiter limiter, IReadiness? readiness = null)
    {
        _log = log;
        _limiter = limiter;
        _open = open;
        _readiness = readiness;
        try
        {
            Open(plans);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public WireCounters Counters { get; } = new();

    /// <summary>Structural rejects per socket, for status and the stats dump.</summary>
    public IEnumerable<(string Interface, AddressFamily Family, ParseErrorCounters Errors)> SocketCounters
        => _sockets.Values.Select(e => (e.InterfaceName, e.Key.Family, e.Errors));

    public void StartReceiving(Action<ReceivedAdvert> deliver)
    {
        _deliver = deliver;
        foreach (var e in _sockets.Values) StartReceiver(e);
    }

    private void StartReceiver(Entry e)
    {
        if (_readiness is null || _deliver is null || e.Watched || e.Socket.ReceiveDescriptor < 0) return;
        _readiness.Watch(e.Socket.ReceiveDescriptor, () => Drain(e));
        e.Watched = true;
    }

    private void StopReceiver(Entry e)
    {
        if (!e.Watched) return;
        e.Watched = false;
        _readiness!.Unwatch(e.Socket.ReceiveDescriptor);
    }

    public IReadOnlyList<SocketKey> Open(IEnumerable<InstancePlan> plans)
    {
        var wanted = new HashSet<SocketKey>();
        var instanceOf = new Dictionary<(SocketKey, byte), string>();
        foreach (var p in plans)
        {
            wanted.Add(p.Socket);
            instanceOf.TryAdd((p.Socket, p.VirtualRouterId), p.Name);
            if (_sockets.ContainsKey(p.Socket)) continue;
            var e = new Entry(p.Socket, p.Interface, _open(p.Socket));
            _sockets[p.Socket] = e;
            StartReceiver(e);
        }
        _instanceOf = instanceOf.ToFrozenDictionary();
        return [.. _sockets.Keys.Where(k => !wanted.Contains(k))];
    }

    public void Close(IEnumerable<SocketKey> keys)
    {
        foreach (var k in keys)
        {
            if (!_sockets.Remove(k, out var e)) continue;
            StopReceiver(e);
            e.Socket.Dispose();
        }
    }

    public void Send(SocketKey key, SendAdvert send)
    {
        var entry = _sockets[key];
        var packet = AdvertMapping.ToPacket(send.Advert);
        var buffer = t_sendBuffer ??= new byte[2048];
        if (send.UnicastPeers.IsDefaultOrEmpty)
        {
            var group = key.Group ?? VrrpSocketOptions.DefaultGroup(key.Family);
            int n = VrrpWriter.WriteMessage(buffer, packet, send.Source, group);
            entry.Socket.Send(buffer.AsSpan(0, n), group);
            return;
        }
        // One unreachable peer must not starve the others (keepalived tries each and logs each).
        Exception? first = null;
        foreach (var peer in send.UnicastPeers)
        {
            int n = VrrpWriter.WriteMessage(buffer, packet, send.Source, peer);
            try
            {
                entry.Socket.Send(buffer.AsSpan(0, n), peer, send.UnicastTtl);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                first ??= e;
            }
        }
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }

    /// <summary>
    /// One datagram received on <paramref name="key"/>'s socket: checked, counted, and when good
    /// handed to the loop. Returns whether it was good.
    /// </summary>
    public bool Accept(SocketKey key, ReadOnlySpan<byte> data, in VrrpDatagram d)
        => _sockets.TryGetValue(key, out var e) && Accept(e, data, d);

    // Receive threads come here with their own entry: the socket table may change under a reload.
    private bool Accept(Entry e, ReadOnlySpan<byte> data, in VrrpDatagram d)
    {
        if (_deliver is not { } deliver) return false;
        var key = e.Key;
        var options = key.Unicast ? VrrpReceiveOptions.Unicast : VrrpReceiveOptions.Multicast;
        var result = key.Family == AddressFamily.InterNetworkV6
            ? VrrpParser.ParseIPv6(data, d.Source, d.Destination ?? key.Group ?? VrrpSocketOptions.GroupV6, d.TtlOrHopLimit ?? -1, options)
            : VrrpParser.ParseIPv4(data, options);
        if (d.Truncated || !e.Errors.Record(result))
        {
            var error = d.Truncated ? VrrpParseError.Truncated : result.Error;
            if (d.Truncated) e.Errors.Increment(error);
            if (VrrpParser.TryPeekVirtualRouterId(data, key.Family, out var vrid) && _instanceOf.TryGetValue((key, vrid), out var instance))
                Counters.CountForInstance(instance, error);
            if (_limiter.TryAcquire($"bad:{e.InterfaceName}:{error}", out var suppressed))
            {
                if (suppressed > 0) DaemonLog.Suppressed(_log, suppressed);
                DaemonLog.BadPacket(_log, e.InterfaceName, d.Source.ToString(), d.Truncated ? "truncated datagram" : error.ToString());
            }
            return false;
        }
        var destination = result.Destination ?? d.Destination;
        bool multicast = destination is not null && IsMulticast(destination);
        var advert = AdvertMapping.ToAdvertisement(result.Packet, key.Family);
        deliver(new ReceivedAdvert(e.InterfaceName, result.Source ?? d.Source, multicast, advert, result.TtlOrHopLimit));
        return true;
    }

    // On the loop thread: what is waiting, up to a burst; the socket stays readable for the rest.
    private void Drain(Entry e)
    {
        if (!e.Watched) return;
        var buffer = _receiveBuffer;
        for (int i = 0; i < BurstPerSocket; i++)
        {
            try
            {
                if (!e.Socket.TryReceive(buffer, 0, out var d)) return;
                Accept(e, buffer.AsSpan(0, d.Length), d);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // One packet or one socket error must not end the receive path.
                if (_limiter.TryAcquire($"rx:{e.InterfaceName}", out _)) DaemonLog.ReceiveFailed(_log, e.InterfaceName, ex.Message);
                return;
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
        foreach (var e in _sockets.Values) StopReceiver(e);
        foreach (var e in _sockets.Values) e.Socket.Dispose();
        _sockets.Clear();
    }
}
