namespace KeepalivedSharp.Linux.Netlink;

/// <summary>A netlink message that is too short, overlong, or does not fit its buffer.</summary>
public sealed class NetlinkFormatException : FormatException
{
    public NetlinkFormatException() { }

    public NetlinkFormatException(string message) : base(message) { }

    public NetlinkFormatException(string message, Exception inner) : base(message, inner) { }
}
