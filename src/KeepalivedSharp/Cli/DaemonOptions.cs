namespace KeepalivedSharp.Cli;

/// <summary>keepalived's command-line flags, as parsed.</summary>
public sealed record DaemonOptions
{
    public const string DefaultConfigFile = "/etc/keepalived/keepalived.conf";

    public string ConfigFile { get; init; } = DefaultConfigFile;
    public bool DontFork { get; init; }
    public bool LogConsole { get; init; }
    public bool LogDetail { get; init; }
    /// <summary>Syslog facility LOCAL0..LOCAL7 (-S 0..7); null = daemon.</summary>
    public int? LogFacility { get; init; }
    public bool ConfigTest { get; init; }
    /// <summary>-t's optional log file (keepalived's --config-test=LOG_FILE).</summary>
    public string? ConfigTestLog { get; init; }
    public string? PidFile { get; init; }
    public string? VrrpPidFile { get; init; }
    public string? CheckersPidFile { get; init; }
    /// <summary>-i: selects @conditional lines; null = the host name.</summary>
    public string? ConfigId { get; init; }
    public bool VrrpOnly { get; init; }
    public bool CheckOnly { get; init; }

    /// <summary>keepalived starts its checkers when there are virtual servers, unless -P (VRRP only).</summary>
    public bool RunsCheckers(Config.KeepalivedConfig config) => !VrrpOnly && !config.VirtualServers.IsEmpty;
    /// <summary>--metrics ADDRESS:PORT: serve Prometheus metrics there; null = off.</summary>
    public string? MetricsEndpoint { get; init; }
    /// <summary>--lb-backend: which kernel load balancer the checkers drive (auto, nftables, ipvs, none).</summary>
    public string LbBackend { get; init; } = Host.LoadBalancer.LoadBalancerBackends.Auto;
    /// <summary>-I/--dont-release-ipvs: the checkers leave their load-balancer table in the kernel at stop.</summary>
    public bool DontReleaseIpvs { get; init; }
    /// <summary>-u/--umask: wins over the config's umask; null = not given.</summary>
    public int? Umask { get; init; }
    /// <summary>--control-socket PATH; null = the default.</summary>
    public string? ControlSocket { get; init; }
}
