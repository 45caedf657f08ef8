using KeepalivedSharp.Wire.Vrrp;

namespace KeepalivedSharp.Wire.Tests.Vrrp;

public class VrrpAuthDataTests
{
    [Fact]
    public void FromPassword_Short_ZeroPadded()
    {
        Assert.Equal("abc\0\0\0\0\0"u8.ToArray(), VrrpAuthData.FromPassword("abc").ToArray());
    }

    [Fact]
    public void FromPassword_LongerThan8_KeepsFirst8Bytes()
    {
        Assert.Equal("12345678"u8.ToArray(), VrrpAuthData.FromPassword("1234567890").ToArray());
        Assert.Equal(VrrpAuthData.FromPassword("12345678"), VrrpAuthData.FromPassword("12345678xyz"));
    }

    [Fact]
    public void FixedTimeEquals_SameAndDifferent_ComparesAllOctets()
    {
        var a = VrrpAuthData.FromPassword("secret");
        Assert.True(a.FixedTimeEquals(VrrpAuthData.FromPassword("secret")));
        Assert.False(a.FixedTimeEquals(VrrpAuthData.FromPassword("secreT")));
        Assert.False(a.FixedTimeEquals(VrrpAuthData.FromPassword("secret1")));
    }

    [Fact]
    public void FromBytes_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => VrrpAuthData.FromBytes(new byte[7]));
    }
}
