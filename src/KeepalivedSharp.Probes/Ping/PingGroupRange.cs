using System.Globalization;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Probes.Ping;

/// <summary>
/// check_ping.c set_ping_group_range (logs "Warning: ... being expanded"; ours at Warning level): ICMP datagram sockets need the process's gid inside
/// net.ipv4.ping_group_range (per network namespace, IPv6 too). With a PING_CHECK configured,
/// keepalived lowers the range's start to 0 and puts the old start back at exit (check_daemon.c).
/// </summary>
public sealed partial class PingGroupRange : IDisposable
{
    public const string DefaultPath = "/proc/sys/net/ipv4/ping_group_range";

    private readonly string _path;
    private readonly ILogger _log;
    private readonly ulong _savedMin;
    private int _restored;

    private PingGroupRange(string path, ILogger log, ulong savedMin) => (_path, _log, _savedMin) = (path, log, savedMin);

    /// <summary>Widens the range to start at gid 0; null when it already does or the file is unreadable.</summary>
    public static PingGroupRange? Widen(ILogger log, string path = DefaultPath)
    {
        if (Read(path) is not var (min, max) || min == 0) return null;
        if (min > 1 && max > 1) LogExpanded(log, path, min, max);
        if (!Write(path, 0, max, log)) return null;
        return new PingGroupRange(path, log, min);
    }

    /// <summary>Restores the range's start (keepalived writes "min\tmax\t\n" with the max read now).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _restored, 1) != 0) return;
        if (Read(_path) is var (min, max) && min != _savedMin) Write(_path, _savedMin, max, _log);
    }

    /// <summary>Parses "MIN\tMAX\n" as the kernel prints it; null when malformed.</summary>
    public static (ulong Min, ulong Max)? Parse(string text)
    {
        var f = text.Split(['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return f.Length == 2 && ulong.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a < 1UL << 32
            && ulong.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b < 1UL << 32 ? (a, b) : null;
    }

    private static (ulong Min, ulong Max)? Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool Write(string path, ulong min, ulong max, ILogger log)
    {
        try
        {
            File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"{min}\t{max}\t\n"));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogWriteFailed(log, path, e.Message);
            return false;
        }
    }

    [LoggerMessage(6300, LogLevel.Warning, "{Path} being expanded from {Min} {Max} to 0 {Max}")]
    private static partial void LogExpanded(ILogger log, string path, ulong min, ulong max);

    [LoggerMessage(6301, LogLevel.Information, "Write {Path} failed - {Reason}")]
    private static partial void LogWriteFailed(ILogger log, string path, string reason);
}
