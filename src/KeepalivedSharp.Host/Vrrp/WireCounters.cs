using System.Collections.Concurrent;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Host.Vrrp;

/// <summary>
/// Structural rejects, per socket and per instance, and adverts the socket refused, per instance. keepalived looks the instance up by VRID as
/// soon as the header parses and counts the error (and the advert as received) against it
/// (vrrp_scheduler.c vrrp_dispatcher_read, vrrp.c vrrp_check_packet); the engine only sees good
/// adverts, so these counts live here and are added to the engine's at snapshot time.
/// Written by receive threads, read by the loop: all counts are atomic.
/// </summary>
public sealed class WireCounters
{
    private readonly ConcurrentDictionary<string, ParseErrorCounters> _byInstance = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _sendErrors = new(StringComparer.Ordinal);

    /// <summary>Counts a reject against the instance the VRID names.</summary>
    public void CountForInstance(string instance, VrrpParseError reason)
        => _byInstance.GetOrAdd(instance, static _ => new ParseErrorCounters()).Increment(reason);

    /// <summary>Counts an advert the socket refused; returns the instance's count so far.</summary>
    public long CountSendError(string instance) => _sendErrors.AddOrUpdate(instance, 1, static (_, n) => n + 1);

    /// <summary>The engine's counters with this instance's wire rejects added (keepalived's stats fields).</summary>
    public InstanceCounters AddTo(string instance, InstanceCounters engine)
    {
        var c = engine.Copy();
        c.AdvertSendErrors += _sendErrors.GetValueOrDefault(instance);
        if (!_byInstance.TryGetValue(instance, out var w)) return c;
        c.AdvertReceived += w.Total;
        c.PacketLengthErrors += w[VrrpParseError.TooShort] + w[VrrpParseError.Truncated] + w[VrrpParseError.BadLength] + w[VrrpParseError.AddressCountMismatch];
        c.TtlErrors += w[VrrpParseError.BadTtl];
        c.VersionErrors += w[VrrpParseError.BadVersion];
        c.InvalidTypeReceived += w[VrrpParseError.BadType];
        c.InvalidAuthType += w[VrrpParseError.InvalidAuthType];
        c.ChecksumErrors += w[VrrpParseError.BadChecksum];
        return c;
    }

    /// <summary>keepalived's stats-clear signal.</summary>
    public void Clear()
    {
        _byInstance.Clear();
        _sendErrors.Clear();
    }

    /// <summary>Drops the counts of instances no longer configured.</summary>
    public void Forget(IEnumerable<string> instances)
    {
        foreach (var i in instances)
        {
            _byInstance.TryRemove(i, out _);
            _sendErrors.TryRemove(i, out _);
        }
    }
}
