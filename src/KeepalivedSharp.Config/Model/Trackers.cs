using System.Collections.Immutable;

namespace KeepalivedSharp.Config;

/// <summary>A <c>vrrp_script</c>. Defaults are keepalived 2.2.7's.</summary>
public sealed record VrrpScriptConfig
{
    public required string Name { get; init; }
    public required SourceLocation Location { get; init; }
    /// <summary>The command line, quotes removed.</summary>
    public string Script { get; init; } = "";
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>null = keepalived's default (the interval).</summary>
    public TimeSpan? Timeout { get; init; }
    public int Weight { get; init; }
    public bool WeightReverse { get; init; }
    public int Rise { get; init; } = 1;
    public int Fall { get; init; } = 1;
    public string? User { get; init; }
    public string? Group { get; init; }
    public bool InitFail { get; init; }
}

/// <summary>A <c>track_file</c> / <c>vrrp_track_file</c>.</summary>
public sealed record TrackFileConfig
{
    public required string Name { get; init; }
    public required SourceLocation Location { get; init; }
    public string? File { get; init; }
    public int Weight { get; init; } = 1;
    public bool WeightReverse { get; init; }
    public bool InitFile { get; init; }
    public long? InitValue { get; init; }
    public bool InitOverwrite { get; init; }
}

/// <summary>A <c>vrrp_track_process</c>.</summary>
public sealed record TrackProcessConfig
{
    public required string Name { get; init; }
    public required SourceLocation Location { get; init; }
    public string? Process { get; init; }
    public ImmutableArray<string> Parameters { get; init; } = [];
    public string? ParamMatch { get; init; }
    public int Weight { get; init; }
    public bool WeightReverse { get; init; }
    public int Quorum { get; init; } = 1;
    public int? QuorumMax { get; init; }
    public TimeSpan? Delay { get; init; }
    public TimeSpan? TerminateDelay { get; init; }
    public TimeSpan? ForkDelay { get; init; }
    public bool FullCommand { get; init; }
}

/// <summary>A <c>vrrp_sync_group</c>.</summary>
public sealed record SyncGroupConfig
{
    public required string Name { get; init; }
    public required SourceLocation Location { get; init; }
    public ImmutableArray<string> Members { get; init; } = [];
    public string? NotifyMaster { get; init; }
    public string? NotifyBackup { get; init; }
    public string? NotifyFault { get; init; }
    public string? NotifyStop { get; init; }
    public string? Notify { get; init; }
    public ImmutableArray<TrackRef> TrackScripts { get; init; } = [];
    public ImmutableArray<TrackRef> TrackInterfaces { get; init; } = [];
    public ImmutableArray<TrackRef> TrackFiles { get; init; } = [];
    public ImmutableArray<TrackRef> TrackProcesses { get; init; } = [];
    public bool? SmtpAlert { get; init; }
    public bool GlobalTracking { get; init; }
    public bool SyncGroupTrackingWeight { get; init; }
    public ImmutableArray<RawSetting> OtherSettings { get; init; } = [];
}

/// <summary>A <c>virtual_server</c> (LVS): parsed and kept, not yet acting.</summary>
public sealed record VirtualServerConfig(ImmutableArray<string> Arguments, ImmutableArray<RawSetting> Settings, ImmutableArray<RealServerConfig> RealServers, SourceLocation Location);

/// <summary>A <c>real_server</c> inside a virtual server, with its checkers kept generically.</summary>
public sealed record RealServerConfig(ImmutableArray<string> Arguments, ImmutableArray<RawSetting> Settings, SourceLocation Location);
