using System.Buffers.Binary;

namespace KeepalivedSharp.Linux.Native;

/// <summary>Host byte order reads and writes (kernel ABI structs are native-endian).</summary>
internal static class NativeEndian
{
    public static int ReadInt32(ReadOnlySpan<byte> s) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReadInt32LittleEndian(s) : BinaryPrimitives.ReadInt32BigEndian(s);
    public static uint ReadUInt32(ReadOnlySpan<byte> s) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
    public static ushort ReadUInt16(ReadOnlySpan<byte> s) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
    public static ulong ReadUInt64(ReadOnlySpan<byte> s) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(s) : BinaryPrimitives.ReadUInt64BigEndian(s);

    public static void WriteInt32(Span<byte> s, int v)
    {
        if (BitConverter.IsLittleEndian) BinaryPrimitives.WriteInt32LittleEndian(s, v); else BinaryPrimitives.WriteInt32BigEndian(s, v);
    }

    public static void WriteUInt32(Span<byte> s, uint v)
    {
        if (BitConverter.IsLittleEndian) BinaryPrimitives.WriteUInt32LittleEndian(s, v); else BinaryPrimitives.WriteUInt32BigEndian(s, v);
    }

    public static void WriteUInt16(Span<byte> s, ushort v)
    {
        if (BitConverter.IsLittleEndian) BinaryPrimitives.WriteUInt16LittleEndian(s, v); else BinaryPrimitives.WriteUInt16BigEndian(s, v);
    }

    public static void WriteUInt64(Span<byte> s, ulong v)
    {
        if (BitConverter.IsLittleEndian) BinaryPrimitives.WriteUInt64LittleEndian(s, v); else BinaryPrimitives.WriteUInt64BigEndian(s, v);
    }
}
