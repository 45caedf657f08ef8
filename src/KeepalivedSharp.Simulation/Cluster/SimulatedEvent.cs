using System.Collections.Immutable;
using System.Globalization;
using System.Net;

namespace KeepalivedSharp.Simulation.Cluster;

/// <summary>What a simulated node did on its host besides changing state: an announcement sent or a notify script run.</summary>
public abstract record SimulatedEvent(TimeSpan Time, string Node, string Instance)
{
    public abstract string ToText();

    public abstract string ToJson();
}

/// <summary>One gratuitous ARP (IPv4) or unsolicited NA (IPv6) sent for one address.</summary>
public sealed record SimulatedAnnouncement(TimeSpan Time, string Node, string Instance, IPAddress Address) : SimulatedEvent(Time, Node, Instance)
{
    /// <summary><c>t=3.648 n2 VI_1 garp 10.0.0.100</c></summary>
    public override string ToText()
        => string.Create(CultureInfo.InvariantCulture, $"t={SimulatedTransition.Seconds(Time)} {Node} {Instance} {(Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "na" : "garp")} {Address}");

    public override string ToJson()
        => string.Create(CultureInfo.InvariantCulture,
            $"{{\"t\":{SimulatedTransition.Seconds(Time)},\"node\":{Json.Quote(Node)},\"instance\":{Json.Quote(Instance)},\"kind\":\"announce\",\"address\":{Json.Quote(Address.ToString())}}}");
}

/// <summary>One notify script run, with its whole argument vector.</summary>
public sealed record SimulatedNotify(TimeSpan Time, string Node, string Instance, ImmutableArray<string> Argv) : SimulatedEvent(Time, Node, Instance)
{
    /// <summary><c>t=3.648 n2 VI_1 notify /etc/keepalived/notify.sh INSTANCE VI_1 MASTER 90</c></summary>
    public override string ToText()
        => string.Create(CultureInfo.InvariantCulture, $"t={SimulatedTransition.Seconds(Time)} {Node} {Instance} notify {string.Join(' ', Argv)}");

    public override string ToJson()
        => string.Create(CultureInfo.InvariantCulture,
            $"{{\"t\":{SimulatedTransition.Seconds(Time)},\"node\":{Json.Quote(Node)},\"instance\":{Json.Quote(Instance)},\"kind\":\"notify\",\"argv\":[{string.Join(',', Argv.Select(Json.Quote))}]}}");
}
