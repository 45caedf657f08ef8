using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Settings;

/// <summary>
/// What one checker probes, for the host; the engine only compares it on reload (equal probes keep their
/// state, keepalived's migrate_checkers). Equality ignores where the block was written.
/// <see cref="RealServerVirtualHost"/> and <see cref="VirtualServerVirtualHost"/> are the inherited
/// <c>virtualhost</c> values HTTP_GET/SSL_GET fall back on.
/// </summary>
public sealed record CheckProbe(CheckerConfig Checker, IPEndPoint Target, TimeSpan ConnectTimeout, TimeSpan? MiscTimeout, bool LogAllFailures,
    string? RealServerVirtualHost = null, string? VirtualServerVirtualHost = null)
{
    private string? _signature;

    /// <summary>The canonical text equality is decided on.</summary>
    public string Signature() => _signature ??= CheckProbeSignature.Of(this);

    public bool Equals(CheckProbe? other) => other is not null && Signature() == other.Signature();

    public override int GetHashCode() => Signature().GetHashCode(StringComparison.Ordinal);

    /// <summary>
    /// The longest one attempt may take; the probe ends itself by then. keepalived gives every socket step
    /// connect_timeout (HTTP, SSL and SMTP have several); we bound HTTP and SSL at 3 of them. SMTP gets one
    /// per step: connect, greeting, EHLO, the HELO fallback, QUIT (check_smtp.c; MailKit's EHLO adds one).
    /// DNS_CHECK's connect_timeout covers the whole exchange (check_dns.c: one sands for send and every
    /// read). MISC_CHECK gets misc_timeout plus the 2 s between SIGTERM and SIGKILL (check_misc.c).
    /// </summary>
    public TimeSpan Budget => Checker.Type switch
    {
        CheckerKind.Misc => (MiscTimeout ?? ConnectTimeout) + MiscKillGrace,
        CheckerKind.Http or CheckerKind.Ssl => 3 * ConnectTimeout,
        CheckerKind.Smtp => 5 * ConnectTimeout,
        // The probe's own connect_timeout ends first and says why (a UDP reply window's end is even a success).
        CheckerKind.Tcp or CheckerKind.Udp or CheckerKind.Ping or CheckerKind.Dns => ConnectTimeout + WindowGrace,
        _ => ConnectTimeout,
    };

    /// <summary>Lets a TCP/UDP/PING/DNS probe's connect_timeout end before the budget does.</summary>
    public static readonly TimeSpan WindowGrace = TimeSpan.FromMilliseconds(250);

    /// <summary>The Host header's name for url <paramref name="url"/>: url, checker, real server, virtual server (check_http.c).</summary>
    public string? VirtualHost(int url) => Url(url)?.VirtualHost ?? Checker.VirtualHost ?? RealServerVirtualHost ?? VirtualServerVirtualHost;

    /// <summary>The SNI name when enable_sni: url, checker, virtual server vhost; the real server's is not used (check_ssl.c).</summary>
    public string? SniName(int url) => Checker.EnableSni ? Url(url)?.VirtualHost ?? Checker.VirtualHost ?? VirtualServerVirtualHost : null;

    /// <summary>HTTP_GET/SSL_GET's url number <paramref name="url"/>; null out of range.</summary>
    public UrlConfig? Url(int url) => url >= 0 && url < Checker.Urls.Length ? Checker.Urls[url] : null;

    /// <summary>check_misc.c: SIGKILL follows SIGTERM after 2 s.</summary>
    public static readonly TimeSpan MiscKillGrace = TimeSpan.FromSeconds(2);

    /// <summary>The engine's backstop past <see cref="Budget"/>: the host always answers first.</summary>
    public static readonly TimeSpan EngineGrace = TimeSpan.FromSeconds(1);
}

/// <summary>The check module's effective settings: the engine's virtual servers plus what the host and status need.</summary>
public sealed record CheckSetup(ImmutableArray<VirtualServerSettings> VirtualServers, SslConfig? Ssl)
{
    public static readonly CheckSetup Empty = new([], null);

    /// <summary>The validated virtual_server blocks, one per <see cref="VirtualServers"/> entry, same order (the dump prints their own values).</summary>
    public ImmutableArray<VirtualServerConfig> Configs { get; init; } = [];

    /// <summary>Each virtual server with its virtual_server block.</summary>
    public IEnumerable<(VirtualServerSettings Settings, VirtualServerConfig Config)> WithConfigs() =>
        VirtualServers.Zip(Configs, (settings, block) => (settings, block));

    public ImmutableArray<VirtualServerGroupConfig> Groups { get; init; } = [];

    public ImmutableArray<TrackFileConfig> TrackFiles { get; init; } = [];

    public CheckEngine CreateEngine(ulong seed) => new(VirtualServers, seed);
}

