using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace KeepalivedSharp.Wire.Vrrp;

/// <summary>
/// The 8 authentication-data octets of a VRRPv2 message, held by value (no allocation).
/// </summary>
public readonly record struct VrrpAuthData(ulong Value)
{
    public const int Length = 8;

    public static VrrpAuthData Empty => default;

    public static VrrpAuthData FromBytes(ReadOnlySpan<byte> octets)
    {
        if (octets.Length != Length) throw new ArgumentException("auth data is 8 octets", nameof(octets));
        return new VrrpAuthData(BinaryPrimitives.ReadUInt64BigEndian(octets));
    }

    /// <summary>
    /// The PASS octets keepalived derives from <c>auth_pass</c>: the string's bytes, cut to the
    /// first 8 (keepalived warns "Truncating auth_pass"), zero padded.
    /// </summary>
    public static VrrpAuthData FromPassword(string authPass)
    {
        Span<byte> octets = stackalloc byte[Length];
        octets.Clear();
        var bytes = Encoding.UTF8.GetBytes(authPass);
        bytes.AsSpan(0, Math.Min(bytes.Length, Length)).CopyTo(octets);
        return FromBytes(octets);
    }

    public void CopyTo(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    public byte[] ToArray()
    {
        var a = new byte[Length];
        CopyTo(a);
        return a;
    }

    /// <summary>Compares in constant time (no early exit on the first differing octet).</summary>
    public bool FixedTimeEquals(VrrpAuthData expected)
    {
        Span<byte> a = stackalloc byte[Length];
        Span<byte> b = stackalloc byte[Length];
        CopyTo(a);
        expected.CopyTo(b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    public override string ToString() => Convert.ToHexString(ToArray());
}
