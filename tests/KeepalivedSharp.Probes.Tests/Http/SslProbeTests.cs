using System.Security.Cryptography;
using System.Text;

namespace KeepalivedSharp.Probes.Tests.Http;

/// <summary>
/// SSL_GET against a real TLS server, OpenSSL's <c>s_server -WWW</c> (it serves the files of its folder as
/// HTTP/1.0), in the probe lab's server namespace, run by the probe harness in the checker's namespace:
/// the digest of the served body, a status outside status_code, and the top-level SSL block's client
/// certificate, which a server started with <c>-Verify 1</c> requires (check_ssl.c build_ssl_ctx).
/// </summary>
[Trait("Category", "Root")]
public sealed class SslProbeTests : IDisposable
{
    private const string Body = "hello over tls\n";
    private readonly ProbeLab _net = new();

    public SslProbeTests()
    {
        File.WriteAllText(Path.Combine(_net.Dir, "index.html"), Body);
        Certificate("server");
        Certificate("client");
        // 443: any client; 8443: only a client whose certificate the server trusts (the self-signed client one).
        Serve(443);
        Serve(8443, "-Verify", "1", "-CAfile", Path.Combine(_net.Dir, "client.pem"));
    }

    /// <summary>The lab kills the servers it started, then deletes its namespaces and folder.</summary>
    public void Dispose() => _net.Dispose();

    /// <summary>A throw-away self-signed certificate and key (no network; the files live in the lab's folder).</summary>
    private void Certificate(string name)
    {
        KeepalivedSharp.Lab.LabShell.Check("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", $"/CN={name}",
            "-keyout", Path.Combine(_net.Dir, name + ".key"), "-out", Path.Combine(_net.Dir, name + ".pem"));
    }

    private void Serve(int port, params string[] extra)
    {
        // env -C: s_server -WWW serves relative to its working directory.
        var p = _net.Lab.Start(_net.Srv, ["env", "-C", _net.Dir, "openssl", "s_server", "-WWW", "-accept", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-cert", Path.Combine(_net.Dir, "server.pem"), "-key", Path.Combine(_net.Dir, "server.key"), .. extra]);
        // s_server prints ACCEPT once it listens (after "Using default temp DH parameters").
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        string? line = null;
        while (line != "ACCEPT" && DateTime.UtcNow < until)
        {
            var next = p.StandardOutput.ReadLineAsync();
            if (!next.Wait(until - DateTime.UtcNow) || next.Result is null) break;
            line = next.Result;
        }
        Assert.True(line == "ACCEPT", $"s_server on {port} did not start (last line: {line})");
    }

    // url digest is keepalived's MD5 of the body (genhash), not a security use.
#pragma warning disable CA5351
    private static string Digest(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.ASCII.GetBytes(text)));
#pragma warning restore CA5351

    private static string Ssl(int port, string url) =>
        ProbeLab.Vs("10.0.0.2", port, $"SSL_GET {{\n   connect_timeout 3\n   url {{\n    {url}\n   }}\n  }}");

    [Fact]
    public void SslGet_SServer_DigestPasses_WrongDigestAndStatusFail()
    {
        var lines = _net.Run(
            Ssl(443, $"path /index.html\n    digest {Digest(Body)}") +
            Ssl(443, $"path /index.html\n    digest {Digest("something else")}") +
            Ssl(443, "path /index.html\n    status_code 201"));
        Assert.Equal(3, lines.Count);
        Assert.True(lines[0].Up, lines[0].Detail);
        Assert.False(lines[1].Up);
        Assert.StartsWith("MD5 digest error to [10.0.0.2]:tcp:443 url[/index.html]", lines[1].Detail, StringComparison.Ordinal);
        // s_server -WWW answers "HTTP/1.0 200 ok" (even for a missing file): outside status_code 201.
        Assert.False(lines[2].Up);
        Assert.Contains("status_code [200]", lines[2].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SslGet_ServerRequiresClientCertificate_SslBlockGivesIt()
    {
        string vs = Ssl(8443, $"path /index.html\n    digest {Digest(Body)}");
        var without = _net.Run(vs);
        Assert.False(Assert.Single(without).Up, "a server that requires a client certificate must refuse a client without one");
        var with = _net.Run($"SSL {{\n certificate {Path.Combine(_net.Dir, "client.pem")}\n key {Path.Combine(_net.Dir, "client.key")}\n}}\n" + vs);
        var line = Assert.Single(with);
        Assert.True(line.Up, line.Detail);
    }
}