/// <summary>
/// Derives the check engine's settings from the validated config, once: inheritance checker, real server,
/// virtual server, type default (check_data.c validate_check_config), the per-type defaults (check_api.c
/// queue_checker and each checker's), group ranges expanded into one service per address and port, plus one
/// per fwmark (ipvswrapper.c ipvs_group_range_cmd).
/// </summary>
public static class CheckSetupBuilder
{
    /// <summary>keepalived's default_retry per type: 1, DNS 3, MISC 0.</summary>
    public static int DefaultRetry(CheckerKind type) => type switch
    {
        CheckerKind.Dns => 3,
        CheckerKind.Misc => 0,
        _ => 1,
    };

    /// <summary>keepalived's default_delay_before_retry: 1 s, HTTP and SSL 3 s, DNS none (then the delay_loop).</summary>
    public static TimeSpan? DefaultDelayBeforeRetry(CheckerKind type) => type switch
    {
        CheckerKind.Http or CheckerKind.Ssl => TimeSpan.FromSeconds(3),
        CheckerKind.Dns => null,
        _ => TimeSpan.FromSeconds(1),
    };

    public static CheckSetup Build(KeepalivedConfig config)
    {
        var groups = config.VirtualServerGroups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        var files = config.TrackFiles.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var perGroup = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = ImmutableArray.CreateBuilder<VirtualServerSettings>(config.VirtualServers.Length);
        foreach (var vs in config.VirtualServers)
        {
            string id = vs.ToString();
            VirtualServerGroupConfig? group = null;
            if (vs.Kind == VirtualServerKind.Group && groups.TryGetValue(vs.GroupName!, out group))
            {
                // ipwrapper.c link_vsg_to_vs: [NAME]:N, N numbering the virtual servers of that group from 0 (vsg_member_no).
                var n = perGroup.GetValueOrDefault(group.Name);
                perGroup[group.Name] = n + 1;
                id = $"[{group.Name}]:{n}";
            }
            list.Add(new VirtualServerSettings(id, Services(vs, group), Options(vs),
                [.. vs.RealServers.Select(rs => RealServer(vs, rs, files))],
                vs.Quorum, vs.Hysteresis, Sorry(vs), vs.SorryServer?.Inhibit ?? false, vs.HaSuspend, vs.Omega));
        }
        return new CheckSetup(list.ToImmutable(), config.Ssl)
        {
            Configs = config.VirtualServers, Groups = config.VirtualServerGroups, TrackFiles = config.TrackFiles,
        };
    }

    /// <summary>A real server's values after validate_check_config (check_data.c) took the virtual server's for those it left unset.</summary>
    public sealed record RealServerValues(bool Alpha, bool Inhibit, int? Retry, TimeSpan ConnectTimeout, TimeSpan DelayLoop,
        TimeSpan? Warmup, TimeSpan? DelayBeforeRetry);

    public static RealServerValues Inherited(VirtualServerConfig vs, RealServerConfig rs) => new(
        rs.Alpha ?? vs.Alpha, rs.InhibitOnFailure ?? vs.InhibitOnFailure, rs.Retry ?? vs.Retry, rs.ConnectTimeout ?? vs.ConnectTimeout,
        rs.DelayLoop ?? vs.DelayLoop, rs.Warmup ?? vs.Warmup, rs.DelayBeforeRetry ?? vs.DelayBeforeRetry);

    private static LbProtocol Protocol(VirtualServerConfig vs) => vs.Protocol switch
    {
        LvsProtocol.Tcp => LbProtocol.Tcp,
        LvsProtocol.Sctp => LbProtocol.Sctp,
        _ => LbProtocol.Udp,
    };

    private static ImmutableArray<ServiceKey> Services(VirtualServerConfig vs, VirtualServerGroupConfig? group)
    {
        var family = vs.Family ?? AddressFamily.InterNetwork;
        switch (vs.Kind)
        {
            case VirtualServerKind.Address:
                return [ServiceKey.ForAddress(Protocol(vs), vs.Address!, vs.Port)];
            case VirtualServerKind.Fwmark:
                return [ServiceKey.ForFwmark(vs.Fwmark, family)];
        }
        if (group is null) return [];
        var keys = ImmutableArray.CreateBuilder<ServiceKey>();
        foreach (var e in group.Entries)
        {
            if (e.IsFwmark) keys.Add(ServiceKey.ForFwmark(e.Fwmark!.Value, e.FwmarkFamily ?? family));
            else foreach (var a in e.Addresses()) keys.Add(ServiceKey.ForAddress(Protocol(vs), a, e.Port));
        }
        return keys.ToImmutable();
    }

    private static ServiceOptions Options(VirtualServerConfig vs)
    {
        var flags = (uint)vs.Flags | (vs.PersistenceTimeout > 0 ? (uint)LvsServiceFlags.Persistent : 0);
        return new ServiceOptions(vs.Scheduler ?? ServiceOptions.Default.Scheduler, flags, vs.PersistenceTimeout,
            vs.PersistenceGranularity, vs.PersistenceEngine);
    }

