using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Netlink;

namespace KeepalivedSharp.Linux.Tests.Netlink;

/// <summary>NLMSG_ERROR replies: errno and the extended-ack text (struct nlmsgerr, NLMSGERR_ATTR_MSG).</summary>
public sealed class NetlinkAckTests
{
    private const ushort Capped = 0x100, AckTlvs = 0x200;

    /// <summary>NLMSG_ERROR with -EEXIST, the request's header (its nlmsg_len as given) and an NLMSGERR_ATTR_MSG text.</summary>
    private static byte[] ErrorReply(ushort flags, uint requestLength)
    {
        var text = "File exists\0"u8;
        var length = NetlinkHeader.Size + 4 + NetlinkHeader.Size + NetlinkHeader.Align(4 + text.Length);
        var bytes = new byte[length];
        new NetlinkHeader((uint)length, NetlinkMessageType.NLMSG_ERROR, flags, 7, 0).Write(bytes);
        NativeEndian.WriteInt32(bytes.AsSpan(16), -Errno.EEXIST);
        new NetlinkHeader(requestLength, RtmType.RTM_NEWADDR, 0x405, 7, 0).Write(bytes.AsSpan(20));
        NativeEndian.WriteUInt16(bytes.AsSpan(36), (ushort)(4 + text.Length));
        NativeEndian.WriteUInt16(bytes.AsSpan(38), 1);
        text.CopyTo(bytes.AsSpan(40));
        return bytes;
    }

    private static (int Error, string? Text) Decode(byte[] datagram)
    {
        var reader = new NetlinkReader(datagram);
        Assert.True(reader.TryRead(out var m));
        return NetlinkAck.Decode(m);
    }

    [Fact]
    public void Decode_CappedReplyWithText_ErrnoAndKernelText()
        => Assert.Equal((Errno.EEXIST, "File exists"), Decode(ErrorReply(Capped | AckTlvs, 40)));

    [Fact]
    public void Decode_Ack_ZeroAndNoText()
    {
        var reply = ErrorReply(Capped | AckTlvs, 40);
        NativeEndian.WriteInt32(reply.AsSpan(16), 0);
        Assert.Equal((0, (string?)null), Decode(reply));
    }

    /// <summary>
    /// Found by bench/fuzz (netlink target, crash-27d82ead): an uncapped reply whose echoed nlmsg_len is over 2^31
    /// made the skip negative and the slice threw ArgumentOutOfRangeException. A length past the payload has no text.
    /// </summary>
    [Theory]
    [InlineData(0xc9c9c9c9u)]
    [InlineData(0xfffffffdu)]
    [InlineData(0x7ffffffdu)]
    [InlineData(1000u)]
    public void Decode_UncappedReplyEchoingAnImpossibleLength_ErrnoWithoutText(uint requestLength)
        => Assert.Equal((Errno.EEXIST, (string?)null), Decode(ErrorReply(AckTlvs, requestLength)));

    [Fact]
    public void Decode_FuzzerCrashInput_DoesNotThrow()
    {
        byte[] input = Convert.FromBase64String(
            "NAAAAAIAAGZnAADJycnJycnJycnJycnJAAAAAAAAABAAAQBGaWxlIGV4//////////9cAACQEGFjdmxhbgAMAAIAAQAAAAgAAQAB//////8AcnAuAAAAAAAAAAAAEP///////wA=");
        var (error, text) = Decode(input);
        Assert.Equal(-unchecked((int)0xc9c9c9c9), error);
        Assert.Null(text);
    }
}
