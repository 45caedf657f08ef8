using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Notify.Logging;

/// <summary>Sends a script's captured output to the log line by line, through a per-script rate limit.</summary>
internal sealed class OutputLogger(ILogger logger, string name, LogRateLimiter limiter, bool notify)
{
    public void Log(string output)
    {
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (!limiter.TryAcquire(out var dropped)) continue;
            if (dropped > 0) logger.ScriptOutputSuppressed(name, dropped);
            if (notify) logger.NotifyOutput(name, line);
            else logger.ScriptOutput(name, line);
        }
    }
}
