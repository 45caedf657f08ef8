using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace KeepalivedSharp.Probes.Http;

/// <summary>
/// keepalived's view of an HTTP response, fed the raw bytes as they arrive (check_http.c http_read_thread,
/// lib/html.c). No chunked decoding: the body is every byte after the <c>\r\n\r\n</c> that ends the headers,
/// capped at Content-Length when present, and its MD5 is the url's <c>digest</c>. Pure and bounded: at most
/// <see cref="HeaderLimit"/> bytes of headers are kept, at most <see cref="TotalLimit"/> bytes are accepted
/// in all, and at most <see cref="BodyWindow"/> bytes of body are kept for the regex. The status code is
/// only ever 3 digits read in place (CVE-2018-19115: keepalived &lt; 2.0.7 copied the status line into a
/// fixed heap buffer without a bound).
/// </summary>
public sealed class HttpResponseReader : IDisposable
{
    public const int DefaultHeaderLimit = 16 * 1024;
    public const long DefaultTotalLimit = 64L * 1024 * 1024;
    /// <summary>The body kept for a url with a regex (the digest needs none of it).</summary>
    public const int RegexBodyWindow = 1024 * 1024;

    private readonly byte[] _header;
    private readonly byte[] _body;
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private int _headerLength;
    private int _bodyKept;
    private long _hashed;
    private bool _disposed;

    /// <summary>Buffers come from the shared pool and go back on <see cref="Dispose"/>.</summary>
    public HttpResponseReader(int headerLimit = DefaultHeaderLimit, long totalLimit = DefaultTotalLimit, int bodyWindow = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(headerLimit, 16);
        ArgumentOutOfRangeException.ThrowIfNegative(bodyWindow);
        HeaderLimit = headerLimit;
        TotalLimit = totalLimit;
        BodyWindow = bodyWindow;
        _header = ArrayPool<byte>.Shared.Rent(headerLimit);
        _body = bodyWindow > 0 ? ArrayPool<byte>.Shared.Rent(bodyWindow) : [];
    }

    public int HeaderLimit { get; }
    public long TotalLimit { get; }
    public int BodyWindow { get; }

    /// <summary>Every byte fed so far, headers included.</summary>
    public long Received { get; private set; }

    /// <summary>Whether the <c>\r\n\r\n</c> ending the headers was seen.</summary>
    public bool HeadersComplete { get; private set; }

    /// <summary>The 3 digits after the status line's first space; 0 when they are not 3 digits followed by a space or the line end.</summary>
    public int StatusCode { get; private set; }

    /// <summary>The first Content-Length header's value, when it is a decimal number.</summary>
    public long? ContentLength { get; private set; }

    /// <summary>Body bytes seen (past Content-Length too: keepalived logs the mismatch once).</summary>
    public long BodyReceived { get; private set; }

    /// <summary>Why reading stopped early: the headers or the whole response went past a limit.</summary>
    public string? Overflow { get; private set; }

    /// <summary>The header block, up to and including the blank line (empty until complete).</summary>
    public ReadOnlySpan<byte> Headers => HeadersComplete ? _header.AsSpan(0, _headerLength) : default;

    /// <summary>The first <see cref="BodyWindow"/> body bytes the digest covers, for the regex.</summary>
    public ReadOnlySpan<byte> Body => _body.AsSpan(0, _bodyKept);

    /// <summary>Whether the body holds more than <see cref="BodyWindow"/> keeps.</summary>
    public bool BodyTruncated => _hashed > _bodyKept;

    /// <summary>Whether more input is useful; false once a limit is hit or Content-Length is reached.</summary>
    public bool WantsMore => Overflow is null && !(ContentLength is { } n && HeadersComplete && BodyReceived >= n);

    /// <summary>Takes the next bytes read. Returns <see cref="WantsMore"/>.</summary>
    public bool Feed(ReadOnlySpan<byte> data)
    {
        if (Overflow is not null) return false;
        if (data.Length > TotalLimit - Received)
        {
            data = data[..(int)(TotalLimit - Received)];
            Overflow = $"response larger than {TotalLimit} bytes";
        }
        Received += data.Length;
        if (!HeadersComplete)
        {
            // The end marker may straddle two reads: search from 3 bytes before the new data.
            var from = Math.Max(0, _headerLength - 3);
            var room = HeaderLimit - _headerLength;
            var take = Math.Min(room, data.Length);
            data[..take].CopyTo(_header.AsSpan(_headerLength));
            _headerLength += take;
            var end = _header.AsSpan(from, _headerLength - from).IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                if (take < data.Length || _headerLength == HeaderLimit) Overflow = $"headers larger than {HeaderLimit} bytes";
                return WantsMore;
            }
            var headerEnd = from + end + 4;
            var bodyStart = take - (_headerLength - headerEnd);
            _headerLength = headerEnd;
            HeadersComplete = true;
            ParseHeaders(_header.AsSpan(0, headerEnd));
            data = data[bodyStart..];
        }
        TakeBody(data);
        return WantsMore;
    }

    private void TakeBody(ReadOnlySpan<byte> data)
    {
        BodyReceived += data.Length;
        // lib/html.c: the digest covers at most Content-Length bytes.
        var hashable = ContentLength is { } n ? (int)Math.Min(data.Length, Math.Max(0, n - _hashed)) : data.Length;
        var part = data[..hashable];
        _md5.AppendData(part);
        _hashed += hashable;
        var keep = Math.Min(part.Length, BodyWindow - _bodyKept);
        part[..keep].CopyTo(_body.AsSpan(_bodyKept));
        _bodyKept += keep;
    }

    /// <summary>The body's MD5 as 32 lower-case hex digits (call once, at the end).</summary>
    public string Digest() => Convert.ToHexStringLower(_md5.GetHashAndReset());

    private void ParseHeaders(ReadOnlySpan<byte> headers)
    {
        var nl = headers.IndexOf("\r\n"u8);
        StatusCode = ParseStatusCode(headers[..nl]);
        var rest = headers[(nl + 2)..];
        while ((nl = rest.IndexOf("\r\n"u8)) > 0)
        {
            var line = rest[..nl];
            rest = rest[(nl + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon < 0 || ContentLength is not null) continue;
            if (!System.Text.Ascii.EqualsIgnoreCase(line[..colon].TrimEnd((byte)' '), "Content-Length"u8)) continue;
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Utf8Parser.TryParse(value, out long length, out var used) && used == value.Length && length >= 0) ContentLength = length;
        }
    }

    /// <summary>
    /// lib/html.c extract_status_code: the 3 digits after the first space, read in place; anything else is 0
    /// (never a copy of the line: CVE-2018-19115).
    /// </summary>
    public static int ParseStatusCode(ReadOnlySpan<byte> statusLine)
    {
        var sp = statusLine.IndexOf((byte)' ');
        if (sp < 0) return 0;
        var code = statusLine[(sp + 1)..];
        if (code.Length < 3 || (code.Length > 3 && code[3] != ' ')) return 0;
        var value = 0;
        for (var i = 0; i < 3; i++)
        {
            if (code[i] is < (byte)'0' or > (byte)'9') return 0;
            value = value * 10 + (code[i] - '0');
        }
        return value;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _md5.Dispose();
        ArrayPool<byte>.Shared.Return(_header);
        if (_body.Length > 0) ArrayPool<byte>.Shared.Return(_body);
    }
}
