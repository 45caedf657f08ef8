using KeepalivedSharp.Lab;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.RtNetlink;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Linux.Tests.RtNetlink;

/// <summary>One lab host "h" (eth0 10.0.0.1/24, fd00::1/64) with an rtnetlink client opened inside it.</summary>
public sealed class HostLabFixture : IDisposable
{
    public NamespaceLab Lab { get; } = new();
    public string Ns { get; }
    public RtNetlinkClient Client { get; }
    public int Eth0 { get; }

    public HostLabFixture()
    {
        try
        {
            Ns = Lab.AddHost("h", "eth0", "10.0.0.1/24", "fd00::1/64");
            // NamespaceLab adds IPv4 with noprefixroute; gateways in route tests need the connected route.
            NamespaceLab.Exec(Ns, "ip", "route", "add", "10.0.0.0/24", "dev", "eth0");
            Client = NetworkNamespace.Run(Ns, () => new RtNetlinkClient());
            Eth0 = NetworkNamespace.Run(Ns, () => InterfaceNames.IndexOf("eth0"));
        }
        catch
        {
            Lab.Dispose();
            throw;
        }
    }

    /// <summary>Runs `ip -j ARGS` in the host namespace and parses the JSON.</summary>
    public System.Text.Json.JsonElement IpJson(params string[] args)
    {
        var r = NamespaceLab.Exec(Ns, ["ip", "-j", .. args]);
        using var doc = System.Text.Json.JsonDocument.Parse(string.IsNullOrWhiteSpace(r.Stdout) ? "[]" : r.Stdout);
        return doc.RootElement.Clone();
    }

    public void Dispose()
    {
        Client?.Dispose();
        Lab.Dispose();
    }
}
