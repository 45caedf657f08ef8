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
            ScriptExists = ConfigOptions.ProgramExists,
        });

    /// <summary>An interface exists when the kernel lists it under /sys/class/net.</summary>
    public static bool HostInterfaceExists(string name)
        => name.Length > 0 && !name.Contains('/', StringComparison.Ordinal) && Directory.Exists(Path.Combine("/sys/class/net", name));
}
