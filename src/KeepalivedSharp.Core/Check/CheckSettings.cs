using System.Collections.Immutable;

namespace KeepalivedSharp.Core.Check;

/// <summary>keepalived's checker types (check_*.c).</summary>
public enum CheckerKind
{
    Tcp,
    Http,
    Ssl,
    Dns,
    Smtp,
    Misc,
    File,
    Ping,
    Udp,
    Bfd,
}

/// <summary>keepalived's block name of each checker type (check_*.c install_keyword), both ways.</summary>
public static class CheckerKeywords
{
    public static string Keyword(this CheckerKind kind) => kind switch
    {
        CheckerKind.Http => "HTTP_GET",
        CheckerKind.Ssl => "SSL_GET",
        _ => kind.ToString().ToUpperInvariant() + "_CHECK",
    };

    /// <summary>The type of a checker block keyword; null for any other keyword.</summary>
    public static CheckerKind? FromKeyword(string keyword)
    {
        foreach (var kind in Enum.GetValues<CheckerKind>())
            if (kind.Keyword() == keyword) return kind;
        return null;
    }
}

/// <summary>
/// One checker's effective settings: inheritance (checker, real server, virtual server, type
/// default) is already resolved by the settings layer. <see cref="Probe"/> is the host's own
/// description of what to probe; the engine only compares it on reload (equal settings keep state,
/// keepalived's migrate_checkers).
/// </summary>
public sealed record CheckerSettings(
    CheckerKind Kind,
    TimeSpan DelayLoop,
    TimeSpan DelayBeforeRetry,
    int Retry,
    TimeSpan Warmup,
    bool Alpha = false,
    int UrlCount = 1,
    bool FastRecovery = false,
    bool MiscDynamic = false,
    int FileWeight = 0,
    bool FileReverse = false,
    TimeSpan? ProbeLimit = null,
    object? Probe = null)
{
    /// <summary>FILE_CHECK and BFD_CHECK are driven by events and never polled (check_file.c, check_bfd.c).</summary>
    public bool Polled => Kind is not (CheckerKind.File or CheckerKind.Bfd);

    /// <summary>MISC_CHECK's next run is due after the start of the previous one, the others' after its end (check_misc.c).</summary>
    public bool ScheduledFromStart => Kind == CheckerKind.Misc;
}

/// <summary>A real server, or the sorry server (which has no checkers).</summary>
public sealed record RealServerSettings(
    DestinationKey Endpoint,
    int Weight,
    DestinationOptions Options,
    bool InhibitOnFailure,
    ImmutableArray<CheckerSettings> Checkers);

/// <summary>
/// A virtual server after keepalived's validation fix-ups (quorum lowered to the weight sum,
/// hysteresis clamped to quorum-1, duplicate real servers removed). <see cref="Id"/> is keepalived's
/// reload identity: group name and index, else family and fwmark, else protocol, address and port.
/// </summary>
public sealed record VirtualServerSettings(
    string Id,
    ImmutableArray<ServiceKey> Services,
    ServiceOptions Options,
    ImmutableArray<RealServerSettings> RealServers,
    long Quorum = 1,
    long Hysteresis = 0,
    RealServerSettings? SorryServer = null,
    bool SorryServerInhibit = false,
    bool HaSuspend = false,
    bool Omega = false);
