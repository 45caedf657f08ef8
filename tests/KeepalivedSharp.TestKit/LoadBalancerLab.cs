using System.Diagnostics;
using KeepalivedSharp.Lab;

namespace KeepalivedSharp.TestKit;

/// <summary>
/// A director in front of three real HTTP backends, and a client, in lab namespaces on one bridge:
/// the director has the VIP 10.0.0.100 and 10.0.0.1 on the client side, 10.0.1.1 on the backend
/// side, and forwards; backends 10.0.1.11..13 route back through it (NAT's return path) and serve
/// their name ("b1".."b3") on port 80 with python3's http.server. The director also holds a marker
/// table of the test's own, which the load balancer must leave as it found it.
/// </summary>
public sealed class LoadBalancerLab : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    public const string Vip = "10.0.0.100";
    public const string MarkerTable = "ks_test_marker";

    private readonly TempFolder _files = new();
    private readonly Process?[] _servers = new Process?[3];

    public NamespaceLab Lab { get; } = new();
    public string Director { get; }
    public string Client { get; }
    public string[] Backends { get; } = new string[3];

    public LoadBalancerLab()
    {
        try
        {
            Director = Lab.AddHost("dir", "eth0", true, "10.0.0.1/24", "10.0.1.1/24", $"{Vip}/24");
            NamespaceLab.Exec(Director, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            // Client and backends share the bridge: no redirects telling backends to bypass the director.
            NamespaceLab.Exec(Director, "sysctl", "-qw", "net.ipv4.conf.all.send_redirects=0");
            NamespaceLab.Exec(Director, "sysctl", "-qw", "net.ipv4.conf.eth0.send_redirects=0");
            Client = Lab.AddHost("cli", "eth0", true, "10.0.0.2/24");
            for (int i = 0; i < 3; i++)
            {
                Backends[i] = Lab.AddHost($"b{i + 1}", "eth0", true, $"10.0.1.1{i + 1}/24");
                NamespaceLab.Exec(Backends[i], "ip", "route", "add", "default", "via", "10.0.1.1");
                _files.Write($"b{i + 1}/index.html", $"b{i + 1}\n");
                StartBackend(i);
            }
            var marker = _files.Write("marker.nft", $"table ip {MarkerTable} {{\n chain c {{\n  type filter hook prerouting priority 10; policy accept;\n  ip daddr 10.0.0.99 accept\n }}\n}}\n");
            NamespaceLab.Exec(Director, "nft", "-f", marker);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public static string Address(int backend) => $"10.0.1.1{backend + 1}";

    /// <summary>Starts backend <paramref name="i"/>'s web server and waits until it listens.</summary>
    public void StartBackend(int i)
    {
        _servers[i] = Lab.Start(Backends[i], "python3", "-m", "http.server", "80", "--bind", Address(i), "--directory", Path.Combine(_files.Path, $"b{i + 1}"));
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < Bound)
        {
            if (NamespaceLab.Run(Backends[i], TimeSpan.FromSeconds(5), "ss", "-ltnH", "sport = :80").Stdout.Contains(":80", StringComparison.Ordinal)) return;
            Thread.Sleep(50);
        }
        throw new TimeoutException($"backend b{i + 1} does not listen");
    }

    public void KillBackend(int i)
    {
        if (_servers[i] is not { } p) return;
        p.Kill(entireProcessTree: true);
        p.WaitForExit(5000);
        _servers[i] = null;
    }

    /// <summary>
    /// <paramref name="count"/> new connections from the client to VIP:80, one GET each, from
    /// <paramref name="source"/> when given (an address of the client's): each body ("b1") or "ERR kind".
    /// </summary>
    public string[] Requests(int count, int port = 80, string? source = null)
    {
        string script = $$"""
            import http.client
            for i in range({{count}}):
                try:
                    c=http.client.HTTPConnection('{{Vip}}',{{port}},timeout=3,source_address=('{{source ?? ""}}',0))
                    c.request('GET','/')
                    r=c.getresponse()
                    b=r.read().decode().strip()
                    c.close()
                    print(b if r.status==200 else 'ERR status %d' % r.status, flush=True)
                except Exception as e:
                    print('ERR', type(e).__name__, e, flush=True)
            """;
        var r = NamespaceLab.Run(Client, TimeSpan.FromSeconds(60 + count * 4), "python3", "-c", script);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>How many of <paramref name="bodies"/> each backend served, b1..b3, then failures.</summary>
    public static (int B1, int B2, int B3, int Failed) Count(string[] bodies) =>
        (bodies.Count(b => b == "b1"), bodies.Count(b => b == "b2"), bodies.Count(b => b == "b3"), bodies.Count(b => b.StartsWith("ERR", StringComparison.Ordinal)));

    /// <summary>The director's ruleset listing of one table, or null when it is absent.</summary>
    public string? Table(string family, string name)
    {
        var r = NamespaceLab.Run(Director, TimeSpan.FromSeconds(10), "nft", "list", "table", family, name);
        return r.ExitCode == 0 ? r.Stdout : null;
    }

    public string Files => _files.Path;

    public void Dispose()
    {
        for (int i = 0; i < _servers.Length; i++) KillBackend(i);
        Lab.Dispose();
        _files.Dispose();
    }
}
