using System.Collections.Immutable;
using System.Globalization;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Operations.Dumps;

/// <summary>One virtual server as the checker dump prints it: what the engine runs, the block it came from, its state now.</summary>
internal sealed record VirtualServerView(VirtualServerSettings Settings, VirtualServerConfig Config, VirtualServerGroupConfig? Group,
    VirtualServerStatus? Status, ImmutableArray<RealServerView> RealServers)
{
    /// <summary>keepalived's FMT_VS (check_data.c format_vs): the engine's id.</summary>
    public string Name => Settings.Id;

    /// <summary>inet_sockaddrtotrio()'s protocol word for the service_type.</summary>
    public string ProtocolWord => Config.Protocol switch
    {
        LvsProtocol.Tcp => "tcp",
        LvsProtocol.Udp => "udp",
        LvsProtocol.Sctp => "sctp",
        _ => "none",
    };

    /// <summary>keepalived's FMT_RS (format_rs): <c>[10.0.0.2]:tcp:80</c>.</summary>
    public string Trio(DestinationKey rs) => string.Create(CultureInfo.InvariantCulture, $"[{rs.Address}]:{ProtocolWord}:{rs.Port}");

    /// <summary>The settings (CheckSetupBuilder keeps one per block, in order) paired with their blocks and the engine's snapshot.</summary>
    public static ImmutableArray<VirtualServerView> Of(CheckSetup setup, ImmutableArray<VirtualServerStatus> states)
    {
        var list = ImmutableArray.CreateBuilder<VirtualServerView>();
        for (int i = 0; i < setup.VirtualServers.Length && i < setup.Configs.Length; i++)
        {
            var vs = setup.VirtualServers[i];
            var config = setup.Configs[i];
            var state = states.IsDefault ? null : states.FirstOrDefault(s => s.Id == vs.Id);
            var servers = ImmutableArray.CreateBuilder<RealServerView>();
            for (int j = 0; j < vs.RealServers.Length; j++)
            {
                var rs = vs.RealServers[j];
                var rsConfig = config.RealServers.FirstOrDefault(r => r.Address.Equals(rs.Endpoint.Address) && r.Port == rs.Endpoint.Port);
                if (rsConfig is null) continue;
                var rsState = state is not null && j < state.RealServers.Length && state.RealServers[j].Endpoint == rs.Endpoint
                    ? state.RealServers[j]
                    : state?.RealServers.FirstOrDefault(r => r.Endpoint == rs.Endpoint);
                servers.Add(new RealServerView(rs, rsConfig, CheckSetupBuilder.Inherited(config, rsConfig), rsState));
            }
            var group = config.GroupName is { } name ? setup.Groups.FirstOrDefault(g => g.Name == name) : null;
            list.Add(new VirtualServerView(vs, config, group, state, servers.ToImmutable()));
        }
        return list.ToImmutable();
    }
}

/// <summary>A real server: its effective settings, its block and the values it took from the virtual server, its state now.</summary>
internal sealed record RealServerView(RealServerSettings Settings, RealServerConfig Config, CheckSetupBuilder.RealServerValues Values,
    RealServerStatus? Status)
{
    /// <summary>Each checker with its probe and its state (by position: the snapshot lists them as the settings do).</summary>
    public IEnumerable<(CheckerSettings Settings, CheckProbe Probe, CheckerStatus? Status)> Checkers()
    {
        for (int k = 0; k < Settings.Checkers.Length; k++)
        {
            if (Settings.Checkers[k].Probe is not CheckProbe probe) continue;
            var state = Status is { } s && k < s.Checkers.Length ? s.Checkers[k] : null;
            yield return (Settings.Checkers[k], probe, state);
        }
    }
}
