using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;
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
/// The daemon's sockets are read by one thread each; the simulator calls <see cref="Accept"/> itself.
/// Nothing thrown by a bad packet leaves the receive loop.
/// </summary>
public sealed class VrrpTransport : IVrrpTransport
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
    private readonly Func<SocketKey, IVrrpSocket> _open;
    private readonly bool _threads;
    private readonly ILogger _log;
    private readonly LogRateLimiter _limiter;
    private volatile FrozenDictionary<(SocketKey, byte), string> _instanceOf = FrozenDictionary<(SocketKey, byte), string>.Empty;
    private Action<ReceivedAdvert>? _deliver;
    private volatile bool _stopping;
    [ThreadStatic] private static byte[]? t_sendBuffer;

    /// <param name="open">Opens one socket.</param>
    /// <param name="receiveThreads">Read each socket on its own thread (the daemon); false when the caller pushes datagrams through <see cref="Accept"/>.</param>
    public VrrpTransport(IEnumerable<InstancePlan> plans, Func<SocketKey, IVrrpSocket> open, ILogger log, LogRateLimiter limiter, bool receiveThreads = true)
    {
        _log = log;
        _limiter = limiter;
        _open = open;
        _threads = receiveThreads;
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
        if (!_threads || _deliver is null) return;
        e.Receiver = new Thread(() => ReceiveLoop(e))
        {
            IsBackground = true,
            Name = $"vrrp-rx {e.InterfaceName}/{(e.Key.Family == AddressFamily.InterNetworkV6 ? "v6" : "v4")}",
            Priority = ThreadPriority.AboveNormal,
        };
        e.Receiver.Start();
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
            e.Stopping = true;
            e.Receiver?.Join(TimeSpan.FromSeconds(2));
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
            var group = key.Family == AddressFamily.InterNetworkV6 ? VrrpSocketOptions.GroupV6 : VrrpSocketOptions.GroupV4;
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
                entry.Socket.Send(buffer.AsSpan(0, n), peer);
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
            ? VrrpParser.ParseIPv6(data, d.Source, d.Destination ?? VrrpSocketOptions.GroupV6, d.TtlOrHopLimit ?? -1, options)
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
        deliver(new ReceivedAdvert(e.InterfaceName, result.Source ?? d.Source, multicast, advert));
        return true;
    }

    private void ReceiveLoop(Entry e)
    {
        var buffer = new byte[4096];
        while (!_stopping && !e.Stopping)
        {
            try
            {
                if (!e.Socket.TryReceive(buffer, 200, out var d)) continue;
                Accept(e, buffer.AsSpan(0, d.Length), d);
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
