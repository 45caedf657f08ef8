using System.Runtime.InteropServices;

namespace KeepalivedSharp.Bench.Engine.Harness;

/// <summary>What the figures were measured on, read from /proc and the runtime.</summary>
public static class MachineInfo
{
    public static IReadOnlyList<(string Key, string Value)> Read() =>
    [
        ("cpus online", ReadOr("/sys/devices/system/cpu/online", "?")),
        ("cpus usable by this process", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("cpu model", CpuModel()),
        ("kernel", ReadOr("/proc/sys/kernel/osrelease", "?")),
        (".NET", RuntimeInformation.FrameworkDescription),
        ("gc", $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, latency {System.Runtime.GCSettings.LatencyMode}"),
    ];

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage()
    {
        var parts = ReadOr("/proc/loadavg", "").Split(' ');
        return parts.Length >= 3 ? $"{parts[0]} {parts[1]} {parts[2]}" : "?";
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "?" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string ReadOr(string path, string fallback)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return fallback;
        }
    }
}
