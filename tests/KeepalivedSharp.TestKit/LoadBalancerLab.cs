using System.Diagnostics;
using KeepalivedSharp.Lab;

namespace KeepalivedSharp.TestKit;

/// <summary>
/// A director in front of three real HTTP backends, and a client, in lab namespaces on one bridge:
/// the director has the VIP 10.0.0.100 and 10.0.0.1 on the client side, 10.0.1.1 on the backend
/// side, and forwards; backends 10.0.1.11..13 route back through 10.0.1.1 (NAT's return path) and serve
/// their name ("b1".."b3") on port 80 with python3's http.server. The director also holds a marker
/// table of the test's own, which the load balancer must leave as it found it.
/// With <c>pair</c>, two directors (10.0.0.1 and 10.0.1.2; 10.0.0.3 and 10.0.1.3) hold neither the VIP
/// nor the backends' gateway 10.0.1.1: VRRP is to move both, as an LVS-NAT pair does.
/// With <c>ipv6</c>, every node also has an address of its side's IPv6 prefix: the VIP fd00::100 and
/// fd00::1 on the client side, the gateway fd00:1::1, backends fd00:1::11..13 routed back through it,
/// and the backends serve on both families.
/// </summary>
public sealed class LoadBalancerLab : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    public const string Vip = "10.0.0.100";
    public const string Gateway = "10.0.1.1";
    public const string MarkerTable = "ks_test_marker";
    public const string Vip6 = "fd00::100";
    public const string Gateway6 = "fd00:1::1";

    private readonly TempFolder _files = new();
    private readonly Process?[] _servers = new Process?[3];
    private readonly bool _ipv6;

    public NamespaceLab Lab { get; } = new();
    public string Director { get; }
    /// <summary>The second director of a pair, or null.</summary>
    public string? Director2 { get; }
    public string Client { get; }
    public string[] Backends { get; } = new string[3];

    public LoadBalancerLab(bool pair = false, bool ipv6 = false)
    {
        _ipv6 = ipv6;
        try
        {
            string[] v6 = ipv6 ? ["fd00::1/64", $"{Gateway6}/64", $"{Vip6}/64"] : [];
            Director = pair ? AddDirector("dir1", "10.0.0.1/24", "10.0.1.2/24") : AddDirector("dir", ["10.0.0.1/24", $"{Gateway}/24", $"{Vip}/24", .. v6]);
            if (pair) Director2 = AddDirector("dir2", "10.0.0.3/24", "10.0.1.3/24");
            Client = Lab.AddHost("cli", "eth0", true, ["10.0.0.2/24", .. (ipv6 ? (string[])["fd00::2/64"] : [])]);
            if (ipv6) NoRedirects(Client);
            for (int i = 0; i < 3; i++)
            {
                Backends[i] = Lab.AddHost($"b{i + 1}", "eth0", true, [$"10.0.1.1{i + 1}/24", .. (ipv6 ? (string[])[$"{Address6(i)}/64"] : [])]);
                NamespaceLab.Exec(Backends[i], "ip", "route", "add", "default", "via", Gateway);
                if (ipv6)
                {
                    NamespaceLab.Exec(Backends[i], "ip", "-6", "route", "add", "default", "via", Gateway6);
                    NoRedirects(Backends[i]);
                }
                _files.Write($"b{i + 1}/index.html", $"b{i + 1}\n");
                StartBackend(i);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private string AddDirector(string name, params string[] addresses)
    {
        var ns = Lab.AddHost(name, "eth0", true, addresses);
        NamespaceLab.Exec(ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        // Client and backends share the bridge: no redirects telling backends to bypass the director.
        NamespaceLab.Exec(ns, "sysctl", "-qw", "net.ipv4.conf.all.send_redirects=0");
        NamespaceLab.Exec(ns, "sysctl", "-qw", "net.ipv4.conf.eth0.send_redirects=0");
        if (_ipv6) NamespaceLab.Exec(ns, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
        var marker = _files.Write($"marker-{name}.nft", $"table ip {MarkerTable} {{\n chain c {{\n  type filter hook prerouting priority 10; policy accept;\n  ip daddr 10.0.0.99 accept\n }}\n}}\n");
        NamespaceLab.Exec(ns, "nft", "-f", marker);
        return ns;
    }

    /// <summary>
    /// IPv6 has no send_redirects: the director would redirect a backend's replies straight to the
    /// client (same link), past conntrack's reverse NAT. Hosts ignore redirects instead.
    /// </summary>
    private static void NoRedirects(string ns)
    {
        NamespaceLab.Exec(ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_redirects=0");
        NamespaceLab.Exec(ns, "sysctl", "-qw", "net.ipv6.conf.eth0.accept_redirects=0");
    }

    public static string Address(int backend) => $"10.0.1.1{backend + 1}";

    public static string Address6(int backend) => $"fd00:1::1{backend + 1}";

    /// <summary>A <c>real_server</c> block for backend <paramref name="backend"/> on port 80, checked by TCP_CHECK (1 s, no retry), optionally inhibit_on_failure.</summary>
    public static string TcpCheckedServer(int backend, bool ipv6 = false, bool inhibit = false) => $$"""
            real_server {{(ipv6 ? Address6(backend) : Address(backend))}} 80 {{{(inhibit ? "\n        inhibit_on_failure" : "")}}
                TCP_CHECK {
                    connect_timeout 1
                    retry 0
                }
            }
        """;

    /// <summary>Starts backend <paramref name="i"/>'s web server (with IPv6, on both families: http.server binds :: dual-stack) and waits until it listens.</summary>
    public void StartBackend(int i)
    {
        _servers[i] = Lab.Start(Backends[i], "python3", "-m", "http.server", "80", "--bind", _ipv6 ? "::" : Address(i), "--directory", Path.Combine(_files.Path, $"b{i + 1}"));
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
    /// <paramref name="count"/> new connections from the client to VIP:80 (or <paramref name="vip"/>), one GET each, from
    /// <paramref name="source"/> when given (an address of the client's): each body ("b1") or "ERR kind".
    /// </summary>
    public string[] Requests(int count, int port = 80, string? source = null, string vip = Vip)
    {
        string script = GetOnce(port, source, vip) + $$"""
            for i in range({{count}}):
                get()
            """;
        var r = NamespaceLab.Run(Client, TimeSpan.FromSeconds(60 + count * 4), "python3", "-c", script);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>A python function <c>get()</c>: one new connection to VIP:<paramref name="port"/>, one GET, its body or "ERR kind" printed.</summary>
    private static string GetOnce(int port, string? source, string vip = Vip) => $$"""
        import http.client
        def get():
            try:
                c=http.client.HTTPConnection('{{vip}}',{{port}},timeout=3,source_address=('{{source ?? ""}}',0))
                c.request('GET','/')
                r=c.getresponse()
                b=r.read().decode().strip()
                c.close()
                print(b if r.status==200 else 'ERR status %d' % r.status, flush=True)
            except Exception as e:
                print('ERR', type(e).__name__, e, flush=True)

        """;

    /// <summary>
    /// A client that opens a new connection to VIP:80 every 50 ms, one GET each (3 s timeout), until
    /// <see cref="SteadyClient.Stop"/>, which returns every body or "ERR kind".
    /// </summary>
    public SteadyClient SteadyRequests()
    {
        string stop = Path.Combine(_files.Path, $"steady-stop-{Guid.NewGuid():N}");
        string script = GetOnce(80, null) + $$"""
            import os,time
            while not os.path.exists('{{stop}}'):
                get()
                time.sleep(0.05)
            """;
        return new SteadyClient(Lab.Start(Client, "python3", "-c", script), stop);
    }

    public sealed class SteadyClient
    {
        private readonly Process _p;
        private readonly string _stop;
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _bodies = new();

        internal SteadyClient(Process p, string stop)
        {
            (_p, _stop) = (p, stop);
            _p.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) _bodies.Enqueue(line.Trim()); };
            _p.BeginOutputReadLine();
        }

        /// <summary>Waits until <paramref name="more"/> more answers than <paramref name="from"/> have come, within <see cref="Bound"/>.</summary>
        public int WaitFor(int more, int from = 0)
        {
            var sw = Stopwatch.StartNew();
            while (_bodies.Count < from + more && sw.Elapsed < Bound) Thread.Sleep(20);
            if (_bodies.Count < from + more) throw new TimeoutException($"the steady client answered {_bodies.Count - from} of {more}: {string.Join(" | ", _bodies)}");
            return _bodies.Count;
        }

        public string[] Stop()
        {
            File.WriteAllText(_stop, "");
            if (!_p.WaitForExit(10_000)) _p.Kill(entireProcessTree: true);
            _p.WaitForExit();
            return _bodies.ToArray();
        }
    }

    /// <summary>How many of <paramref name="bodies"/> each backend served, b1..b3, then failures.</summary>
    public static (int B1, int B2, int B3, int Failed) Count(string[] bodies) =>
        (bodies.Count(b => b == "b1"), bodies.Count(b => b == "b2"), bodies.Count(b => b == "b3"), bodies.Count(b => b.StartsWith("ERR", StringComparison.Ordinal)));

    /// <summary>The ruleset listing of one table on <paramref name="director"/> (the first by default), or null when it is absent.</summary>
    public string? Table(string family, string name, string? director = null)
    {
        var r = NamespaceLab.Run(director ?? Director, TimeSpan.FromSeconds(10), "nft", "list", "table", family, name);
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
