using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KeepalivedSharp.Lab;

namespace KeepalivedSharp.Soak;

/// <summary>
/// One daemon of the soak (ours or keepalived) in its namespace. Signals go to the process ids this
/// node started and their children, each checked to live in this node's namespace first: never a
/// process found by name.
/// </summary>
public sealed partial class SoakNode : IDisposable
{
    private readonly NamespaceLab _lab;
    private readonly string[] _command;
    private readonly Action<int, string, string> _onState;
    private readonly Action<string> _onLine;
    private Process? _process;
    private string? _netnsInode;

    public int Index { get; }
    public string Name => string.Create(CultureInfo.InvariantCulture, $"n{Index + 1}");
    public string Namespace { get; }
    public NodeKind Kind { get; }
    public string Directory { get; }
    public string ConfigPath => Path.Combine(Directory, "keepalived.conf");
    public bool Alternate { get; set; }

    /// <summary>True while the soak wants the daemon running (false between a crash and its restart).</summary>
    public bool Expected { get; private set; }

    public SoakNode(NamespaceLab lab, int index, string ns, NodeKind kind, string[] ours, Action<int, string, string> onState, Action<string> onLine)
    {
        _lab = lab;
        Index = index;
        Namespace = ns;
        Kind = kind;
        _onState = onState;
        _onLine = onLine;
        Directory = System.IO.Directory.CreateTempSubdirectory("ks-soak-").FullName;
        _command = kind == NodeKind.Keepalived
            ? ["/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f", ConfigPath, "-p", Path.Combine(Directory, "keepalived.pid"),
               "-r", Path.Combine(Directory, "vrrp.pid"), "-c", Path.Combine(Directory, "checkers.pid")]
            : [.. ours, "-n", "-l", "-f", ConfigPath, "-p", Path.Combine(Directory, "keepalived.pid"), "--control-socket", Path.Combine(Directory, "control.sock")];
    }

    public int Pid => _process?.Id ?? -1;

    public void Start()
    {
        var p = _lab.Start(Namespace, _command);
        p.OutputDataReceived += (_, e) => OnLine(e.Data);
        p.ErrorDataReceived += (_, e) => OnLine(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _process = p;
        Expected = true;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        _onLine(line);
        var m = StateLine().Match(line);
        if (m.Success) _onState(Index, m.Groups[1].Value, m.Groups[2].Value);
    }

    [GeneratedRegex(@"\((VI_\d+)\) Entering ([A-Z]+) STATE")]
    private static partial Regex StateLine();

    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>The daemon's pid and its descendants (keepalived -P runs a VRRP child), each in this namespace.</summary>
    public IReadOnlyList<int> Pids()
    {
        if (_process is null || _process.HasExited) return [];
        var all = new List<int>();
        var queue = new Queue<int>([_process.Id]);
        while (queue.Count > 0)
        {
            var pid = queue.Dequeue();
            if (!InMyNamespace(pid)) continue;
            all.Add(pid);
            foreach (var task in SafeDirs($"/proc/{pid}/task"))
            {
                string children;
                try { children = File.ReadAllText(Path.Combine(task, "children")); }
                catch (IOException) { continue; }
                foreach (var c in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    queue.Enqueue(int.Parse(c, CultureInfo.InvariantCulture));
            }
        }
        return all;
    }

    private static string[] SafeDirs(string path)
    {
        try { return System.IO.Directory.GetDirectories(path); }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }

    /// <summary>The process's network namespace is this node's (compared by inode with /run/netns/NS).</summary>
    private bool InMyNamespace(int pid)
    {
        try
        {
            var mine = new FileInfo($"/proc/{pid}/ns/net").LinkTarget;
            _netnsInode ??= LabShell.Run("stat", "-L", "-c", "net:[%i]", $"/run/netns/{Namespace}").Stdout.Trim();
            return mine == _netnsInode;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Signals the daemon's processes; returns the pids signalled (parent first).</summary>
    public IReadOnlyList<int> Signal(string signal)
    {
        var pids = Pids();
        if (pids.Count == 0) throw new InvalidOperationException($"{Name}: no process of this node to signal {signal}");
        foreach (var pid in pids) LabShell.Signal(pid, signal);
        return pids;
    }

    /// <summary>SIGHUP to the main process only (keepalived's parent passes it on to its VRRP child).</summary>
    public bool Reload() => _process is { HasExited: false } p && InMyNamespace(p.Id) && LabShell.Signal(p.Id, "HUP");

    /// <summary>SIGKILL (a crash: no priority-0 advert, VIPs left behind) and wait until every process is gone.</summary>
    public IReadOnlyList<int> Crash()
    {
        Expected = false;
        var pids = Signal("KILL");
        if (pids.Count == 0) throw new InvalidOperationException($"{Name}: no process of this node to kill");
        _process?.WaitForExit(5000);
        var sw = Stopwatch.StartNew();
        while (pids.Any(p => System.IO.Directory.Exists($"/proc/{p}")) && sw.Elapsed < TimeSpan.FromSeconds(5)) Thread.Sleep(20);
        _process?.Dispose();
        _process = null;
        return pids;
    }

    public void WriteConfig(string text) => File.WriteAllText(ConfigPath, text);

    public void Dispose()
    {
        Expected = false;
        if (_process is not null) LabShell.Stop(_process);
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
