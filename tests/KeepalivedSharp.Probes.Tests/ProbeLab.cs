using KeepalivedSharp.Lab;

namespace KeepalivedSharp.Probes.Tests;

/// <summary>
/// The probe tests' namespaces: checker "chk" 10.0.0.1 / fd00::1 on eth0 and 10.0.0.11 on eth1 (also fwmark 7's
/// source towards 10.0.0.2), server "srv" 10.0.0.2 / fd00::2 whose nftables drop TCP 81; a temporary folder for
/// configs. <see cref="Run"/> runs the probe harness in the checker's namespace.
/// </summary>
public sealed class ProbeLab : IDisposable
{
    public NamespaceLab Lab { get; } = new();
    public string Probe { get; }
    public string Srv { get; }
    public string Dir { get; } = Directory.CreateTempSubdirectory("ks-probe-").FullName;

    public ProbeLab()
    {
        Probe = Lab.AddHost("chk", "eth0", prefixRoute: true, "10.0.0.1/24", "fd00::1/64");
        Lab.AddInterface(Probe, "eth1", bridged: true);
        NamespaceLab.Exec(Probe, "ip", "addr", "add", "10.0.0.11/24", "dev", "eth1");
        // fwmark 7 is routed out of eth1 with source 10.0.0.11 (the server sees which).
        NamespaceLab.Exec(Probe, "ip", "rule", "add", "fwmark", "7", "lookup", "7");
        NamespaceLab.Exec(Probe, "ip", "route", "add", "10.0.0.2", "dev", "eth1", "src", "10.0.0.11", "table", "7");
        Srv = Lab.AddHost("srv", "eth0", prefixRoute: true, "10.0.0.2/24", "fd00::2/64");
        LabShell.Nft(Srv, "table inet t {\n chain in {\n  type filter hook input priority 0;\n  tcp dport 81 drop\n }\n}\n");
    }

    public void Dispose()
    {
        Lab.Dispose();
        Directory.Delete(Dir, recursive: true);
    }

    /// <summary>Writes <paramref name="body"/> as the config and runs every checker <paramref name="rounds"/> times.</summary>
    public IReadOnlyList<HarnessLine> Run(string body, int rounds = 1)
    {
        var path = Path.Combine(Dir, "keepalived.conf");
        File.WriteAllText(path, body);
        return ProbeHarnessRunner.Run(Probe, path, rounds);
    }

    /// <summary>A virtual server with one real server of the same address and port, checked by <paramref name="checker"/>.</summary>
    public static string Vs(string rs, int port, string checker, string proto = "TCP") =>
        $"virtual_server {rs} {port} {{\n protocol {proto}\n real_server {rs} {port} {{\n  {checker}\n }}\n}}\n";
}
