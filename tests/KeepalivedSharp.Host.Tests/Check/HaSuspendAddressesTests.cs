using System.Net;
using KeepalivedSharp.Config;
using KeepalivedSharp.Host.Check;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Host.Tests.Check;

/// <summary>ha_suspend's address book: presence per virtual server, counted per interface (check_api.c update_checker_activity).</summary>
public sealed class HaSuspendAddressesTests
{
    private const string Config = """
        virtual_server_group G {
         10.0.0.5 80
         10.0.0.6 80
        }
        virtual_server group G {
         lvs_sched rr
         protocol TCP
         ha_suspend
         real_server 10.0.0.2 80 {
          TCP_CHECK {
          }
         }
        }
        virtual_server 10.0.0.1 80 {
         lvs_sched rr
         protocol TCP
         ha_suspend
         real_server 10.0.0.2 80 {
          TCP_CHECK {
          }
         }
        }
        virtual_server 10.0.0.9 80 {
         lvs_sched rr
         protocol TCP
         real_server 10.0.0.2 80 {
          TCP_CHECK {
          }
         }
        }
        """;

    private static readonly IPAddress Vip = IPAddress.Parse("10.0.0.1");

    private static HaSuspendAddresses Book()
    {
        var r = ConfigLoader.LoadText(Config, "/etc/keepalived/keepalived.conf", new ConfigOptions());
        Assert.True(r.Config is not null, string.Join("\n", r.Diagnostics));
        return new HaSuspendAddresses(CheckSetupBuilder.Build(r.Config));
    }

    [Fact]
    public void OnlyHaSuspendServersAreWatched_EachGroupAddressCounts()
    {
        var book = Book();
        // The group's virtual server is one, [G]:0, with a service per address: any of them present activates it.
        Assert.Equal(["[10.0.0.1]:tcp:80", "[G]:0"], book.VirtualServers.Order(StringComparer.Ordinal));
        Assert.False(book.Watches(IPAddress.Parse("10.0.0.9")));
        var all = book.Reset([(IPAddress.Parse("10.0.0.6"), 2), (IPAddress.Parse("10.0.0.9"), 2)]);
        Assert.Equal([new VipPresent("[10.0.0.1]:tcp:80", false), new VipPresent("[G]:0", true)],
            all.OrderBy(p => p.VirtualServer, StringComparer.Ordinal));
    }

    [Fact]
    public void SameAddressOnTwoInterfaces_SuspendedOnlyWhenTheLastGoes_RepeatsChangeNothing()
    {
        var book = Book();
        book.Reset([]);
        var changes = new List<VipPresent>();
        book.Apply(Vip, 2, removed: false, changes);
        book.Apply(Vip, 3, removed: false, changes);
        book.Apply(Vip, 2, removed: false, changes); // a dump overlapping an event
        Assert.Equal([new VipPresent("[10.0.0.1]:tcp:80", true)], changes);
        changes.Clear();
        book.Apply(Vip, 2, removed: true, changes);
        Assert.Empty(changes);
        book.Apply(Vip, 3, removed: true, changes);
        book.Apply(Vip, 3, removed: true, changes);
        Assert.Equal([new VipPresent("[10.0.0.1]:tcp:80", false)], changes);
    }
}
