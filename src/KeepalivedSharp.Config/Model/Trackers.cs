using System.Collections.Immutable;

namespace KeepalivedSharp.Config;

/// <summary>A <c>vrrp_script</c>. Defaults are keepalived 2.2.7's.</summary>
public sealed record VrrpScriptConfig
{
    public required string Name { get; init; }
    public required SourceLocation Location { get; init; }
    /// <summary>
    /// The command: the first word of the <c>script</c> line with its quotes and escapes removed, split into argv
    /// only when it runs. As in keepalived, <c>script "/x a b"</c> passes a and b; <c>script /x a b</c> runs /x alone.
    /// </summary>
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
    /// <summary><c>notify_master "COMMAND" [USER [GROUP]]</c>; likewise the other notify scripts.</summary>
    public NotifyScript? NotifyMasterScript { get; init; }
    public NotifyScript? NotifyBackupScript { get; init; }
    public NotifyScript? NotifyFaultScript { get; init; }
    public NotifyScript? NotifyStopScript { get; init; }
    /// <summary>The generic <c>notify</c> script.</summary>
    public NotifyScript? NotifyScript { get; init; }
    /// <summary>The command of <see cref="NotifyMasterScript"/> (without its user/group); likewise below.</summary>
    public string? NotifyMaster => NotifyMasterScript?.Command;
    public string? NotifyBackup => NotifyBackupScript?.Command;
    public string? NotifyFault => NotifyFaultScript?.Command;
    public string? NotifyStop => NotifyStopScript?.Command;
    public string? Notify => NotifyScript?.Command;
    public ImmutableArray<TrackRef> TrackScripts { get; init; } = [];
    public ImmutableArray<TrackRef> TrackInterfaces { get; init; } = [];
    public ImmutableArray<TrackRef> TrackFiles { get; init; } = [];
    public ImmutableArray<TrackRef> TrackProcesses { get; init; } = [];
    public bool? SmtpAlert { get; init; }
    public bool GlobalTracking { get; init; }
    public bool SyncGroupTrackingWeight { get; init; }
    /// <summary><c>notify_priority_changes</c>: the default of its members that do not set it; null = not written.</summary>
    public bool? NotifyPriorityChanges { get; init; }
    public ImmutableArray<RawSetting> OtherSettings { get; init; } = [];
}
