using System.Text;
using KeepalivedSharp.Config;
using KeepalivedSharp.Probes.Http;

namespace KeepalivedSharp.Fuzz;

/// <summary>
/// The HTTP_GET/SSL_GET response side without the socket: the bytes are fed to <see cref="HttpResponseReader"/>
/// in reads of a fuzzed size under small limits, then judged by <see cref="UrlVerdict"/>. Input: read size
/// (octet 0, 1..256), header limit (octet 1, 16..4096), then the response. Invariants: the limits hold, a body
/// is only seen after the header end, the status code is 0..999 (3 digits), and the reader never throws.
/// </summary>
internal sealed class HttpTarget : IFuzzTarget
{
    private const long TotalLimit = 64 * 1024;
    private static readonly UrlConfig Url = new("/", default) { Digest = "5d41402abc4b2a76b9719d911017c592", Regex = "h.llo", RegexMinOffset = 1 };

    // The pooled buffers (rented once per size), the regex on at most 4 KiB, the strings of the verdict.
    public long AllocationBound(int inputLength) => 256 * 1024 + 16L * inputLength;

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2) return;
        var read = input[0] % 256 + 1;
        var headerLimit = (input[1] % 256 + 1) * 16;
        var stream = input[2..];
        using var r = new HttpResponseReader(headerLimit, TotalLimit, bodyWindow: 4096);
        for (var off = 0; off < stream.Length && r.WantsMore; off += read)
            r.Feed(stream.Slice(off, Math.Min(read, stream.Length - off)));
        WorkBound.Check(r.Received <= TotalLimit && r.Received <= stream.Length, $"received {r.Received} of {stream.Length}");
        WorkBound.Check(r.Headers.Length <= headerLimit, $"{r.Headers.Length} header bytes under a {headerLimit} limit");
        WorkBound.Check(r.HeadersComplete || r.BodyReceived == 0, "body before the header end");
        WorkBound.Check(r.StatusCode is >= 0 and <= 999, $"status {r.StatusCode}");
        if (r.HeadersComplete) WorkBound.Check(r.Headers.Length + r.BodyReceived == r.Received, "headers and body do not add up to what was read");
        if (r.HeadersComplete)
            WorkBound.Check(r.Headers.EndsWith("\r\n\r\n"u8) && r.Headers.IndexOf("\r\n\r\n"u8) == r.Headers.Length - 4, "header end misplaced");
        if (r.ContentLength is { } n) WorkBound.Check(r.Body.Length <= n, "body kept past Content-Length");
        var o = UrlVerdict.Judge(Url, r, "[10.0.0.2]:80");
        WorkBound.Check(o.Detail is not null, "verdict without a detail");
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds(string root)
    {
        string[] responses =
        [
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            "HTTP/1.1 999999999999 OK\r\n\r\n",
            "HTTP/1.1 200\r\nContent-Length: 18446744073709551616\r\n\r\nxx",
            "\r\n\r\n",
            "HTTP/1.1 301 Moved\r\nLocation: /\r\nContent-Length: 3\r\n\r\nabcdef",
        ];
        var i = 0;
        foreach (var r in responses)
        {
            yield return ($"response-{i}", [(byte)(i * 37), (byte)(i * 11), .. Encoding.ASCII.GetBytes(r)]);
            i++;
        }
    }
}
