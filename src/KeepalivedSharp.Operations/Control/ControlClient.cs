using System.Net.Sockets;

namespace KeepalivedSharp.Operations.Control;

/// <summary>A one-request client of the control socket (used by <c>status</c> and <c>reload</c>).</summary>
public static class ControlClient
{
    /// <summary>Sends <paramref name="command"/> and returns the reply; throws <see cref="IOException"/> saying what failed and where.</summary>
    public static async Task<ControlResponse> SendAsync(string socketPath, string command, TimeSpan timeout, CancellationToken cancellation)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        cts.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token).ConfigureAwait(false);
            using var channel = new LineChannel(socket, ControlProtocol.MaxReplyBytes);
            SocketException? writeFailed = null;
            try
            {
                await channel.WriteLineAsync(ControlProtocol.Serialize(new ControlRequest(command)), cts.Token).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionReset)
            {
                // A server that refuses us (SO_PEERCRED) answers and closes at once: its reply may already be here.
                writeFailed = e;
            }
            var line = await channel.ReadLineAsync(cts.Token).ConfigureAwait(false);
            if (line is null && writeFailed is not null) throw writeFailed;
            if (line is null) throw new IOException($"{socketPath}: the daemon closed the connection without answering");
            return ControlProtocol.ParseResponse(line) ?? throw new IOException($"{socketPath}: empty reply");
        }
        catch (SocketException e)
        {
            throw new IOException($"{socketPath}: cannot reach the daemon ({e.Message}); is keepalived-sharp running, and are you root?", e);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new IOException($"{socketPath}: no reply within {timeout.TotalSeconds:0} s");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new IOException($"{socketPath}: unreadable reply ({e.Message})", e);
        }
    }

    /// <summary>For the CLI: the reply when the daemon answered ok; otherwise writes "keepalived-sharp: why" to <paramref name="error"/> and returns null.</summary>
    public static async Task<ControlResponse?> TryRequestAsync(string socketPath, string command, TimeSpan timeout, TextWriter error, CancellationToken cancellation)
    {
        ControlResponse reply;
        try
        {
            reply = await SendAsync(socketPath, command, timeout, cancellation).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"keepalived-sharp: {e.Message}").ConfigureAwait(false);
            return null;
        }
        if (reply.Ok) return reply;
        await error.WriteLineAsync($"keepalived-sharp: {reply.Error ?? "the daemon refused the request"}").ConfigureAwait(false);
        return null;
    }
}
