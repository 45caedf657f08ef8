using System.Buffers.Binary;

namespace KeepalivedSharp.Fuzz;

/// <summary>The frames of a classic pcap file (little-endian, microsecond or nanosecond), for seeds.</summary>
internal static class Pcap
{
    public static IEnumerable<byte[]> Frames(byte[] file)
    {
        if (file.Length < 24) yield break;
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        if (magic is not (0xa1b2c3d4 or 0xa1b23c4d)) yield break;
        for (var offset = 24; offset + 16 <= file.Length;)
        {
            var captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 8));
            offset += 16;
            if (captured < 0 || offset + captured > file.Length) yield break;
            yield return file[offset..(offset + captured)];
            offset += captured;
        }
    }
}
