using KeepalivedSharp.Cli;

namespace KeepalivedSharp.Commands;

/// <summary>The daemon: refuses to start on any config error, never runs half a config.</summary>
public static class DaemonCommand
{
    public static Task<int> RunAsync(DaemonOptions options, CancellationToken cancellation)
    {
        if (options.CheckOnly)
        {
            Console.Error.WriteLine("keepalived-sharp: the health-checker subsystem (-C, virtual_server) is not yet supported");
            return Task.FromResult(ExitCodes.Config);
        }
        var result = ConfigLoading.Load(options);
        foreach (var d in result.Diagnostics) Console.Error.WriteLine(d.ToString());
        if (result.Config is null)
        {
            Console.Error.WriteLine($"keepalived-sharp: not starting: {options.ConfigFile} has errors");
            return Task.FromResult(ExitCodes.Config);
        }
        cancellation.ThrowIfCancellationRequested();
        Console.Error.WriteLine("keepalived-sharp: the VRRP host layer is not wired yet (issue 4)");
        return Task.FromResult(ExitCodes.Fatal);
    }
}
