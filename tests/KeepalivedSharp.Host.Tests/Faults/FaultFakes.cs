using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Host.Tests.Vrrp;
using KeepalivedSharp.Host.Vrrp;
using KeepalivedSharp.Notify.Logging;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Linux.RtNetlink;
using KeepalivedSharp.Linux.Vrrp;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Tests.Faults;

/// <summary>
/// An in-memory address table whose kernel answers are scripted: each request takes the next errno
/// from its queue (0 or an empty queue: the request succeeds), as a netlink ACK carrying that error would.
/// </summary>
internal sealed class FaultyAddresses : IAddressManager, IRouteManager, IRuleManager
{
    public HashSet<AddressSpec> OnHost { get; } = [];
    public Queue<int> AddErrors { get; } = new();
    public Queue<int> RemoveErrors { get; } = new();
    public int AddAttempts { get; private set; }
    public int RemoveAttempts { get; private set; }

    /// <summary>Whether an ifindex exists: a request on one that does not is answered ENODEV.</summary>
    public Func<int, bool> LinkExists { get; set; } = _ => true;

    public void Add(AddressSpec address)
    {
        AddAttempts++;
        Fail(AddErrors, $"adding {address}");
        if (!LinkExists(address.InterfaceIndex)) throw new LinuxNativeException($"adding {address}", Errno.ENODEV);
        if (!OnHost.Add(address)) throw new LinuxNativeException($"adding {address}", Errno.EEXIST);
    }

    public void Remove(AddressSpec address)
    {
        RemoveAttempts++;
        Fail(RemoveErrors, $"removing {address}");
        if (!LinkExists(address.InterfaceIndex)) throw new LinuxNativeException($"removing {address}", Errno.ENODEV);
        if (!OnHost.Remove(address)) throw new LinuxNativeException($"removing {address}", Errno.EADDRNOTAVAIL);
    }

    private static void Fail(Queue<int> errors, string what)
    {
        if (errors.TryDequeue(out var errno) && errno != 0) throw new LinuxNativeException(what, errno);
    }

    public IReadOnlyList<AddressInfo> List(AddressFamily? family = null) => [];

    void IRouteManager.Add(RouteSpec route)
    {
    }

    void IRouteManager.Remove(RouteSpec route)
    {
    }

    void IRuleManager.Add(RuleSpec rule)
    {
    }

    void IRuleManager.Remove(RuleSpec rule)
    {
    }
}

/// <summary>A VRRP socket whose sendmsg fails while <see cref="Failing"/> says so (ENOBUFS, as a full qdisc answers), else records.</summary>
internal sealed class FaultySocket(SocketKey key) : IVrrpSocket
{
    public List<(byte[] Message, IPAddress To)> Sent { get; } = [];
    public Func<IPAddress, bool> Failing { get; set; } = _ => false;
    public int Refused { get; private set; }

    public AddressFamily Family => key.Family;

    public int InterfaceIndex => key.InterfaceIndex;

    public void Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination, int? hopLimit = null)
    {
        if (Failing(destination))
        {
            Refused++;
            throw new LinuxNativeException($"sending VRRP to {destination}", Errno.ENOBUFS);
        }
        Sent.Add((vrrpMessage.ToArray(), destination));
    }

    public bool TryReceive(Span<byte> buffer, int timeoutMilliseconds, out VrrpDatagram datagram) => throw new NotSupportedException();

    public void Dispose()
    {
    }
}

/// <summary>Records every log entry with its event id (thread-safe).</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<(int Id, string Text)> _entries = [];

    public IReadOnlyList<(int Id, string Text)> Entries
    {
        get
        {
            lock (_entries) return [.. _entries];
        }
    }

    public IEnumerable<string> WithId(int id) => Entries.Where(e => e.Id == id).Select(e => e.Text);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add((eventId.Id, formatter(state, exception)));
    }
}

/// <summary>
/// A clock whose wall time and monotonic time step independently, as on a real host: an NTP step or
/// `date -s` moves the first only; a stalled process (SIGSTOP, a paused VM) sees the second leap.
/// Otherwise both follow the real clock, so the event loop's real waits line up with its readings.
/// </summary>
internal sealed class SteppingClock : TimeProvider
{
    private long _monotonicOffset;
    private long _wallOffsetTicks;

    public void StepWall(TimeSpan by) => Interlocked.Add(ref _wallOffsetTicks, by.Ticks);

    public void StepMonotonic(TimeSpan by) => Interlocked.Add(ref _monotonicOffset, (long)(by.TotalSeconds * Stopwatch.Frequency));

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override long GetTimestamp() => Stopwatch.GetTimestamp() + Interlocked.Read(ref _monotonicOffset);

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _wallOffsetTicks));
}

/// <summary>The host adapter over the real transport and engine for one instance (<see cref="Plans.Plan"/>), with in-memory ports.</summary>
internal static class FaultHost
{
    public static (VrrpTransport Transport, VrrpHost Host) Create(InstanceSettings settings, IVrrpSocket socket, ILogger log, TimeProvider clock, IHostNetwork? network = null)
    {
        var plan = Plans.Plan();
        var limiter = new LogRateLimiter(clock);
        var transport = new VrrpTransport([plan], _ => socket, log, limiter);
        var host = new VrrpHost(new VrrpEngine([settings]), [plan], transport, network ?? new RecordingNetwork(), new RecordingAnnouncer(), new RecordingSink(), log, limiter);
        return (transport, host);
    }
}
