using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using KeepalivedSharp.Config;

namespace KeepalivedSharp.Probes.Http;

/// <summary>
/// keepalived's judgement of one url's response (check_http.c http_handle_response): the status code in
/// the allowed ranges (default 200-299), then the digest, then the regex. Details in keepalived's words.
/// </summary>
public static class UrlVerdict
{
    /// <summary>A regex that runs longer than this is a failed check (PCRE2 has its match limits; .NET a timeout).</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(500);

    public static bool StatusAllowed(ImmutableArray<(int First, int Last)> ranges, int code)
    {
        if (ranges.IsDefaultOrEmpty) return code is >= 200 and <= 299;
        foreach (var (first, last) in ranges)
            if (code >= first && code <= last) return true;
        return false;
    }

    /// <summary>The outcome of a complete response; <paramref name="server"/> is "[addr]:port".</summary>
    public static ProbeOutcome Judge(UrlConfig url, HttpResponseReader response, string server)
    {
        if (response.Received == 0) return ProbeOutcome.Failed($"Read, no data received from server {server}.");
        if (!response.HeadersComplete) return ProbeOutcome.Failed($"Read, no complete HTTP header received from server {server}.");
        if (!StatusAllowed(url.StatusCodes, response.StatusCode))
            return ProbeOutcome.Failed($"HTTP status code error to {server} url({url.Path}), status_code [{response.StatusCode}].");
        if (url.Digest is { } expected)
        {
            var digest = response.Digest();
            if (!string.Equals(digest, expected, StringComparison.OrdinalIgnoreCase))
                return ProbeOutcome.Failed($"MD5 digest error to {server} url[{url.Path}], MD5SUM [{digest}].");
        }
        if (url.Regex is { } pattern)
        {
            bool? matched = Matches(url, pattern, response.Body);
            if (matched is null) return ProbeOutcome.Failed($"Regex match timed out to {server} url({url.Path}).");
            if (matched == url.RegexNoMatch) return ProbeOutcome.Failed($"Regex match failed to {server} url({url.Path}).");
        }
        return ProbeOutcome.Up($"HTTP status code success to {server} url({url.Path}).");
    }

    /// <summary>
    /// Whether the pattern matches inside [regex_min_offset, regex_max_offset) of the body; null on timeout.
    /// Differences from keepalived: PCRE2 matches the raw bytes read by read, in 4 KiB reads with partial
    /// matching carried across them; here the body (up to <see cref="HttpResponseReader.RegexBodyWindow"/>)
    /// is matched once, as Latin-1 so that one char is one byte and offsets are byte offsets, by .NET's
    /// backtracking engine under <see cref="RegexTimeout"/> (PCRE2 syntax beyond .NET's is not supported).
    /// </summary>
    public static bool? Matches(UrlConfig url, string pattern, ReadOnlySpan<byte> body)
    {
        var min = Math.Clamp(url.RegexMinOffset ?? 0, 0, body.Length);
        var max = Math.Clamp(url.RegexMaxOffset ?? body.Length, min, body.Length);
        var text = Encoding.Latin1.GetString(body[min..max]);
        try
        {
            return Regex.IsMatch(text, pattern, Options(url.RegexOptions), RegexTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            // A pattern .NET cannot compile never matches (keepalived refuses it at config time).
            return false;
        }
    }

    /// <summary>check_http.c regex_options: the PCRE2 flags .NET has (caseless, multiline, dotall, extended).</summary>
    public static RegexOptions Options(string? list)
    {
        var o = RegexOptions.CultureInvariant;
        foreach (var word in (list ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            o |= word switch
            {
                "caseless" => RegexOptions.IgnoreCase,
                "multiline" => RegexOptions.Multiline,
                "dotall" => RegexOptions.Singleline,
                "extended" => RegexOptions.IgnorePatternWhitespace,
                _ => RegexOptions.None,
            };
        }
        return o;
    }
}
