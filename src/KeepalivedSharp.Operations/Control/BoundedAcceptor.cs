using System.Net.Sockets;

namespace KeepalivedSharp.Operations.Control;

/// <summary>
/// Accepts connections on a listening socket and serves at most <c>limit</c> at once; a connection
/// over the limit is handed to <c>refuse</c> (a short, non-blocking reply) and closed at once, so
/// idle clients cannot queue up memory or tasks. Each connection is closed when its handler ends.
/// Shared by the control socket and the metrics endpoint.
/// </summary>
internal sealed class BoundedAcceptor(Socket listener, int limit, Func<Socket, CancellationToken, Task> serve, Action<Socket> refuse) : IAsyncDisposable
{
    private static readonly TimeSpan AcceptRetry = TimeSpan.FromMilliseconds(100);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _open = [];
    private int _active;
    private Task? _accepting;

    /// <summary>Connections being served now.</summary>
    public int Active => Volatile.Read(ref _active);

    public void Start() => _accepting = Task.Run(AcceptLoopAsync);

    /// <summary>Stops accepting, cancels the handlers and waits for them; disposes the listener.</summary>
    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        if (_accepting is not null) await _accepting.ConfigureAwait(false);
        Task[] open;
        lock (_open) open = [.. _open];
        await Task.WhenAll(open).ConfigureAwait(false);
        _stop.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Writes a short reply without waiting: a new socket's send buffer takes it whole, or it is dropped.</summary>
    public static void SendNow(Socket socket, ReadOnlySpan<byte> reply)
    {
        socket.Blocking = false;
        socket.Send(reply, SocketFlags.None, out _);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested) return;
                // EMFILE and the like: retry later rather than spin.
                try { await Task.Delay(AcceptRetry, _stop.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            if (Interlocked.Increment(ref _active) > limit)
            {
                Interlocked.Decrement(ref _active);
                Refuse(client);
                continue;
            }
            var task = Task.Run(() => ServeAsync(client));
            lock (_open)
            {
                _open.RemoveAll(t => t.IsCompleted);
                _open.Add(task);
            }
        }
    }

    private void Refuse(Socket client)
    {
        using var _ = client;
        try
        {
            refuse(client);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            await serve(client, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The client went away or the server is stopping: nothing to report.
        }
        finally
        {
            client.Dispose();
            Interlocked.Decrement(ref _active);
        }
    }
}
