using KeepalivedSharp.Cli;
using KeepalivedSharp.Config;

namespace KeepalivedSharp.Commands;

/// <summary>Loads a config the way the daemon and -t both do: with this host's interfaces.</summary>
public static class ConfigLoading
{
    public static ConfigResult Load(DaemonOptions options)
        => ConfigLoader.Load(options.ConfigFile, new ConfigOptions
        {
            ConfigId = options.ConfigId,
            InterfaceExists = HostInterfaceExists,
            ScriptExists = ScriptExists,
        });

    /// <summary>An interface exists when the kernel lists it under /sys/class/net.</summary>
    public static bool HostInterfaceExists(string name)
        => name.Length > 0 && !name.Contains('/', StringComparison.Ordinal) && Directory.Exists(Path.Combine("/sys/class/net", name));

    private static bool ScriptExists(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal)) return File.Exists(program);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, program)));
    }
}
