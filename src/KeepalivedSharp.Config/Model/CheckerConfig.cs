using System.Collections.Immutable;
using System.Net;
using KeepalivedSharp.Core.Check;

namespace KeepalivedSharp.Config;

/// <summary>
/// One checker block inside a real_server, as written: null common values inherit (checker, real server,
/// virtual server, type default; resolved by the settings layer). Only the fields of its <see cref="Type"/> are set.
/// </summary>
public sealed record CheckerConfig
{
    public required CheckerKind Type { get; init; }
    public required SourceLocation Location { get; init; }

    // check_api.c install_checker_common_keywords: connection options (not MISC, FILE, BFD).
    public IPAddress? ConnectIp { get; init; }
    public ushort? ConnectPort { get; init; }
    public IPAddress? BindTo { get; init; }
    public ushort? BindPort { get; init; }
    public string? BindInterface { get; init; }
    public uint? Fwmark { get; init; }
    public TimeSpan? ConnectTimeout { get; init; }

    // Every polled checker.
    /// <summary>0 is allowed here (not at the RS or VS level); HTTP's deprecated nb_get_retry sets it too.</summary>
    public int? Retry { get; init; }
    public TimeSpan? DelayBeforeRetry { get; init; }
    public TimeSpan? Warmup { get; init; }
    public TimeSpan? DelayLoop { get; init; }
    public bool? Alpha { get; init; }
    public bool? LogAllFailures { get; init; }

    // HTTP_GET / SSL_GET.
    /// <summary><c>http_protocol 1.0|1.0C|1.1</c>; keepalived's default is 1.0.</summary>
    public string HttpProtocol { get; init; } = "1.0";
    public string? VirtualHost { get; init; }
    public bool EnableSni { get; init; }
    public bool FastRecovery { get; init; }
    public ImmutableArray<UrlConfig> Urls { get; init; } = [];

    // SMTP_CHECK.
    public string HeloName { get; init; } = "smtpchecker.keepalived.org";

    // DNS_CHECK.
    public string DnsType { get; init; } = "SOA";
    public string DnsName { get; init; } = ".";

    // MISC_CHECK.
    /// <summary>The command line (first word of the re-read line, split into argv when it runs).</summary>
    public string? MiscPath { get; init; }
    /// <summary>null: the delay_loop (check_misc.c).</summary>
    public TimeSpan? MiscTimeout { get; init; }
    public bool MiscDynamic { get; init; }
    public string? User { get; init; }
    public string? Group { get; init; }

    // FILE_CHECK.
    public string? TrackFile { get; init; }
    /// <summary><c>weight W [reverse]</c>; null: the track_file's weight.</summary>
    public int? FileWeight { get; init; }
    public bool FileReverse { get; init; }

    // UDP_CHECK.
    /// <summary>null: keepalived's default payload.</summary>
    public ImmutableArray<byte>? Payload { get; init; }
    public bool RequireReply { get; init; }
    /// <summary>The reply pattern's octets; <see cref="ReplyMask"/> has 1 bits where an X nibble matches anything.</summary>
    public ImmutableArray<byte>? ReplyData { get; init; }
    public ImmutableArray<byte>? ReplyMask { get; init; }
    public int MinReplyLength { get; init; }
    public int MaxReplyLength { get; init; } = 255;

    // BFD_CHECK.
    public string? BfdName { get; init; }

    /// <summary>Whether the type takes connection options.</summary>
    public bool HasConnection => Type is not (CheckerKind.Misc or CheckerKind.File or CheckerKind.Bfd);
}

/// <summary>An HTTP_GET / SSL_GET <c>url</c> block.</summary>
public sealed record UrlConfig(string Path, SourceLocation Location)
{
    /// <summary>The MD5 of the body as 32 lower-case hex digits.</summary>
    public string? Digest { get; init; }
    /// <summary>Inclusive ranges; empty: 200-299.</summary>
    public ImmutableArray<(int First, int Last)> StatusCodes { get; init; } = [];
    public string? VirtualHost { get; init; }
    public string? Regex { get; init; }
    public bool RegexNoMatch { get; init; }
    public string? RegexOptions { get; init; }
    public int? RegexMinOffset { get; init; }
    public int? RegexMaxOffset { get; init; }
}
