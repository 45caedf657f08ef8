using System.Collections.Immutable;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Scripts;
using KeepalivedSharp.Notify.Smtp;

namespace KeepalivedSharp.Notify.Notifications;

/// <summary>Everything the <see cref="Notifier"/> needs; build it from the config with <see cref="NotifierConfig.Build"/>.</summary>
public sealed record NotifierSettings
{
    public ImmutableDictionary<string, NotifyTargets> Instances { get; init; } = ImmutableDictionary<string, NotifyTargets>.Empty;
    public ImmutableDictionary<string, NotifyTargets> Groups { get; init; } = ImmutableDictionary<string, NotifyTargets>.Empty;
    /// <summary>global notify_fifo and its script (the fifo path is appended to the script's arguments).</summary>
    public FifoSettings? NotifyFifo { get; init; }
    /// <summary>vrrp_notify_fifo and its script.</summary>
    public FifoSettings? VrrpNotifyFifo { get; init; }
    /// <summary>null = no mail (no notification_email or no smtp_server).</summary>
    public SmtpSettings? Smtp { get; init; }
    /// <summary>no_email_faults: no mail for FAULT transitions.</summary>
    public bool NoEmailFaults { get; init; }
    /// <summary>A notify script still running after this is killed (TERM, then KILL); keepalived never kills them.</summary>
    public TimeSpan ScriptTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>notify_stop and the STOP run of notify: keepalived kills them after 1 s.</summary>
    public TimeSpan StopScriptTimeout { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Pending notifications per instance/group; beyond this new ones are dropped and logged.</summary>
    public int QueueCapacity { get; init; } = 64;
}

/// <summary>A notify FIFO: its path, the user it is created for, and the optional script started with its path.</summary>
public sealed record FifoSettings(string Path, ProcessCredentials Owner, ScriptCommand? Script);
