using System.Net.Sockets;
using KeepalivedSharp.Operations.Control;

namespace KeepalivedSharp.Operations.Tests.Operations.Control;

/// <summary>Hostile clients of a control socket: huge lines from many connections at once.</summary>
public static class ControlAttack
{
    /// <summary>Connects and sends <paramref name="line"/> as one line; returns the first reply line (null when none came).</summary>
    public static async Task<string?> HugeLineAsync(string socketPath, ReadOnlyMemory<byte> line, CancellationToken cancellation)
    {
        using var socket = await ConnectAsync(socketPath, cancellation);
        using var channel = new LineChannel(socket, 64 * 1024);
        var sending = SendIgnoringResetAsync(socket, line, cancellation);
        var reply = await channel.ReadLineAsync(cancellation);
        await sending;
        return reply;
    }

    /// <summary>Runs <paramref name="clients"/> huge-line clients at once; returns their replies.</summary>
    public static async Task<string?[]> FloodAsync(string socketPath, int clients, int lineBytes, TimeSpan bound)
    {
        var line = new byte[lineBytes];
        Array.Fill(line, (byte)'x');
        line[^1] = (byte)'\n';
        using var cts = new CancellationTokenSource(bound);
        return await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => HugeLineAsync(socketPath, line, cts.Token))));
    }

    /// <summary>Connects; a full backlog (EAGAIN on a Unix socket) is retried, as a blocking connect would wait.</summary>
    public static async Task<Socket> ConnectAsync(string socketPath, CancellationToken cancellation)
    {
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellation);
                return socket;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                socket.Dispose();
                await Task.Delay(10, cancellation);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    /// <summary>Sends until done or until the server closes (EPIPE / ECONNRESET: it stopped reading, as it should).</summary>
    private static async Task SendIgnoringResetAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellation)
    {
        try
        {
            while (!bytes.IsEmpty) bytes = bytes[await socket.SendAsync(bytes, SocketFlags.None, cancellation)..];
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
        }
    }
}
