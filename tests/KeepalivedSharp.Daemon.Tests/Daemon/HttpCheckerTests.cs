using System.Diagnostics;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// HTTP_GET against a real web server (python3 http.server) in a namespace: genhash agrees with keepalived
/// 2.2.7's genhash, and the daemon's checker takes a server out on a wrong digest or status code (issue 11).
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public sealed class HttpCheckerTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly NamespaceLab _lab = new();
    private readonly TempFolder _site = new();
    private readonly string _ours;
    private readonly string _peer;

    public HttpCheckerTests()
    {
        _ours = _lab.AddHost("hc", "eth0", true, "10.0.0.1/24");
        _peer = _lab.AddHost("web", "eth0", true, "10.0.0.2/24");
        _site.Write("index.html", "<html>keepalived-sharp check</html>\n");
        _site.Write("big.bin", new string('x', 200_000));
        _lab.Start(_peer, "python3", "-m", "http.server", "8000", "--bind", "10.0.0.2", "--directory", _site.Path);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < Bound && !NamespaceLab.Run(_peer, TimeSpan.FromSeconds(5), "ss", "-ltnH", "sport = :8000").Stdout.Contains(":8000", StringComparison.Ordinal))
            Thread.Sleep(50);
    }

    public void Dispose()
    {
        _lab.Dispose();
        _site.Dispose();
    }

    [Theory]
    [InlineData("/index.html", "1.0")]
    [InlineData("/index.html", "1.1")]
    [InlineData("/big.bin", "1.0")]
    public void Genhash_SameDigestAsKeepalivedsGenhash(string url, string protocol)
    {
        var theirs = NamespaceLab.Run(_ours, Bound, "genhash", "-s", "10.0.0.2", "-p", "8000", "-u", url, "-P", protocol);
        var ours = NamespaceLab.Run(_ours, Bound, [.. OurDaemon.Command(), "genhash", "-s", "10.0.0.2", "-p", "8000", "-u", url, "-P", protocol]);
        Assert.True(ours.ExitCode == 0, ours.Output);
        var digest = ours.Stdout.Trim();
        Assert.Matches("^[0-9a-f]{32}$", digest);
        Assert.Contains(digest, theirs.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void HttpGet_Digest_ServerInWhenRight_OutWhenWrong()
    {
        var digest = NamespaceLab.Run(_ours, Bound, [.. OurDaemon.Command(), "genhash", "-s", "10.0.0.2", "-p", "8000", "-u", "/index.html"]).Stdout.Trim();
        using (var wrong = OurDaemon.Start(_lab, _ours, Config(new string('0', 32)), "-C"))
        {
            wrong.Process.WaitForLine(@"MD5 digest error to \[10\.0\.0\.2\]:tcp:8000 url\[/index\.html\]", Bound);
            wrong.Process.WaitForLine(@"HTTP_CHECK on service \[10\.0\.0\.2\]:tcp:8000 failed", Bound);
            wrong.Process.WaitForLine(@"Removing service \[10\.0\.0\.2\]:tcp:8000 from VS", Bound);
        }
        using var right = OurDaemon.Start(_lab, _ours, Config(digest), "-C");
        right.Process.WaitForLine(@"Remote Web server \[10\.0\.0\.2\]:tcp:8000 succeed on service\.", Bound);
        Assert.DoesNotContain(right.Process.Lines, l => l.Contains("HTTP_CHECK on service", StringComparison.Ordinal));
    }

    private static string Config(string digest) => $$"""
        virtual_server 10.0.0.100 80 {
            delay_loop 1
            lvs_sched rr
            lvs_method NAT
            protocol TCP
            real_server 10.0.0.2 8000 {
                HTTP_GET {
                    url {
                        path /index.html
                        digest {{digest}}
                    }
                    connect_timeout 2
                }
            }
        }
        """;
}
