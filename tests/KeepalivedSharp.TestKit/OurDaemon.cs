using KeepalivedSharp.Lab;

namespace KeepalivedSharp.TestKit;

/// <summary>
/// keepalived-sharp in a lab namespace: the NativeAOT binary at $KS_BINARY (test.sh sets it), or
/// else the keepalived-sharp.dll built beside the test through `dotnet`. Config and pid file live
/// in a private 0700 directory.
/// </summary>
public sealed class OurDaemon : IDisposable
{
    public string Directory { get; }
    public string ConfigPath => Path.Combine(Directory, "keepalived.conf");
    public DaemonProcess Process { get; }

    /// <summary>The daemon's control socket (in its private directory).</summary>
    public string ControlSocket => Path.Combine(Directory, "control.sock");

    private OurDaemon(string directory, DaemonProcess process)
    {
        Directory = directory;
        Process = process;
    }

    /// <summary><c>status --json</c> over this daemon's control socket, parsed; throws with the output when it fails.</summary>
    public System.Text.Json.JsonDocument StatusJson()
    {
        var r = LabShell.Run(Command()[0], [.. Command()[1..], "status", "--json", "--socket", ControlSocket], TimeSpan.FromSeconds(20));
        if (r.ExitCode != 0) throw new InvalidOperationException($"status --json exited {r.ExitCode}: {r.Output}");
        return System.Text.Json.JsonDocument.Parse(r.Stdout);
    }

    /// <summary>The command that runs our program: the native binary, or dotnet with the dll.</summary>
    public static string[] Command()
    {
        var binary = Environment.GetEnvironmentVariable("KS_BINARY");
        if (!string.IsNullOrEmpty(binary) && File.Exists(binary)) return [binary];
        var dll = Path.Combine(AppContext.BaseDirectory, "keepalived-sharp.dll");
        if (File.Exists(dll)) return ["dotnet", dll];
        throw new InvalidOperationException("keepalived-sharp not found: set KS_BINARY (./build.sh makes out/keepalived-sharp)");
    }

    public static OurDaemon Start(NamespaceLab lab, string ns, string config, params string[] extraArgs)
        => StartWith(lab, ns, config, [], extraArgs);

    /// <summary>As <see cref="Start"/>, with environment variables ("NAME=value") for the daemon.</summary>
    public static OurDaemon StartWith(NamespaceLab lab, string ns, string config, string[] environment, params string[] extraArgs)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("ks-ours-");
        var conf = Path.Combine(dir.FullName, "keepalived.conf");
        File.WriteAllText(conf, config);
        string[] env = environment.Length == 0 ? [] : ["/usr/bin/env", .. environment];
        var p = lab.Start(ns, [.. env, .. Command(), "-n", "-l", "-f", conf, "-p", Path.Combine(dir.FullName, "keepalived.pid"),
            "--control-socket", Path.Combine(dir.FullName, "control.sock"), .. extraArgs]);
        return new OurDaemon(dir.FullName, new DaemonProcess(p));
    }

    public void Dispose()
    {
        Process.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
