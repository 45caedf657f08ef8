using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using KeepalivedSharp.Config;

namespace KeepalivedSharp.Probes.Http;

/// <summary>
/// SSL_GET's client context (check_ssl.c build_ssl_ctx): the top-level SSL block's certificate and key
/// (PEM, the key optionally encrypted with <c>password</c>) are offered to the server; with no block, none.
/// As keepalived, the server's certificate is <b>not verified</b> (SSL_VERIFY_NONE): the <c>ca</c> file only
/// matters to OpenSSL's verification, which keepalived leaves off, so it is not used here either.
/// SNI is sent only when <c>enable_sni</c> names a host (an IP literal is never sent as SNI).
/// </summary>
public sealed class TlsClient(SslConfig? config)
{
    private readonly Lazy<X509Certificate2?> _certificate = new(() => Load(config));

    public SslClientAuthenticationOptions Options(string? sni)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = sni ?? "",
            // keepalived: SSLv23_method, no peer verification (check_ssl.c); a health check, not a client of the data.
#pragma warning disable CA5359
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
            EnabledSslProtocols = SslProtocols.None,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (_certificate.Value is { } cert) options.ClientCertificates = [cert];
        return options;
    }

    private static X509Certificate2? Load(SslConfig? c)
    {
        if (c?.CertificateFile is not { } cert) return null;
        return c.Password is { Length: > 0 } password
            ? X509Certificate2.CreateFromEncryptedPemFile(cert, password, c.KeyFile)
            : X509Certificate2.CreateFromPemFile(cert, c.KeyFile);
    }
}
