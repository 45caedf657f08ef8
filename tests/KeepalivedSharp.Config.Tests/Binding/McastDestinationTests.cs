namespace KeepalivedSharp.Config.Tests.Binding;

/// <summary>mcast_dst_ip as keepalived's vrrp_mcast_dstip_handler takes it (vrrp_parser.c).</summary>
public sealed class McastDestinationTests
{
    [Theory]
    [InlineData("224.0.0.77")]
    [InlineData("239.1.2.3")]
    public void Ipv4Multicast_IsKept(string group)
    {
        var r = ConfText.Load(ConfText.Instance($"    mcast_dst_ip {group}"));
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        Assert.Equal(group, r.Config!.Instances[0].McastDestinationIp!.ToString());
    }

    [Theory]
    [InlineData("10.0.0.9", "(VI_1) mcast_dst_ip 10.0.0.9 not multicast. Skipping...")]
    [InlineData("ff05::12", "(VI_1) mcast_dst_ip ff05::12 not link-local multicast. Skipping...")]
    public void NotMulticast_IsAnErrorInKeepalivedsWords(string group, string message)
    {
        var r = ConfText.Load(ConfText.Instance($"    mcast_dst_ip {group}"));
        ConfText.AssertError(r, 7, message);
    }

    [Fact]
    public void OtherFamilyThanTheVips_IsAnErrorInKeepalivedsWords()
    {
        var r = ConfText.Load(ConfText.Instance("    mcast_dst_ip ff02::77"));
        ConfText.AssertError(r, 7, "(VI_1) mcast dest address ff02::77 MUST match VRRP instance family. Skipping...");
    }
}
