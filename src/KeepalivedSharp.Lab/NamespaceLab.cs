using System.Diagnostics;
using System.Globalization;

namespace KeepalivedSharp.Lab;

/// <summary>
/// A throw-away set of network namespaces joined by veth pairs to a bridge that lives in its own
/// namespace. Names carry a per-run prefix (<c>ks-PIDxRAND-</c>); Dispose kills what it started and
/// what runs in its namespaces and removes them (their veths go with them). Construction first
/// sweeps labs whose owning process is gone.
/// </summary>
public sealed class NamespaceLab : IDisposable
{
    private const string Root = "ks-";
    private readonly List<string> _namespaces = [];
    private readonly List<Process> _processes = [];
    private readonly Dictionary<(string Ns, string If), LabLink> _links = [];
    private readonly Lock _gate = new();
    private int _nextLink = 1;
    private int _disposed;

    public string Prefix { get; }
    public string BridgeNs { get; }

    /// <summary>One veth of a node: the inner name in the node's namespace, the outer one in the bridge namespace.</summary>
    public sealed record LabLink(string Namespace, string Name, string Outer, IReadOnlyList<string> Addresses, bool Bridged, bool PrefixRoute);

    public NamespaceLab()
    {
        RequireRoot();
        SweepStale();
        // pid + a random part keeps concurrent labs apart; the pid lets the sweeper spot dead owners.
        Prefix = string.Create(CultureInfo.InvariantCulture, $"{Root}{Environment.ProcessId}x{Random.Shared.Next(0, 0xffff):x4}-");
        try
        {
            BridgeNs = AddNamespace("br");
            LabShell.Exec(BridgeNs, "ip", "link", "add", "br0", "type", "bridge");
            LabShell.Exec(BridgeNs, "ip", "link", "set", "br0", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Fails (never skips) when not root: namespace tests belong in CI, which is root.</summary>
    public static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("network-namespace labs need root (run ./test.sh as root, as CI does)");
    }

    /// <summary>Creates a namespace with loopback up and returns its full name.</summary>
    public string AddNamespace(string shortName)
    {
        var name = Prefix + shortName;
        LabShell.Check("ip", "netns", "add", name);
        lock (_gate) _namespaces.Add(name);
        LabShell.Exec(name, "ip", "link", "set", "lo", "up");
        return name;
    }

    /// <summary>
    /// Creates a node namespace whose interface <paramref name="ifName"/> is a veth on the lab
    /// bridge, with the given addresses ("10.0.0.1/24", "fd00::1/64"; IPv4 ones noprefixroute).
    /// Returns the namespace name.
    /// </summary>
    public string AddHost(string shortName, string ifName = "eth0", params string[] addresses)
        => AddHost(shortName, ifName, prefixRoute: false, addresses);

    /// <summary>As <see cref="AddHost(string, string, string[])"/>; <paramref name="prefixRoute"/> keeps the IPv4 prefix route.</summary>
    public string AddHost(string shortName, string ifName, bool prefixRoute, params string[] addresses)
    {
        var ns = AddNamespace(shortName);
        LabShell.Exec(ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0");
        LabShell.Exec(ns, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0");
        Plug(new LabLink(ns, ifName, NextOuter("v"), addresses, Bridged: true, prefixRoute));
        return ns;
    }

    /// <summary>Adds a veth to an existing namespace; its peer is up, and on the bridge when <paramref name="bridged"/>.</summary>
    public void AddInterface(string ns, string ifName, bool bridged = false)
        => Plug(new LabLink(ns, ifName, NextOuter("x"), [], bridged, PrefixRoute: false));

    /// <summary>The veth named <paramref name="ifName"/> in <paramref name="ns"/>.</summary>
    public LabLink Link(string ns, string ifName)
    {
        lock (_gate) return _links[(ns, ifName)];
    }

    /// <summary>
    /// Deletes the veth and creates it again with the same names and addresses: the interface
    /// keeps its name and gets a new ifindex, as VLAN, bond or veth re-creation does. It stays
    /// absent for <paramref name="absent"/>.
    /// </summary>
    public void Recreate(string ns, string ifName, TimeSpan absent = default)
    {
        var link = Link(ns, ifName);
        LabShell.Run("ip", "-n", ns, "link", "del", ifName);
        if (absent > TimeSpan.Zero) Thread.Sleep(absent);
        Plug(link);
    }

    /// <summary>Sets a veth's bridge side down or up (a link flap the node sees as carrier loss).</summary>
    public void SetOuter(string ns, string ifName, bool up)
        => LabShell.Exec(BridgeNs, "ip", "link", "set", Link(ns, ifName).Outer, up ? "up" : "down");

    private string NextOuter(string letter)
    {
        lock (_gate) return string.Create(CultureInfo.InvariantCulture, $"{letter}{_nextLink++}");
    }

    private void Plug(LabLink link)
    {
        var (ns, ifName, outer) = (link.Namespace, link.Name, link.Outer);
        LabShell.Check("ip", "link", "add", outer, "netns", BridgeNs, "type", "veth", "peer", "name", ifName, "netns", ns);
        if (link.Bridged) LabShell.Exec(BridgeNs, "ip", "link", "set", outer, "master", "br0");
        LabShell.Exec(BridgeNs, "ip", "link", "set", outer, "up");
        // Only links with addresses (a name like eth0.1 is no sysctl key; new links take default.accept_dad).
        if (link.Addresses.Count > 0) LabShell.Exec(ns, "sysctl", "-qw", $"net.ipv6.conf.{ifName}.accept_dad=0");
        foreach (var a in link.Addresses)
        {
            bool v6 = a.Contains(':', StringComparison.Ordinal);
            if (v6) LabShell.Exec(ns, "ip", "addr", "add", a, "dev", ifName, "nodad");
            else if (link.PrefixRoute) LabShell.Exec(ns, "ip", "addr", "add", a, "dev", ifName);
            else LabShell.Exec(ns, "ip", "addr", "add", a, "dev", ifName, "noprefixroute");
        }
        LabShell.Exec(ns, "ip", "link", "set", ifName, "up");
        lock (_gate) _links[(ns, ifName)] = link;
    }

    public static ProcResult Exec(string ns, params string[] command) => LabShell.Exec(ns, command);

    public static ProcResult Run(string ns, TimeSpan timeout, params string[] command) => LabShell.Run(ns, timeout, command);

    /// <summary>Starts a long-running process in a namespace, output redirected; Dispose kills it.</summary>
    public Process Start(string ns, params string[] command)
    {
        var psi = new ProcessStartInfo("ip")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in (string[])["netns", "exec", ns, .. command]) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {command[0]}");
        lock (_gate) _processes.Add(p);
        return p;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Process[] processes;
        string[] namespaces;
        lock (_gate)
        {
            processes = [.. _processes];
            namespaces = [.. _namespaces];
        }
        foreach (var p in processes) LabShell.Stop(p);
        foreach (var ns in namespaces.Reverse()) KillAndDelete(ns);
    }

    private static void KillAndDelete(string ns)
    {
        var pids = LabShell.Run("ip", "netns", "pids", ns);
        foreach (var pid in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            LabShell.Run("kill", "-9", pid);
        LabShell.Run("ip", "netns", "delete", ns);
    }

    /// <summary>Removes labs of ours whose owning process is gone.</summary>
    public static void SweepStale()
    {
        var list = LabShell.Run("ip", "netns", "list");
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
