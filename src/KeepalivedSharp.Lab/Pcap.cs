using System.Buffers.Binary;

namespace KeepalivedSharp.Lab;

/// <summary>
/// Minimal libpcap file format (the classic one tcpdump -w writes): a 24-byte global header, then
/// per record a 16-byte header and the captured bytes. Reads either byte order and either
/// timestamp resolution; writes little-endian, microseconds, Ethernet.
/// </summary>
public static class Pcap
{
    private const uint MagicMicros = 0xa1b2c3d4;
    private const uint MagicNanos = 0xa1b23c4d;
    public const uint LinkTypeEthernet = 1;

    public static IReadOnlyList<byte[]> ReadFrames(string path) => [.. ReadRecords(path).Select(r => r.Frame)];

    /// <summary>Every record with its capture time (UTC). A record cut short at the end (a capture still being written) ends the list.</summary>
    public static IReadOnlyList<(DateTime Time, byte[] Frame)> ReadRecords(string path, bool allowTruncated = false)
    {
        var data = File.ReadAllBytes(path);
        if (data.Length < 24) throw new InvalidDataException($"{path}: no pcap header");
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var little = magic is MagicMicros or MagicNanos;
        var big = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (!little && big is not (MagicMicros or MagicNanos))
            throw new InvalidDataException($"{path}: not a pcap file (magic {magic:x8})");
        bool nanos = (little ? magic : big) == MagicNanos;
        uint U32(int offset) => little ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset)) : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
        if (U32(20) != LinkTypeEthernet) throw new InvalidDataException($"{path}: link type {U32(20)} is not Ethernet");
        var records = new List<(DateTime, byte[])>();
        var at = 24;
        while (at + 16 <= data.Length)
        {
            var captured = (int)U32(at + 8);
            if (at + 16 + captured > data.Length)
            {
                if (allowTruncated) break;
                throw new InvalidDataException($"{path}: record at {at} runs past the end");
            }
            var time = DateTime.UnixEpoch.AddSeconds(U32(at)).AddTicks(nanos ? U32(at + 4) / 100 : U32(at + 4) * 10L);
            records.Add((time, data.AsSpan(at + 16, captured).ToArray()));
            at += 16 + captured;
        }
        return records;
    }

    public static void WriteFrames(string path, IEnumerable<byte[]> frames)
    {
        using var stream = File.Create(path);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, MagicMicros);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeEthernet);
        stream.Write(header);
        uint second = 1;
        Span<byte> record = stackalloc byte[16];
        foreach (var frame in frames)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record, second++);
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
            stream.Write(record);
            stream.Write(frame);
        }
    }
}
