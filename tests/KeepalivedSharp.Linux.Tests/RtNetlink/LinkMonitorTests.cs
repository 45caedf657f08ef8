using KeepalivedSharp.Lab;
using System.Diagnostics;
using System.Net;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.RtNetlink;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Linux.Tests.RtNetlink;

[Trait("Category", "Root")]
[Collection(NamespaceCollection.Name)]
public sealed class LinkMonitorTests : IDisposable
{
    private readonly NamespaceLab _lab = new();
    private readonly string _ns;
    private readonly LinkMonitor _monitor;

    public LinkMonitorTests()
    {
        _ns = _lab.AddHost("m", "eth0", "10.0.0.1/24", "fd00::1/64");
        _monitor = NetworkNamespace.Run(_ns, LinkMonitor.Open);
    }

    private T WaitFor<T>(Func<T, bool> match) where T : HostEvent
    {
        var events = new List<HostEvent>();
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(10))
        {
            events.Clear();
            _monitor.Poll(250, events);
            foreach (var e in events)
                if (e is T t && match(t)) return t;
        }
        throw new TimeoutException($"no matching {typeof(T).Name} within 10 s");
    }

    [Fact]
    public void Poll_LinkSetDownThenUp_ReportsDownThenUp()
    {
        NamespaceLab.Exec(_ns, "ip", "link", "set", "eth0", "down");
        var down = WaitFor<LinkEvent>(e => e.Link.Name == "eth0" && !e.Link.IsUp);
        Assert.False(down.Removed);
        Assert.False(down.Link.IsRunning);

        NamespaceLab.Exec(_ns, "ip", "link", "set", "eth0", "up");
        var up = WaitFor<LinkEvent>(e => e.Link.Name == "eth0" && e.Link.IsUp);
        Assert.Equal(down.Link.Index, up.Link.Index);
    }

    [Fact]
    public void Poll_AddressDeletedByHand_ReportsRemoved()
    {
        NamespaceLab.Exec(_ns, "ip", "addr", "del", "10.0.0.1/24", "dev", "eth0");
        var e = WaitFor<AddressEvent>(e => e.Removed && e.Address.Address.Equals(IPAddress.Parse("10.0.0.1")));
        Assert.Equal(24, e.Address.PrefixLength);
    }

    [Fact]
    public void Poll_Ipv6AddressAdded_ReportsAdded()
    {
        NamespaceLab.Exec(_ns, "ip", "addr", "add", "fd00::55/64", "dev", "eth0", "nodad");
        var e = WaitFor<AddressEvent>(e => !e.Removed && e.Address.Address.Equals(IPAddress.Parse("fd00::55")));
        Assert.Equal(64, e.Address.PrefixLength);
    }

    public void Dispose()
    {
        _monitor.Dispose();
        _lab.Dispose();
    }
}
