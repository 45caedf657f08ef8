using KeepalivedSharp.Linux.Ipvs;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;
using KeepalivedSharp.Linux.RtNetlink;

namespace KeepalivedSharp.Linux.Tests.Ipvs;

/// <summary>Generic netlink against this kernel's controller: no root needed, nothing leaves the host.</summary>
public sealed class GenericNetlinkSocketTests
{
    [Fact]
    public void GetFamily_Nlctrl_ResolvesToTheControllerId()
    {
        using var socket = NetlinkSocket.OpenGeneric();
        ushort id = 0;
        string name = "";
        socket.Request((b, s) => GenericNetlink.GetFamily(b, s, "nlctrl"), m => GenericNetlink.TryDecodeFamily(m.Payload, out id, out name, out _), () => "nlctrl");

        Assert.Equal(("nlctrl", (ushort)0x10), (name, id));
    }

    [Fact]
    public void IpvsClientOpen_FollowsTheKernel_ResolvesWithIpVsOrFailsWithEnoent()
    {
        if (File.Exists("/proc/net/ip_vs"))
        {
            using var client = IpvsClient.Open();
            Assert.True(client.FamilyId >= 0x10);
        }
        else
        {
            var e = Assert.Throws<LinuxNativeException>(() => IpvsClient.Open().Dispose());
            Assert.Equal(Errno.ENOENT, e.ErrorNumber);
            Assert.Contains("IPVS", e.Message, StringComparison.Ordinal);
        }
    }
}
