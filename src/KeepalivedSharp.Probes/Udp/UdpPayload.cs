using System.Collections.Immutable;
using System.Text;

namespace KeepalivedSharp.Probes.Udp;

/// <summary>Payload bytes of UDP_CHECK and PING_CHECK (core/layer4.c set_buf, UDP_BUFSIZE 32; check_ping.c ICMP_BUFSIZE 128).</summary>
public static class UdpPayload
{
    public const int DefaultLength = 32;

    private static readonly byte[] Text = Encoding.ASCII.GetBytes("keepalived check - ");

    /// <summary>set_buf: "keepalived check - " repeated over the buffer, the last copy cut short.</summary>
    public static void Fill(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i += Text.Length)
            Text.AsSpan(0, Math.Min(Text.Length, buffer.Length - i)).CopyTo(buffer[i..]);
    }

    /// <summary>The configured payload, or keepalived's 32-byte default.</summary>
    public static byte[] For(ImmutableArray<byte>? configured)
    {
        if (configured is { IsDefault: false } p) return [.. p];
        var b = new byte[DefaultLength];
        Fill(b);
        return b;
    }
}

/// <summary>
/// require_reply's pattern (check_udp.c check_udp_reply): the reply's length must be within
/// [min, max], and min(received, pattern) octets must match where the mask has no X nibble.
/// Lengths are checked only when a pattern is given, as in keepalived.
/// </summary>
public readonly struct ReplyPattern(ImmutableArray<byte>? data, ImmutableArray<byte>? mask, int minLength, int maxLength)
{
    public bool Matches(ReadOnlySpan<byte> reply)
    {
        if (data is not { IsDefault: false } d) return true;
        if (reply.Length < minLength || reply.Length > maxLength) return false;
        var m = mask is { IsDefault: false } x ? x.AsSpan() : default;
        int n = Math.Min(reply.Length, d.Length);
        for (int i = 0; i < n; i++)
        {
            byte care = (byte)~(i < m.Length ? m[i] : 0);
            if (((reply[i] ^ d[i]) & care) != 0) return false;
        }
        return true;
    }
}
