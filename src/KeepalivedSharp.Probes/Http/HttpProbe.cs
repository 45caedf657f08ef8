using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using KeepalivedSharp.Probes.Sockets;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Probes.Http;

/// <summary>
/// HTTP_GET and SSL_GET: one url per attempt (the engine sequences them). Connect, TLS handshake for
/// SSL_GET, send keepalived's GET, read until EOF (or Content-Length reached), judge. Every socket step is
/// bounded by connect_timeout, as in check_http.c; ProbeSet bounds the whole attempt as well.
/// </summary>
public sealed class HttpProbe(TlsClient? tls) : IProbe
{
    private const int ReadSize = 4096;

    /// <summary>The HTTP_GET probe (no TLS).</summary>
    public static HttpProbe Plain() => new(null);

    public Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken cancel)
        => FetchAsync(request.Spec, request.Url, UrlVerdict.Judge, null, cancel);

    /// <summary>
    /// One GET of url <paramref name="urlIndex"/>; <paramref name="judge"/> sees the complete response (the
    /// checker's verdict, or genhash's digest); <paramref name="bodyWindow"/> is the body it may see (default: the regex's).
    /// Connection, TLS and read failures never reach it.
    /// </summary>
    public async Task<ProbeOutcome> FetchAsync(CheckProbe spec, int urlIndex, Func<Config.UrlConfig, HttpResponseReader, string, ProbeOutcome> judge,
        int? bodyWindow, CancellationToken cancel)
    {
        var urls = spec.Checker.Urls;
        if (urlIndex < 0 || urlIndex >= urls.Length) return ProbeOutcome.Failed($"url {urlIndex} out of range");
        var url = urls[urlIndex];
        var server = Server(spec);
        Socket socket;
        try
        {
            socket = ProbeSocket.Open(spec, SocketType.Stream, ProtocolType.Tcp);
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Failed($"Error creating socket to server {server}: {ProbeSocket.Describe(e.SocketErrorCode)}.");
        }
        Stream? stream = null;
        try
        {
            try
            {
                await ProbeSocket.ConnectAsync(socket, spec, cancel).ConfigureAwait(false);
            }
            catch (ProbeSocketException e)
            {
                return ProbeOutcome.Failed(e.TimedOut
                    ? $"Timeout connecting server {server}."
                    : $"Error connecting server {server}: {e.Message}.");
            }
            socket.Blocking = true; // NetworkStream wants a blocking socket; its async calls stay asynchronous.
            stream = new NetworkStream(socket, ownsSocket: false);
            if (tls is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                var handshake = await Step(spec, t => ssl.AuthenticateAsClientAsync(tls.Options(spec.SniName(urlIndex)), t), cancel)
                    .ConfigureAwait(false);
                if (handshake is not null) return ProbeOutcome.Failed($"SSL handshake/communication error connecting to server {server}.");
            }
            var get = HttpRequest.Build(url.Path, spec.Checker.HttpProtocol, spec.VirtualHost(urlIndex), spec.Target);
            if (await Step(spec, t => stream.WriteAsync(get, t).AsTask(), cancel).ConfigureAwait(false) is { } sendError)
                return ProbeOutcome.Failed(sendError is TimeoutException ? $"Timeout HTTP write server {server}." : $"Error sending HTTP request to server {server}.");
            using var response = new HttpResponseReader(bodyWindow: bodyWindow ?? (url.Regex is null ? 0 : HttpResponseReader.RegexBodyWindow));
            if (await Read(stream, response, spec, cancel).ConfigureAwait(false) is { } readError) return ProbeOutcome.Failed($"{readError} server {server}.");
            if (response.Overflow is { } overflow) return ProbeOutcome.Failed($"HTTP read error from server {server}: {overflow}.");
            return judge(url, response, server);
        }
        finally
        {
            // No close_notify (keepalived without tls_compliant), then a FIN (ProbeSocket).
            stream?.Dispose();
            ProbeSocket.CloseGracefully(socket);
        }
    }

    /// <summary>Reads until EOF or the reader wants no more; returns keepalived's cause on a failed read.</summary>
    private static async Task<string?> Read(Stream stream, HttpResponseReader response, CheckProbe spec, CancellationToken cancel)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            while (true)
            {
                int n = 0;
                var error = await Step(spec, async t => n = await stream.ReadAsync(buffer.AsMemory(0, ReadSize), t).ConfigureAwait(false), cancel)
                    .ConfigureAwait(false);
                if (error is TimeoutException) return "Timeout HTTP read";
                // A reset after data is keepalived's end of data too; with no data, the verdict says so.
                if (error is not null || n == 0) return null;
                if (!response.Feed(buffer.AsSpan(0, n))) return null;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Runs one socket step under connect_timeout: null when it completed, else a TimeoutException or the I/O error.</summary>
    private static async Task<Exception?> Step(CheckProbe spec, Func<CancellationToken, Task> step, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(spec.ConnectTimeout);
        try
        {
            await step(timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return new TimeoutException();
        }
        catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            return e;
        }
    }

    /// <summary>"[addr]:tcp:port", as keepalived's FMT_CHK prints a checker's server (HTTP and SSL run over TCP).</summary>
    public static string Server(CheckProbe spec) => new Core.Check.DestinationKey(spec.Target.Address, (ushort)spec.Target.Port).ToString(Core.Check.LbProtocol.Tcp);
}
