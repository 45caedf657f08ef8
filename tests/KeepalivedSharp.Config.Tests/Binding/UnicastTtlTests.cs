namespace KeepalivedSharp.Config.Tests.Binding;

/// <summary>unicast_ttl and unicast_peer's min_ttl/max_ttl, with keepalived 2.2.7's messages (vrrp_parser.c, vrrp_data.c).</summary>
public class UnicastTtlTests
{
    private const string Peers = " unicast_src_ip 10.0.0.2\n unicast_peer {\n  10.0.0.3 min_ttl 10 max_ttl 20\n  10.0.0.4\n }";

    [Fact]
    public void UnicastTtlAndPeerRanges_Typed()
    {
        var r = ConfText.Load(ConfText.Instance(" unicast_ttl 10\n" + Peers));
        Assert.Empty(r.Diagnostics);
        var i = r.Config!.Instances.Single();
        Assert.Equal(10, i.UnicastTtl);
        Assert.Equal([(10, 20, true), (0, 255, false)], i.UnicastPeerEntries.Select(p => (p.Min, p.Max, p.HasTtlRange)));
    }

    [Fact]
    public void UnicastTtlWithoutPeers_ResetWithKeepalivedsMessage_FailsTheConfigTest()
    {
        var r = ConfText.Load(ConfText.Instance(" unicast_ttl 10"));
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("(VI_1): Cannot use unicast_ttl without unicast peers - resetting", d.Message);
        Assert.True(d.FailsConfigTest);
        Assert.Null(r.Config!.Instances.Single().UnicastTtl);
    }

    [Theory]
    [InlineData("unicast_ttl 256", "number '256' outside range [0, 255]")]
    [InlineData("unicast_ttl x", "invalid number 'x'")]
    public void BadUnicastTtl_Rejected(string line, string message)
    {
        var r = ConfText.Load(ConfText.Instance(" " + line + "\n" + Peers));
        Assert.Contains(r.Errors, d => d.Message == message);
        Assert.Contains(r.Errors, d => d.Message.StartsWith("(VI_1): TTL '", StringComparison.Ordinal) && d.Message.EndsWith("not valid - must be between 0 & 255", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("10.0.0.3 min_ttl 30 max_ttl 20", "(VI_1) min_ttl 30 > max_ttl 20 - all packets will be discarded")]
    [InlineData("10.0.0.3 ttl 5", "(VI_1) unknown unicast_peer option ttl")]
    [InlineData("10.0.0.3 min_ttl", "(VI_1) min_ttl is missing a value")]
    public void PeerOptions_KeepalivedsFixUps(string peer, string message)
    {
        var r = ConfText.Load(ConfText.Instance($" unicast_src_ip 10.0.0.2\n unicast_peer {{\n  {peer}\n }}"));
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(message, d.Message);
        Assert.True(d.FailsConfigTest);
    }
}

/// <summary>A unicast keyword without peers (vrrp.c vrrp_complete_instance), with and without unicast_fault_no_peer.</summary>
public class UnicastWithoutPeersTests
{
    [Theory]
    [InlineData("unicast_src_ip 10.0.0.2")]
    [InlineData("check_unicast_src")]
    [InlineData("unicast_peer {\n }")]
    public void UnicastKeywordWithoutPeers_DeprecatedFallbackToMulticast_FailsTheConfigTest(string line)
    {
        var r = ConfText.Load(ConfText.Instance(" " + line));
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("(VI_1) A unicast keyword has been specified without any unicast peers. Defaulting to multicast. This usage is deprecated - please update your configuration.", d.Message);
        Assert.True(d.FailsConfigTest);
    }

    [Fact]
    public void UnicastFaultNoPeer_WithoutPeers_SaysItGoesToFault_ConfigTestPasses()
    {
        var r = ConfText.Load(ConfText.Instance(" unicast_fault_no_peer\n unicast_src_ip 10.0.0.2"));
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("(VI_1) Cannot use unicast without any peers - going to fault state", d.Message);
        Assert.False(d.FailsConfigTest);
        Assert.True(r.Config!.Instances.Single().UnicastFaultNoPeer);
    }

    [Fact]
    public void UnicastFaultNoPeer_WithPeers_Quiet()
    {
        var r = ConfText.Load(ConfText.Instance(" unicast_fault_no_peer\n unicast_src_ip 10.0.0.2\n unicast_peer {\n 10.0.0.3\n }"));
        Assert.Empty(r.Diagnostics);
    }
}
