using System.Globalization;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Simulation.Cluster;

/// <summary>A real server went in or out of a virtual server's pool on one node (<c>"kind":"real_server"</c>).</summary>
public sealed record SimulatedRealServer(TimeSpan Time, string Node, string VirtualServer, string RealServer, bool Up) : SimulatedEvent(Time, Node, VirtualServer)
{
    /// <summary><c>t=12.001 n1 [10.0.0.1]:tcp:80 real_server [10.0.1.2]:tcp:80 DOWN</c></summary>
    public override string ToText()
        => string.Create(CultureInfo.InvariantCulture, $"t={SimulatedTransition.Seconds(Time)} {Node} {VirtualServer} real_server {RealServer} {(Up ? "UP" : "DOWN")}");

    public override string ToJson()
        => string.Create(CultureInfo.InvariantCulture,
            $"{{\"t\":{SimulatedTransition.Seconds(Time)},\"node\":{Json.Quote(Node)},\"kind\":\"real_server\",\"vs\":{Json.Quote(VirtualServer)},\"rs\":{Json.Quote(RealServer)},\"to\":\"{(Up ? "UP" : "DOWN")}\"}}");
}

/// <summary>A virtual server gained or lost quorum on one node (<c>"kind":"quorum"</c>).</summary>
public sealed record SimulatedQuorum(TimeSpan Time, string Node, string VirtualServer, bool Up, long Alive, long Quorum) : SimulatedEvent(Time, Node, VirtualServer)
{
    public override string ToText()
        => string.Create(CultureInfo.InvariantCulture, $"t={SimulatedTransition.Seconds(Time)} {Node} {VirtualServer} quorum {(Up ? "UP" : "DOWN")} alive={Alive} quorum={Quorum}");

    public override string ToJson()
        => string.Create(CultureInfo.InvariantCulture,
            $"{{\"t\":{SimulatedTransition.Seconds(Time)},\"node\":{Json.Quote(Node)},\"kind\":\"quorum\",\"vs\":{Json.Quote(VirtualServer)},\"to\":\"{(Up ? "UP" : "DOWN")}\",\"alive\":{Alive},\"quorum\":{Quorum}}}");
}

/// <summary>A node's desired load-balancer table changed (<c>"kind":"table"</c>): each service with its destinations and weights.</summary>
public sealed record SimulatedTable(TimeSpan Time, string Node, LoadBalancerTable Table) : SimulatedEvent(Time, Node, "")
{
    /// <summary><c>t=12.001 n1 table [10.0.0.1]:tcp:80 -> [10.0.1.2]:80 w1, [10.0.1.3]:80 w0</c></summary>
    public override string ToText()
        => string.Create(CultureInfo.InvariantCulture, $"t={SimulatedTransition.Seconds(Time)} {Node} table {(Table.Services.Count == 0 ? "empty" : string.Join("; ", Table.Services.Select(s =>
            $"{s.Key} -> {(s.Value.Destinations.Count == 0 ? "none" : string.Join(", ", s.Value.Destinations.Select(d => $"{d.Key} w{d.Value.Weight}")))}")))}");

    public override string ToJson()
        => string.Create(CultureInfo.InvariantCulture,
            $"{{\"t\":{SimulatedTransition.Seconds(Time)},\"node\":{Json.Quote(Node)},\"kind\":\"table\",\"services\":[{string.Join(',', Table.Services.Select(s =>
                $"{{\"service\":{Json.Quote(s.Key.ToString())},\"destinations\":[{string.Join(',', s.Value.Destinations.Select(d => $"{{\"rs\":{Json.Quote(d.Key.ToString())},\"weight\":{d.Value.Weight}}}"))}]}}"))}]}}");
}
