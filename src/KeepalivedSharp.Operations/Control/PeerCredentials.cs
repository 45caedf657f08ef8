using System.Buffers.Binary;
using System.Net.Sockets;

namespace KeepalivedSharp.Operations.Control;

/// <summary>The process at the other end of a connected Unix socket, as the kernel vouches for it (SO_PEERCRED, socket(7)).</summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    private const int SOL_SOCKET = 1;
    private const int SO_PEERCRED = 17;

    /// <summary>Reads struct ucred { pid_t pid; uid_t uid; gid_t gid; } from the socket.</summary>
    public static PeerCredentials Of(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[12];
        var n = socket.GetRawSocketOption(SOL_SOCKET, SO_PEERCRED, ucred);
        if (n < 12) throw new SocketException((int)SocketError.ProtocolNotSupported);
        return new PeerCredentials(BinaryPrimitives.ReadInt32LittleEndian(ucred), BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[8..]));
    }
}
