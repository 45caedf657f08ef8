using System.Diagnostics;
using System.Globalization;

namespace KeepalivedSharp.Lab;

/// <summary>
/// Network namespaces for the lab: one bridge namespace and one namespace per node, joined by veth
/// pairs, with private test addresses (10.77.0.0/24, fd77::/64) that exist only inside them. Names
/// carry the prefix ks-lab-PID-; Dispose removes them and kills what runs in them, and creation
/// first sweeps labs whose owner process is gone.
/// </summary>
public sealed class LabNetwork : IDisposable
{
    private const string Root = "ks-lab-";
    private readonly List<string> _namespaces = [];
    private int _disposed;

    public string Prefix { get; } = string.Create(CultureInfo.InvariantCulture, $"{Root}{Environment.ProcessId}-");

    public LabNetwork()
    {
        SweepStale();
        var br = Add("br");
        Ip("netns", "exec", br, "ip", "link", "add", "br0", "type", "bridge");
        Ip("netns", "exec", br, "ip", "link", "set", "br0", "up");
    }

    public static string Address4(int host) => string.Create(CultureInfo.InvariantCulture, $"10.77.0.{host}");
    public static string Address6(int host) => string.Create(CultureInfo.InvariantCulture, $"fd77::{host}");

    /// <summary>Adds a node namespace whose eth0 is on the lab bridge; returns its name.</summary>
    public string AddNode(string name, int host)
    {
        var ns = Add(name);
        var outer = string.Create(CultureInfo.InvariantCulture, $"v{host}");
        Ip("link", "add", outer, "netns", Prefix + "br", "type", "veth", "peer", "name", "eth0", "netns", ns);
        Ip("netns", "exec", Prefix + "br", "ip", "link", "set", outer, "master", "br0");
        Ip("netns", "exec", Prefix + "br", "ip", "link", "set", outer, "up");
        Ip("netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0");
        Ip("netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.eth0.accept_dad=0");
        Ip("netns", "exec", ns, "ip", "addr", "add", Address4(host) + "/24", "dev", "eth0");
        Ip("netns", "exec", ns, "ip", "addr", "add", Address6(host) + "/64", "dev", "eth0", "nodad");
        Ip("netns", "exec", ns, "ip", "link", "set", "eth0", "up");
        return ns;
    }

    /// <summary>Adds one more interface to a node (for configs that name several), up, on the bridge.</summary>
    public void AddInterface(string ns, string ifName, int tag)
    {
        var outer = string.Create(CultureInfo.InvariantCulture, $"x{tag}");
        Ip("link", "add", outer, "netns", Prefix + "br", "type", "veth", "peer", "name", ifName, "netns", ns);
        Ip("netns", "exec", Prefix + "br", "ip", "link", "set", outer, "master", "br0");
        Ip("netns", "exec", Prefix + "br", "ip", "link", "set", outer, "up");
        Ip("netns", "exec", ns, "ip", "link", "set", ifName, "up");
    }

    /// <summary>The addresses on a node's interfaces (ip -o addr), for showing who holds a VIP.</summary>
    public static string Addresses(string ns)
        => Run("ip", "netns", "exec", ns, "ip", "-o", "addr", "show").Output;

    private string Add(string name)
    {
        var ns = Prefix + name;
        Ip("netns", "add", ns);
        _namespaces.Add(ns);
        Ip("netns", "exec", ns, "ip", "link", "set", "lo", "up");
        return ns;
    }

    private static void Ip(params string[] args)
    {
        var r = Run("ip", args);
        if (r.Code != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)}: {r.Output.Trim()}");
    }

    internal static (int Code, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"{file} timed out");
        }
        return (p.ExitCode, output.Result + error.Result);
    }

    private static void Remove(string ns)
    {
        var pids = Run("ip", "netns", "pids", ns).Output;
        foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Run("kill", "-9", pid);
        Run("ip", "netns", "delete", ns);
    }

    /// <summary>Removes labs left by lab runs that died.</summary>
    public static void SweepStale()
    {
        foreach (var line in Run("ip", "netns", "list").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (!name.StartsWith(Root, StringComparison.Ordinal)) continue;
            var rest = name[Root.Length..];
            int dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !Directory.Exists($"/proc/{pid}"))
                Remove(name);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var ns in _namespaces.AsEnumerable().Reverse()) Remove(ns);
    }
}
