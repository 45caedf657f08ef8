namespace KeepalivedSharp.Linux.Packet;

/// <summary>Sends prepared Ethernet frames (gratuitous ARP, unsolicited NA) out of one interface.</summary>
public interface IFrameSender : IDisposable
{
    int InterfaceIndex { get; }

    /// <summary>Sends one complete frame (destination MAC first); the kernel adds nothing.</summary>
    void Send(ReadOnlySpan<byte> frame);
}
