namespace KeepalivedSharp.Config.Tests.Security;

/// <summary>Config inputs behind keepalived's parser CVEs, mapped in docs/security-review.md.</summary>
public class KeepalivedCveInputTests
{
    [Theory]
    [InlineData("global_defs {\n vrrp_ipsets \"\"\n}\n")]
    [InlineData("global_defs {\n vrrp_ipsets \"\" \"\" \"\" \"\" \"\"\n}\n")]
    [InlineData("global_defs {\n vrrp_ipsets\n}\n")]
    public void Load_EmptyIpsetNames_NoExceptionAndGlobalsBound(string text)
    {
        // keepalived CVE-2024-41184: an empty vrrp_ipsets name underflowed a length and overflowed the heap.
        var r = ConfText.Load(text + ConfText.Instance());
        Assert.NotNull(r.Config);
        Assert.Equal("VI_1", Assert.Single(r.Config.Instances).Name);
    }
}
