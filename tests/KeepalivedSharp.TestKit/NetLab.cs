using System.Globalization;

namespace KeepalivedSharp.TestKit;

/// <summary>
/// A throw-away set of network namespaces joined by veth pairs to a bridge that lives in its own
/// namespace. Names carry a per-run prefix (<c>ks-RUN-</c>); Dispose removes every namespace it made
/// (which also removes their veths and kills nothing else), and construction sweeps stale labs
/// left by earlier crashed runs of this machine.
/// </summary>
public sealed class NetLab : IDisposable
{
    private const string Root = "ks-";
    private readonly List<string> _namespaces = [];
    private readonly List<System.Diagnostics.Process> _processes = [];
    private int _nextHost = 1;

    public string Prefix { get; }
    public string BridgeNs { get; }

    public NetLab()
    {
        RequireRoot();
        SweepStale();
        // pid + a random part keeps concurrent labs apart; the pid lets the sweeper spot dead owners.
        Prefix = string.Create(CultureInfo.InvariantCulture, $"{Root}{Environment.ProcessId}x{Random.Shared.Next(0, 0xffff):x4}-");
        BridgeNs = AddNamespace("br");
        Exec(BridgeNs, "ip", "link", "add", "br0", "type", "bridge");
        Exec(BridgeNs, "ip", "link", "set", "br0", "up");
    }

    /// <summary>Fails (never skips) when not root: namespace tests belong in CI, which is root.</summary>
    public static void RequireRoot()
    {
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root")
        {
            var id = Proc.Run("id", "-u");
            if (id.Stdout.Trim() != "0")
                throw new InvalidOperationException("network-namespace tests need root (run ./test.sh as root, as CI does)");
        }
    }

    /// <summary>Creates a namespace with loopback up and returns its full name.</summary>
    public string AddNamespace(string shortName)
    {
        var name = Prefix + shortName;
        Proc.Check("ip", "netns", "add", name);
        _namespaces.Add(name);
        Exec(name, "ip", "link", "set", "lo", "up");
        return name;
    }

    /// <summary>
    /// Creates a host namespace whose interface <paramref name="ifName"/> is a veth attached to the
    /// lab bridge, with the given addresses ("10.0.0.1/24", "fd00::1/64"). Returns the namespace name.
    /// </summary>
    public string AddHost(string shortName, string ifName = "eth0", params string[] addresses)
    {
        var ns = AddNamespace(shortName);
        var n = _nextHost++;
        var outer = string.Create(CultureInfo.InvariantCulture, $"v{n}");
        Proc.Check("ip", "link", "add", outer, "netns", BridgeNs, "type", "veth", "peer", "name", ifName, "netns", ns);
        Exec(BridgeNs, "ip", "link", "set", outer, "master", "br0");
        Exec(BridgeNs, "ip", "link", "set", outer, "up");
        Exec(ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0");
        Exec(ns, "sysctl", "-qw", $"net.ipv6.conf.{ifName}.accept_dad=0");
        foreach (var a in addresses)
            Exec(ns, "ip", "addr", "add", a, "dev", ifName, a.Contains(':', StringComparison.Ordinal) ? "nodad" : "noprefixroute");
        Exec(ns, "ip", "link", "set", ifName, "up");
        return ns;
    }

    /// <summary>Adds an extra veth interface to an existing namespace (its peer stays unattached but up).</summary>
    public void AddInterface(string ns, string ifName)
    {
        var peer = string.Create(CultureInfo.InvariantCulture, $"x{_nextHost++}");
        Proc.Check("ip", "link", "add", peer, "netns", BridgeNs, "type", "veth", "peer", "name", ifName, "netns", ns);
        Exec(BridgeNs, "ip", "link", "set", peer, "up");
        Exec(ns, "ip", "link", "set", ifName, "up");
    }

    public static ProcResult Exec(string ns, params string[] command)
        => Proc.Check("ip", ["netns", "exec", ns, .. command]);

    public static ProcResult Run(string ns, TimeSpan timeout, params string[] command)
        => Proc.Run("ip", ["netns", "exec", ns, .. command], timeout);

    /// <summary>Starts a long-running process in a namespace; Dispose kills it.</summary>
    public System.Diagnostics.Process Start(string ns, params string[] command)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("ip")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in (string[])["netns", "exec", ns, .. command]) psi.ArgumentList.Add(a);
        var p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("cannot start process");
        _processes.Add(p);
        return p;
    }

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                    p.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException) { }
            p.Dispose();
        }
        foreach (var ns in _namespaces.AsEnumerable().Reverse())
            KillAndDelete(ns);
    }

    private static void KillAndDelete(string ns)
    {
        var pids = Proc.Run("ip", "netns", "pids", ns);
        foreach (var pid in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Proc.Run("kill", "-9", pid);
        Proc.Run("ip", "netns", "delete", ns);
    }

    /// <summary>Removes labs of ours whose owning process is gone.</summary>
    public static void SweepStale()
    {
        var list = Proc.Run("ip", "netns", "list");
        foreach (var line in list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (!name.StartsWith(Root, StringComparison.Ordinal)) continue;
            var rest = name[Root.Length..];
            var x = rest.IndexOf('x', StringComparison.Ordinal);
            if (x <= 0 || !int.TryParse(rest[..x], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (Directory.Exists($"/proc/{pid}")) continue;
            KillAndDelete(name);
        }
    }
}
