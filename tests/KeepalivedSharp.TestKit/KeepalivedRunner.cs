namespace KeepalivedSharp.TestKit;

/// <summary>
/// Real keepalived (VRRP only) in a lab namespace, with its config and pid files in a private 0700
/// directory. Dispose stops it and removes the directory.
/// </summary>
public sealed class KeepalivedRunner : IDisposable
{
    private readonly System.Diagnostics.Process _process;

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "keepalived.conf");

    private KeepalivedRunner(string directory, System.Diagnostics.Process process)
    {
        Directory = directory;
        _process = process;
    }

    public static KeepalivedRunner Start(NetLab lab, string ns, string config)
    {
        // A fresh random name, created 0700 on Unix: no predictable pid file paths in /tmp.
        var dir = System.IO.Directory.CreateTempSubdirectory("ks-keepalived-");
        var conf = Path.Combine(dir.FullName, "keepalived.conf");
        File.WriteAllText(conf, config);
        var p = lab.Start(ns, "/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f", conf,
            "-p", Path.Combine(dir.FullName, "keepalived.pid"),
            "-r", Path.Combine(dir.FullName, "vrrp.pid"),
            "-c", Path.Combine(dir.FullName, "checkers.pid"));
        // Drain its console output so it never blocks on a full pipe.
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return new KeepalivedRunner(dir.FullName, p);
    }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { }
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
