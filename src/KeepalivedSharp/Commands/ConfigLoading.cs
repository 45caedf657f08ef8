using KeepalivedSharp.Cli;
using KeepalivedSharp.Config;
using KeepalivedSharp.Linux.Processes;

namespace KeepalivedSharp.Commands;

/// <summary>Loads a config the way the daemon and -t both do: with this host's interfaces.</summary>
public static class ConfigLoading
{
    /// <param name="onDiagnostic">Receives each diagnostic in file order as it is found (-t prints them so).</param>
    public static ConfigResult Load(DaemonOptions options, Action<Diagnostic>? onDiagnostic = null)
        => ConfigLoader.Load(options.ConfigFile, new ConfigOptions
        {
            ConfigId = options.ConfigId,
            InterfaceExists = HostInterfaces().Contains,
            ScriptExists = ConfigOptions.ProgramExists,
            IsRegularNonExecutable = FileStatus.IsRegularNonExecutableOrAbsent,
        }, onDiagnostic);

    /// <summary>The interfaces the kernel lists under /sys/class/net, read once per load.</summary>
    public static HashSet<string> HostInterfaces()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists("/sys/class/net"))
        {
            foreach (var path in Directory.EnumerateFileSystemEntries("/sys/class/net")) names.Add(Path.GetFileName(path));
        }
        return names;
    }
}
