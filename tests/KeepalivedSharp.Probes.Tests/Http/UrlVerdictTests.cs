using System.Collections.Immutable;
using System.Net;
using System.Text;
using KeepalivedSharp.Config;
using KeepalivedSharp.Probes.Http;

namespace KeepalivedSharp.Probes.Tests.Http;

public sealed class UrlVerdictTests
{
    private const string Server = "[10.0.0.2]:80";

    private static ProbeOutcome Judge(UrlConfig url, string response)
    {
        using var r = new HttpResponseReader(bodyWindow: HttpResponseReader.RegexBodyWindow);
        r.Feed(Encoding.ASCII.GetBytes(response));
        return UrlVerdict.Judge(url, r, Server);
    }

    private static UrlConfig Url(string path = "/") => new(path, default);

    [Theory]
    [InlineData(200, true)]
    [InlineData(299, true)]
    [InlineData(301, false)]
    [InlineData(199, false)]
    public void StatusAllowed_Default200To299(int code, bool ok) => Assert.Equal(ok, UrlVerdict.StatusAllowed([], code));

    [Fact]
    public void StatusAllowed_Ranges()
    {
        ImmutableArray<(int, int)> ranges = [(301, 302), (404, 404)];
        Assert.True(UrlVerdict.StatusAllowed(ranges, 302));
        Assert.True(UrlVerdict.StatusAllowed(ranges, 404));
        Assert.False(UrlVerdict.StatusAllowed(ranges, 200));
    }

    [Fact]
    public void Judge_StatusOutOfRange_KeepalivedsMessage()
    {
        var o = Judge(Url("/x"), "HTTP/1.0 500 Oops\r\n\r\n");
        Assert.False(o.Success);
        Assert.Equal("HTTP status code error to [10.0.0.2]:80 url(/x), status_code [500].", o.Detail);
    }

    [Fact]
    public void Judge_Digest_MatchAndMismatch()
    {
        const string resp = "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello";
        Assert.True(Judge(Url() with { Digest = "5d41402abc4b2a76b9719d911017c592" }, resp).Success);
        var o = Judge(Url("/d") with { Digest = "00000000000000000000000000000000" }, resp);
        Assert.Equal("MD5 digest error to [10.0.0.2]:80 url[/d], MD5SUM [5d41402abc4b2a76b9719d911017c592].", o.Detail);
    }

    [Theory]
    [InlineData("wor.d", false, null, true)]
    [InlineData("WORLD", false, null, false)]
    [InlineData("WORLD", false, "caseless", true)]
    [InlineData("wor.d", true, null, false)]
    [InlineData("absent", true, null, true)]
    public void Judge_Regex(string pattern, bool noMatch, string? options, bool up)
        => Assert.Equal(up, Judge(Url() with { Regex = pattern, RegexNoMatch = noMatch, RegexOptions = options }, "HTTP/1.0 200 OK\r\n\r\nhello world").Success);

    [Fact]
    public void Judge_RegexOffsets_LimitWhereTheMatchMayBe()
    {
        const string resp = "HTTP/1.0 200 OK\r\n\r\n0123456789abc";
        Assert.True(Judge(Url() with { Regex = "abc", RegexMinOffset = 5 }, resp).Success);
        Assert.False(Judge(Url() with { Regex = "012", RegexMinOffset = 1 }, resp).Success);
        Assert.False(Judge(Url() with { Regex = "abc", RegexMaxOffset = 11 }, resp).Success);
    }

    [Fact]
    public void Judge_CatastrophicRegex_FailsWithinTheTimeout()
    {
        var o = Judge(Url() with { Regex = "(a+)+$" }, "HTTP/1.0 200 OK\r\n\r\n" + new string('a', 5000) + "!");
        Assert.False(o.Success);
    }

    [Fact]
    public void Judge_NoData_ReadNoDataReceived()
        => Assert.Equal("Read, no data received from server [10.0.0.2]:80.", Judge(Url(), "").Detail);

    [Theory]
    [InlineData("1.0", "GET /p HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 10.0.0.2:8080\r\n\r\n")]
    [InlineData("1.0C", "GET /p HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: 10.0.0.2:8080\r\n\r\n")]
    [InlineData("1.1", "GET /p HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: 10.0.0.2:8080\r\n\r\n")]
    public void Request_AsKeepalived227OnTheWire(string protocol, string expected)
        => Assert.Equal(expected, Encoding.ASCII.GetString(HttpRequest.Build("/p", protocol, null, new IPEndPoint(IPAddress.Parse("10.0.0.2"), 8080))));

    [Fact]
    public void Request_VirtualHostAndIPv6()
    {
        Assert.Contains("\r\nHost: www.example\r\n", Encoding.ASCII.GetString(HttpRequest.Build("/", "1.0", "www.example", new IPEndPoint(IPAddress.Loopback, 80))), StringComparison.Ordinal);
        Assert.Contains("\r\nHost: [fd00::2]:80\r\n", Encoding.ASCII.GetString(HttpRequest.Build("/", "1.0", null, new IPEndPoint(IPAddress.Parse("fd00::2"), 80))), StringComparison.Ordinal);
    }
}
