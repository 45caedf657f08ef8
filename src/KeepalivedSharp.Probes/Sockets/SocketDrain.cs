using System.Net.Sockets;

namespace KeepalivedSharp.Probes.Sockets;

/// <summary>
/// A FIN-only close that also waits for the peer's FIN: shutdown(SHUT_WR), read (and drop) until EOF
/// or <paramref name="limit"/>, then close. Unread data at close() is what makes Linux send an RST
/// (a banner, keepalived issue #2560), so draining it keeps the close graceful.
/// </summary>
public static class SocketDrain
{
    public static async Task CloseAsync(Socket socket, TimeSpan limit, CancellationToken cancel)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var window = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            window.CancelAfter(limit);
            var buffer = new byte[512];
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, window.Token).ConfigureAwait(false) > 0)
            {
                // Discard: only the peer's FIN matters.
            }
        }
        catch (OperationCanceledException)
        {
            // The peer keeps its side open; our FIN is sent, close now.
        }
        catch (SocketException)
        {
            // Reset or gone: nothing left to close gracefully.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
