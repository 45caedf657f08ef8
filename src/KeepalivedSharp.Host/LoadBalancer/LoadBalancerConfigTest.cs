using System.Collections.Immutable;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Host.LoadBalancer;

/// <summary>
/// <c>-t</c>'s load-balancer warnings: what the backend the daemon would run here cannot do as IPVS does, at each
/// virtual_server's line (and at lvs_sync_daemon's), in the words the running daemon logs (<see cref="NftablesLoadBalancer.Fallbacks"/>).
/// </summary>
public static class LoadBalancerConfigTest
{
    public static IEnumerable<Diagnostic> Warnings(KeepalivedConfig config, string choice)
    {
        var backend = LoadBalancerBackends.Expected(choice);
        if (config.Global.Lvs.SyncDaemon is { } sync && backend != "ipvs")
            yield return new Diagnostic(Severity.Warning, sync.Location, IpvsSyncDaemons.NoEffect(backend));
        if (backend != "nftables" || config.VirtualServers.IsEmpty) yield break;
        foreach (var (vs, block) in CheckSetupBuilder.Build(config).WithConfigs())
        {
            var servers = ImmutableSortedDictionary.CreateBuilder<DestinationKey, Destination>(TableOrder.Destinations);
            foreach (var r in vs.RealServers.Append(vs.SorryServer).OfType<RealServerSettings>()) servers[r.Endpoint] = new Destination(r.Options, r.Weight);
            var entry = new ServiceEntry(vs.Options, servers.ToImmutable());
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var key in vs.Services)
                foreach (var text in NftablesLoadBalancer.Fallbacks(key, entry).Where(seen.Add))
                    yield return new Diagnostic(Severity.Warning, block.Location, $"{backend} backend: VS {vs.Id}: {text}");
        }
    }
}
