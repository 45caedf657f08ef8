using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using KeepalivedSharp.Cli;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Probes;
using KeepalivedSharp.Probes.Http;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Commands;

/// <summary>
/// <c>genhash</c> (keepalived's check_genhash.c; also <c>keepalived-sharp -T|--genhash</c>): one HTTP_GET or
/// SSL_GET of a url through the checker's own probe, printing the MD5 of the raw body that <c>url { digest }</c>
/// expects. As keepalived 2.2.7: a failed connection prints "Connection failed" and still exits 0.
/// </summary>
public static class GenhashCommand
{
    public static Command Build()
    {
        var server = new Option<string>("--server", "-s") { Description = "Use the specified remote server address.", Required = true };
        var port = new Option<ushort>("--port", "-p") { Description = "Use the specified remote server port.", Required = true };
        var url = new Option<string>("--url", "-u") { Description = "Use the specified remote server url.", Required = true };
        var ssl = new Option<bool>("--use-ssl", "-S") { Description = "Use SSL connection to remote server." };
        var sni = new Option<bool>("--use-sni", "-I") { Description = "Use SNI during SSL handshake (uses virtualhost setting; see -V)." };
        var vhost = new Option<string?>("--use-virtualhost", "-V") { Description = "Use the specified virtualhost in GET query." };
        var protocol = new Option<string>("--protocol", "-P")
        {
            Description = "Use the specified HTTP protocol - '1.0', '1.0c', '1.1'. 1.0c means 1.0 with 'Connection: close'",
            DefaultValueFactory = _ => "1.0",
        };
        protocol.AcceptOnlyFromAmong("1.0", "1.0c", "1.0C", "1.1");
        var timeout = new Option<int>("--timeout", "-t") { Description = "Timeout in seconds", DefaultValueFactory = _ => 5 };
        var fwmark = new Option<uint?>("--fwmark", "-m") { Description = "Use the specified FW mark." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Use verbose mode output." };
        var cmd = new Command("genhash", "Compute the MD5 digest of a url's body, for HTTP_GET/SSL_GET url { digest } (keepalived's genhash)")
        {
            server, port, url, ssl, sni, vhost, protocol, timeout, fwmark, verbose,
        };
        cmd.SetAction((parse, ct) =>
        {
            if (!IPAddress.TryParse(parse.GetValue(server), out var address))
            {
                Console.Error.WriteLine($"genhash: server address '{parse.GetValue(server)}' is not an IP address");
                return Task.FromResult(ExitCodes.Usage);
            }
            var checker = new CheckerConfig
            {
                Type = parse.GetValue(ssl) ? CheckerKind.Ssl : CheckerKind.Http,
                Location = default,
                Urls = [new UrlConfig(parse.GetValue(url)!, default)],
                HttpProtocol = parse.GetValue(protocol)!.ToUpperInvariant(),
                VirtualHost = parse.GetValue(vhost),
                EnableSni = parse.GetValue(sni),
                Fwmark = parse.GetValue(fwmark),
            };
            var spec = new CheckProbe(checker, new IPEndPoint(address, parse.GetValue(port)),
                TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))), null, false);
            return RunAsync(spec, parse.GetValue(verbose), Console.Out, Console.Error, ct);
        });
        return cmd;
    }

    public static async Task<int> RunAsync(CheckProbe spec, bool verbose, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var probe = spec.Checker.Type == CheckerKind.Ssl ? new HttpProbe(new TlsClient(null)) : HttpProbe.Plain();
        var started = Stopwatch.GetTimestamp();
        string? digest = null;
        var o = await probe.FetchAsync(spec, 0, (url, response, _) =>
        {
            if (response.BodyReceived == 0 && response.HeadersComplete is false) return ProbeOutcome.Failed("no data");
            if (verbose) GenhashDump.Response(stdout, response);
            digest = response.Digest();
            return ProbeOutcome.Up();
        }, verbose ? HttpResponseReader.RegexBodyWindow : 0, cancel).ConfigureAwait(false);
        if (digest is null)
        {
            // check_genhash.c: a failed connect or read prints this and exits 0.
            if (o.Detail == "no data" || o.Detail?.StartsWith("Read, no data", StringComparison.Ordinal) == true)
                await stderr.WriteLineAsync("no data received from remote webserver").ConfigureAwait(false);
            else await stdout.WriteLineAsync("Connection failed").ConfigureAwait(false);
            if (verbose) await stderr.WriteLineAsync(o.Detail).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        if (verbose)
        {
            await stdout.WriteLineAsync(GenhashDump.Frame("HTML hash resulting")).ConfigureAwait(false);
            GenhashDump.Hex(stdout, Convert.FromHexString(digest));
            await stdout.WriteLineAsync(GenhashDump.Frame("HTML hash final resulting")).ConfigureAwait(false);
        }
        await stdout.WriteLineAsync(digest).ConfigureAwait(false);
        if (verbose)
        {
            var us = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"\nGlobal response time for [{spec.Checker.Urls[0].Path}] = {us} usecs")).ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }
}
