using KeepalivedSharp.Lab;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Linux.Tests.Layout;

/// <summary>
/// Every struct and constant we declare is checked against the system headers: a C file of
/// _Static_assert lines is generated from our declarations and compiled with gcc.
/// </summary>
public sealed class GccLayoutTests
{
    private static readonly string[] Headers =
    [
        "sys/socket.h", "netinet/in.h", "netinet/ip.h", "netpacket/packet.h", "poll.h", "sched.h", "net/if.h",
        "linux/netlink.h", "linux/rtnetlink.h", "linux/if_addr.h", "linux/if_link.h", "linux/fib_rules.h",
        "linux/if_ether.h", "linux/filter.h", "linux/genetlink.h", "linux/ip_vs.h", "stddef.h", "time.h", "sys/epoll.h", "sys/eventfd.h",
        "sys/resource.h", "sys/mman.h", "signal.h",
    ];

    /// <summary>Ours but not in any header: IANA numbers and kernel values the headers do not export.</summary>
    private static readonly Dictionary<string, string> NotInHeaders = new()
    {
        ["IPPROTO_VRRP"] = "IANA protocol 112; libc headers do not name it",
        ["IFF_LOWER_UP"] = "in linux/if.h, which clashes with net/if.h; checked separately below",
    };

    private static readonly Type[] ConstantClasses =
    [
        typeof(Interop), typeof(NetlinkMessageType), typeof(NetlinkFlags), typeof(RtmType), typeof(IfaAttr),
        typeof(IflaAttr), typeof(RtaAttr), typeof(FraAttr),
    ];

    public static string GenerateChecks()
    {
        var c = new StringBuilder();
        c.AppendLine("#define _GNU_SOURCE");
        foreach (var h in Headers) c.AppendLine($"#include <{h}>");

        foreach (var type in ConstantClasses)
            foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            {
                if (!f.IsLiteral || f.FieldType == typeof(string) || NotInHeaders.ContainsKey(f.Name)) continue;
                c.AppendLine($"_Static_assert({f.Name} == {Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}LL, \"{type.Name}.{f.Name}\");");
            }

        foreach (var s in typeof(Interop).GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public).Where(t => t.IsValueType))
        {
            c.AppendLine($"_Static_assert(sizeof(struct {s.Name}) == {Marshal.SizeOf(s)}, \"sizeof {s.Name}\");");
            foreach (var f in s.GetFields(BindingFlags.Public | BindingFlags.Instance))
                c.AppendLine($"_Static_assert(offsetof(struct {s.Name}, {f.Name}) == {Marshal.OffsetOf(s, f.Name)}, \"{s.Name}.{f.Name}\");");
        }

        var layouts = typeof(Interop).Assembly.GetTypes()
            .Select(t => (Type: t, Attr: t.GetCustomAttribute<CLayoutAttribute>()))
            .Where(x => x.Attr is not null);
        foreach (var (t, attr) in layouts)
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            {
                var v = f.GetRawConstantValue();
                c.AppendLine(f.Name == "SIZEOF"
                    ? $"_Static_assert(sizeof({attr!.CType}) == {v}, \"sizeof {attr.CType}\");"
                    : $"_Static_assert(offsetof({attr!.CType}, {f.Name}) == {v}, \"{attr.CType}.{f.Name}\");");
            }
        return c.ToString();
    }

    private static ProcResult Compile(string source)
    {
        var dir = Directory.CreateTempSubdirectory("ks-layout-");
        try
        {
            var file = Path.Combine(dir.FullName, "layout.c");
            File.WriteAllText(file, source);
            return LabShell.Run("gcc", ["-fsyntax-only", "-Wall", "-Werror", file], TimeSpan.FromSeconds(60));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Declarations_ComparedWithSystemHeaders_AllMatch()
    {
        var source = GenerateChecks();
        var r = Compile(source);
        Assert.True(r.ExitCode == 0, r.Output);
        // Guard against an empty check: all the named structs must be in there.
        foreach (var s in new[] { "sockaddr_in", "sockaddr_in6", "sockaddr_ll", "sockaddr_nl", "msghdr", "cmsghdr", "iovec", "ip_mreqn", "ipv6_mreq", "in_pktinfo", "in6_pktinfo", "nlmsghdr", "ifaddrmsg", "ifinfomsg", "rtmsg", "fib_rule_hdr", "rtattr", "timespec" })
            Assert.Contains($"sizeof(struct {s})", source, StringComparison.Ordinal);
        Assert.Contains("_Static_assert(IPV6_RECVHOPLIMIT == 51LL", source, StringComparison.Ordinal);
        Assert.Contains("_Static_assert(offsetof(struct rtmsg, rtm_flags) == 8", source, StringComparison.Ordinal);
        Assert.InRange(source.Split('\n').Count(l => l.StartsWith("_Static_assert", StringComparison.Ordinal)), 250, 1000);
    }

    [Fact]
    public void IffLowerUp_ComparedWithLinuxIfHeader_Matches()
    {
        var r = Compile($"#include <linux/if.h>\n_Static_assert(IFF_LOWER_UP == {IflaAttr.IFF_LOWER_UP}, \"IFF_LOWER_UP\");\n");
        Assert.True(r.ExitCode == 0, r.Output);
    }

    [Fact]
    public void Compile_WrongDeclaration_IsCaught()
    {
        var r = Compile("#include <linux/netlink.h>\n_Static_assert(sizeof(struct nlmsghdr) == 15, \"nlmsghdr\");\n");
        Assert.NotEqual(0, r.ExitCode);
    }
}
