using System.Collections.Immutable;

namespace KeepalivedSharp.Notify.Smtp;

/// <summary>
/// global_defs mail settings after keepalived's defaults: helo name and sender default to the host name
/// ("HELO host", "user@host"), router_id to the host name, smtp_connect_timeout to 30 s, the port to 25.
/// </summary>
public sealed record SmtpSettings(string Server, int Port, TimeSpan ConnectTimeout, string HeloName, string From, ImmutableArray<string> To, string RouterId);
