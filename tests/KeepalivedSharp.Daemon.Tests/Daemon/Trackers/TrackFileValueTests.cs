using KeepalivedSharp.Host.Trackers;

namespace KeepalivedSharp.Daemon.Tests.Daemon.Trackers;

public class TrackFileValueTests
{
    [Theory]
    [InlineData("42\n", 42L)]
    [InlineData("  -7 trailing words", -7L)]
    [InlineData("0x1f", 31L)]
    [InlineData("010", 8L)]
    [InlineData("", 0L)]
    [InlineData("abc", 0L)]
    [InlineData("+5", 5L)]
    [InlineData("2147483648", 2147483648L)]
    public void Parse_ReadsTheLeadingIntegerAsStrtol(string text, long expected)
        => Assert.Equal(expected, TrackFileValue.Parse(text));

    [Fact]
    public void Parse_OutOfRange_IsIgnored()
    {
        Assert.Null(TrackFileValue.Parse("99999999999"));
        Assert.Null(TrackFileValue.Parse("-2147483649"));
    }
}
