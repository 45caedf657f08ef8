using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Operations.Logging;

/// <summary>Builds one syslog datagram (RFC 3164 section 4.1 / RFC 5424 section 6).</summary>
public static class SyslogMessage
{
    private const int MaxBytes = 8192;

    /// <summary>RFC 5424 section 6.2.1 severities: emerg 0 .. debug 7.</summary>
    public static int Severity(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };

    public static byte[] Build(SyslogOptions options, LogLevel level, string message, DateTimeOffset now, int pid, string host)
    {
        var pri = options.Facility * 8 + Severity(level);
        var text = message.Replace('\n', ' ').Replace('\r', ' ');
        string line = options.Format == SyslogFormat.Rfc5424
            ? string.Create(CultureInfo.InvariantCulture, $"<{pri}>1 {now.ToUniversalTime():yyyy-MM-ddTHH:mm:ss.ffffffZ} {host} {options.Ident} {pid} - - {text}")
            : string.Create(CultureInfo.InvariantCulture, $"<{pri}>{now.ToLocalTime():MMM} {now.ToLocalTime().Day,2} {now.ToLocalTime():HH:mm:ss} {options.Ident}[{pid}]: {text}");
        var bytes = Encoding.UTF8.GetBytes(line);
        return bytes.Length <= MaxBytes ? bytes : bytes[..MaxBytes];
    }
}
