using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Bench.Engine.ReceivePath;

/// <summary>
/// A receive loop over one datagram: parse (RFC 5798 §7.1 structural checks), optionally map to
/// the engine's model, optionally hand it to the engine. Each stage can be measured on its own.
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
            var rx = AdvertMapping.ToReceived(parsed, Interface);
            if (Engine is null) continue;
            _output.Clear();
            _now += Step;
            Engine.Receive(rx, _now, _output);
        }
        Fed += count;
        PrioritySum += sum;
    }
}
