using System.Collections.Immutable;

namespace KeepalivedSharp.Config;

/// <summary>The whole typed, immutable configuration.</summary>
public sealed record KeepalivedConfig(
    GlobalDefs Global,
    ImmutableArray<VrrpScriptConfig> Scripts,
    ImmutableArray<VrrpInstanceConfig> Instances,
    ImmutableArray<SyncGroupConfig> SyncGroups,
    ImmutableArray<TrackFileConfig> TrackFiles,
    ImmutableArray<TrackProcessConfig> TrackProcesses,
    ImmutableArray<VirtualAddress> StaticAddresses,
    ImmutableArray<VirtualRoute> StaticRoutes,
    ImmutableArray<VirtualRule> StaticRules,
    ImmutableArray<VirtualServerConfig> VirtualServers)
{
    /// <summary>Top-level keywords that are known but not modelled (net_namespace, instance, garp_group, ...), kept raw.</summary>
    public ImmutableArray<RawSetting> OtherSettings { get; init; } = [];

    /// <summary><c>virtual_server_group</c> blocks.</summary>
    public ImmutableArray<VirtualServerGroupConfig> VirtualServerGroups { get; init; } = [];

    /// <summary>The top-level <c>SSL</c> block (SSL_GET's client context); null = keepalived's default context.</summary>
    public SslConfig? Ssl { get; init; }
}

/// <summary>A keyword we know but do not model with typed fields: its arguments and its block, as written.</summary>
public sealed record RawSetting(string Keyword, ImmutableArray<string> Arguments, ImmutableArray<RawSetting> Block, SourceLocation Location)
{
    public bool HasBlock { get; init; }
}
