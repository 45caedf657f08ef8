namespace KeepalivedSharp.Operations.Logging;

public enum SyslogFormat
{
    /// <summary>RFC 3164 as glibc's syslog(3) writes it: "&lt;PRI&gt;Mmm dd hh:mm:ss ident[pid]: message".</summary>
    Rfc3164,
    /// <summary>RFC 5424: "&lt;PRI&gt;1 TIMESTAMP HOST APP PID - - message".</summary>
    Rfc5424,
}

/// <summary>Where and how the syslog logger writes.</summary>
public sealed record SyslogOptions
{
    /// <summary>LOG_DAEMON (3), keepalived's default facility.</summary>
    public const int Daemon = 3;

    public string SocketPath { get; init; } = "/dev/log";

    /// <summary>The facility number: daemon (3) or LOCAL0..LOCAL7 (16..23).</summary>
    public int Facility { get; init; } = Daemon;

    /// <summary>keepalived's VRRP process logs as "Keepalived_vrrp", which users grep for.</summary>
    public string Ident { get; init; } = "Keepalived_vrrp";

    public SyslogFormat Format { get; init; } = SyslogFormat.Rfc3164;

    /// <summary>keepalived's -S 0..7 (LOG_LOCAL0..7); null keeps LOG_DAEMON.</summary>
    public static int FacilityFromOption(int? logFacility) => logFacility switch
    {
        null => Daemon,
        >= 0 and <= 7 => 16 + logFacility.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(logFacility), "-S takes 0..7 (LOCAL0..LOCAL7)"),
    };
}