    private static DestinationOptions Destination(Forwarding? f, uint upper = 0, uint lower = 0)
    {
        f ??= Forwarding.Nat;
        var method = f.Method switch
        {
            LvsMethod.DirectRoute => ForwardMethod.DirectRoute,
            LvsMethod.Tunnel => ForwardMethod.Tunnel,
            _ => ForwardMethod.Masquerade,
        };
        return f.Method == LvsMethod.Tunnel
            ? new DestinationOptions(method, upper, lower, (byte)f.TunnelType, f.TunnelPort, (ushort)f.Checksum)
            : new DestinationOptions(method, upper, lower);
    }

    private static RealServerSettings? Sorry(VirtualServerConfig vs) => vs.SorryServer is { } s
        ? new RealServerSettings(new DestinationKey(s.Address, s.Port), 1, Destination(s.Forwarding ?? vs.Forwarding), s.Inhibit, [])
        : null;

    private static RealServerSettings RealServer(VirtualServerConfig vs, RealServerConfig rs, Dictionary<string, TrackFileConfig> files)
        => new(new DestinationKey(rs.Address, rs.Port), rs.Weight ?? vs.Weight,
            Destination(rs.Forwarding ?? vs.Forwarding, rs.UpperThreshold, rs.LowerThreshold),
            Inherited(vs, rs).Inhibit,
            [.. rs.Checkers.Select(c => Checker(vs, rs, c, files))]);

    /// <summary>The precedence checker, real server, virtual server, type default (check_data.c validate_check_config).</summary>
    public static CheckerSettings Checker(VirtualServerConfig vs, RealServerConfig rs, CheckerConfig c, IReadOnlyDictionary<string, TrackFileConfig> files)
    {
        var r = Inherited(vs, rs);
        var delayLoop = c.DelayLoop ?? r.DelayLoop;
        var retry = c.Retry ?? r.Retry ?? DefaultRetry(c.Type);
        var delayBeforeRetry = c.DelayBeforeRetry ?? r.DelayBeforeRetry ?? DefaultDelayBeforeRetry(c.Type) ?? delayLoop;
        // The checker's warmup is the RS (so VS) warmup if set, else its own delay_loop.
        var warmup = c.Warmup ?? r.Warmup ?? delayLoop;
        var connectTimeout = c.ConnectTimeout ?? r.ConnectTimeout;
        // BFD_CHECK's own alpha; FILE_CHECK is never alpha (check_file.c).
        var alpha = c.Type != CheckerKind.File && (c.Alpha ?? r.Alpha);
        TimeSpan? miscTimeout = c.Type == CheckerKind.Misc ? c.MiscTimeout is { } t && t > TimeSpan.Zero ? t : vs.DelayLoop : null;
        var target = new IPEndPoint(c.ConnectIp ?? rs.Address, c.ConnectPort ?? rs.WrittenPort ?? rs.Port);
        var probe = new CheckProbe(c, target, connectTimeout, miscTimeout, c.LogAllFailures ?? false, rs.VirtualHost, vs.VirtualHost);
        files.TryGetValue(c.TrackFile ?? "", out var file);
        return new CheckerSettings(c.Type, delayLoop, delayBeforeRetry, retry, warmup, alpha,
            UrlCount: Math.Max(1, c.Urls.Length), FastRecovery: c.FastRecovery, MiscDynamic: c.MiscDynamic,
            FileWeight: c.FileWeight ?? file?.Weight ?? 0,
            FileReverse: c.FileWeight is null ? file?.WeightReverse ?? false : c.FileReverse,
            ProbeLimit: c.Type == CheckerKind.Misc || c.HasConnection ? probe.Budget + CheckProbe.EngineGrace : null,
            Probe: probe);
    }
}

/// <summary>A canonical text of a probe: every setting that changes what is probed, no source location.</summary>
internal static class CheckProbeSignature
{
    public static string Of(CheckProbe p)
    {
        var c = p.Checker with { Location = default, Urls = [] };
        var urls = string.Join(';', p.Checker.Urls.Select(u => (u with { Location = default, StatusCodes = [] }).ToString()
            + string.Join(',', u.StatusCodes)));
        var bytes = string.Join('/', new[] { c.Payload, c.ReplyData, c.ReplyMask }.Select(b => b is { } x ? Convert.ToHexString(x.AsSpan()) : "-"));
        return $"{c with { Payload = null, ReplyData = null, ReplyMask = null }}|{urls}|{bytes}|{p.Target}|{p.ConnectTimeout}|{p.MiscTimeout}|{p.LogAllFailures}|{p.RealServerVirtualHost}|{p.VirtualServerVirtualHost}";
    }
}
