using KeepalivedSharp.Lab;

namespace KeepalivedSharp.TestKit;

/// <summary>
/// Real keepalived (VRRP only) in a lab namespace, with its config and pid files in a private 0700
/// directory. Dispose stops it and removes the directory.
/// </summary>
public sealed class KeepalivedRunner : IDisposable
{
    private readonly DaemonProcess _process;

    public string Directory { get; }

    /// <summary>keepalived's console log, for waiting on "Entering MASTER STATE" and the like.</summary>
    public DaemonProcess Process => _process;

    public string ConfigPath => Path.Combine(Directory, "keepalived.conf");

    private KeepalivedRunner(string directory, DaemonProcess process)
    {
        Directory = directory;
        _process = process;
    }

    public static KeepalivedRunner Start(NamespaceLab lab, string ns, string config)
    {
        // A fresh random name, created 0700 on Unix: no predictable pid file paths in /tmp.
        var dir = System.IO.Directory.CreateTempSubdirectory("ks-keepalived-");
        var conf = Path.Combine(dir.FullName, "keepalived.conf");
        File.WriteAllText(conf, config);
        var p = lab.Start(ns, "/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f", conf,
            "-p", Path.Combine(dir.FullName, "keepalived.pid"),
            "-r", Path.Combine(dir.FullName, "vrrp.pid"),
            "-c", Path.Combine(dir.FullName, "checkers.pid"));
        return new KeepalivedRunner(dir.FullName, new DaemonProcess(p));
    }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        _process.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
