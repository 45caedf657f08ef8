using System.Security.Cryptography;
using System.Text;
using KeepalivedSharp.Probes.Http;

namespace KeepalivedSharp.Probes.Tests.Http;

public sealed class HttpResponseReaderTests
{
    // keepalived's url digest is MD5 (check_http.c); not a security use.
#pragma warning disable CA5351
    private static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.ASCII.GetBytes(s)));
#pragma warning restore CA5351

    private static HttpResponseReader Feed(string response, int chunk = int.MaxValue, int headerLimit = HttpResponseReader.DefaultHeaderLimit,
        long totalLimit = HttpResponseReader.DefaultTotalLimit, int bodyWindow = 64)
    {
        var r = new HttpResponseReader(headerLimit, totalLimit, bodyWindow);
        var bytes = Encoding.ASCII.GetBytes(response);
        for (var i = 0; i < bytes.Length; i += chunk)
            if (!r.Feed(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)))) break;
        return r;
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(3)]
    public void Feed_ContentLengthBody_DigestCoversExactlyContentLength(int chunk)
    {
        using var r = Feed("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhelloEXTRA", chunk);
        Assert.True(r.HeadersComplete);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(5, r.ContentLength);
        Assert.False(r.WantsMore);
        Assert.Equal(Md5("hello"), r.Digest());
        Assert.Equal("hello", Encoding.ASCII.GetString(r.Body));
    }

    [Fact]
    public void Feed_Chunked_NotDecoded_DigestOfTheRawBody()
    {
        // keepalived 2.2.7's genhash printed 79e9489e... for this response (measured, see GenhashInteropTests).
        const string body = "5\r\nhello\r\n0\r\n\r\n";
        using var r = Feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body, 7);
        Assert.Null(r.ContentLength);
        Assert.True(r.WantsMore);
        Assert.Equal("79e9489e3bd3f0cb0158215341de046d", r.Digest());
        Assert.Equal("79e9489e3bd3f0cb0158215341de046d", Md5(body));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK", 200)]
    [InlineData("HTTP/1.0 404 Not Found", 404)]
    [InlineData("HTTP/1.1 503", 503)]
    [InlineData("HTTP/1.1 2000 OK", 0)]
    [InlineData("HTTP/1.1 20 OK", 0)]
    [InlineData("HTTP/1.1 2x0 OK", 0)]
    [InlineData("HTTP/1.1  200 OK", 0)]
    [InlineData("garbage", 0)]
    [InlineData("", 0)]
    public void ParseStatusCode_ThreeDigitsAfterTheFirstSpace(string line, int code)
        => Assert.Equal(code, HttpResponseReader.ParseStatusCode(Encoding.ASCII.GetBytes(line)));

    [Fact]
    public void Feed_HugeStatusLine_CVE_2018_19115_BoundedAndCodeZero()
    {
        // keepalived < 2.0.7 copied the digits up to a space into a heap buffer: a long run of digits overflowed it.
        var digits = new string('9', 100_000);
        using var r = Feed($"HTTP/1.1 {digits} OK\r\n\r\n", 4096, headerLimit: 16 * 1024);
        Assert.False(r.HeadersComplete);
        Assert.Contains("headers larger than 16384 bytes", r.Overflow);
        Assert.True(r.Received <= 16 * 1024 + 4096);
        using var fits = Feed($"HTTP/1.1 {new string('9', 1000)} OK\r\n\r\n");
        Assert.True(fits.HeadersComplete);
        Assert.Equal(0, fits.StatusCode);
    }

    [Fact]
    public void Feed_HeadersNeverEnd_StopsAtTheHeaderLimit()
    {
        using var r = new HttpResponseReader(headerLimit: 1024);
        var line = "X-Drip: aaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"u8.ToArray();
        var fed = 0;
        while (r.Feed(line) && fed < 1_000_000) fed += line.Length;
        Assert.False(r.WantsMore);
        Assert.NotNull(r.Overflow);
        Assert.True(r.Received <= 1024 + line.Length);
    }

    [Fact]
    public void Feed_BodyPastTheTotalLimit_StopsThere()
    {
        using var r = new HttpResponseReader(totalLimit: 10_000);
        r.Feed("HTTP/1.1 200 OK\r\n\r\n"u8);
        var block = new byte[4096];
        var rounds = 0;
        while (r.Feed(block)) rounds++;
        Assert.Equal(10_000, r.Received);
        Assert.Equal("response larger than 10000 bytes", r.Overflow);
        Assert.True(rounds < 5);
    }

    [Fact]
    public void Feed_HeaderEndStraddlesReads_BodyStartsAfterIt()
    {
        using var r = new HttpResponseReader(bodyWindow: 16);
        r.Feed("HTTP/1.0 200 OK\r\n\r"u8);
        Assert.False(r.HeadersComplete);
        r.Feed("\nbody"u8);
        Assert.True(r.HeadersComplete);
        Assert.Equal("body", Encoding.ASCII.GetString(r.Body));
        Assert.Equal(Md5("body"), r.Digest());
    }

    [Fact]
    public void Feed_BodyWindow_KeepsOnlyTheFirstBytesButHashesAll()
    {
        var body = new string('a', 100);
        using var r = Feed("HTTP/1.0 200 OK\r\n\r\n" + body, bodyWindow: 10);
        Assert.Equal(10, r.Body.Length);
        Assert.True(r.BodyTruncated);
        Assert.Equal(Md5(body), r.Digest());
    }

    [Theory]
    [InlineData("Content-Length: abc")]
    [InlineData("Content-Length: -5")]
    [InlineData("Content-Length: 99999999999999999999999")]
    public void Feed_BadContentLength_Ignored(string header)
    {
        using var r = Feed($"HTTP/1.0 200 OK\r\n{header}\r\n\r\nxyz");
        Assert.Null(r.ContentLength);
        Assert.Equal(Md5("xyz"), r.Digest());
    }

    [Fact]
    public void Feed_NoHeaderEnd_NothingComplete()
    {
        using var r = Feed("HTTP/1.0 200 OK\r\nServer: x\r\n");
        Assert.False(r.HeadersComplete);
        Assert.Null(r.Overflow);
        Assert.Equal(0, r.StatusCode);
    }
}
