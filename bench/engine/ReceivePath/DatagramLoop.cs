using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.Vrrp;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Bench.Engine.ReceivePath;

/// <summary>
/// A receive loop over one datagram as the daemon's VrrpTransport runs it: parse (RFC 5798 §7.1
/// structural checks), optionally map with the daemon's AdvertMapping into a ReceivedAdvert,
/// optionally hand it to the engine. Each stage can be measured on its own.
/// </summary>
public sealed class DatagramLoop(byte[] datagram, VrrpEngine? engine, bool map)
{
    private const string Interface = "eth0";
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);
    private readonly List<EngineAction> _output = new(16);
    private TimeSpan _now = TimeSpan.FromSeconds(10);

    public long Fed { get; private set; }
    /// <summary>Sum of the parsed priorities: keeps the parse observable and checks every datagram parsed.</summary>
    public long PrioritySum { get; private set; }
    public VrrpEngine? Engine { get; } = engine;

    public void Run(long count)
    {
        long sum = 0;
        for (long k = 0; k < count; k++)
        {
            var parsed = VrrpParser.ParseIPv4(datagram);
            if (!parsed.IsValid) throw new InvalidOperationException($"captured advert rejected: {parsed.Error}");
            sum += parsed.Packet.Priority;
            if (!map) continue;
            var advert = AdvertMapping.ToAdvertisement(parsed.Packet, AddressFamily.InterNetwork);
            var rx = new ReceivedAdvert(Interface, parsed.Source!, IsMulticast(parsed.Destination!), advert);
            if (Engine is null) continue;
            _output.Clear();
            _now += Step;
            Engine.Receive(rx, _now, _output);
        }
        Fed += count;
        PrioritySum += sum;
    }

    /// <summary>224.0.0.0/4 (RFC 5771), as the daemon's transport decides whether an advert came multicast.</summary>
    private static bool IsMulticast(IPAddress destination)
    {
        Span<byte> octets = stackalloc byte[16];
        destination.TryWriteBytes(octets, out _);
        return octets[0] is >= 224 and <= 239;
    }
}
