using System.Net.Sockets;
using System.Text.Json;
using KeepalivedSharp.Linux.Processes;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Operations.Control;

/// <summary>
/// The control socket: a Unix stream socket in a 0700 directory, socket mode 0600, serving only uid 0
/// (checked per connection with SO_PEERCRED; others get an error line and are logged). Each request is
/// one JSON line (<see cref="ControlRequest"/>), each reply one JSON line (<see cref="ControlResponse"/>),
/// answered from <see cref="IDaemonControl"/>. A connection may send several requests.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private readonly IDaemonControl _control;
    private readonly ILogger _logger;
    private readonly uint _allowedUid;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private Socket? _listener;
    private Task? _accepting;

    /// <param name="allowedUid">The only uid served (root; tests may name another to see a refusal).</param>
    public ControlServer(IDaemonControl control, ILogger logger, string socketPath = ControlProtocol.DefaultSocketPath, uint allowedUid = 0)
    {
        _control = control;
        _logger = logger;
        SocketPath = Path.GetFullPath(socketPath);
        _allowedUid = allowedUid;
    }

    public string SocketPath { get; }

    /// <summary>Creates the directory (0700) if needed, replaces a stale socket, binds and starts accepting.</summary>
    public void Start()
    {
        PrepareDirectory(Path.GetDirectoryName(SocketPath)!);
        RemoveStale(SocketPath);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
            File.SetUnixFileMode(SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        _accepting = Task.Run(AcceptLoopAsync);
        OperationsLog.ControlListening(_logger, SocketPath);
    }

    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_accepting is not null) await _accepting.ConfigureAwait(false);
        Task[] open;
        lock (_connections) open = [.. _connections];
        await Task.WhenAll(open).ConfigureAwait(false);
        if (_listener is not null) RemoveStale(SocketPath);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private static void PrepareDirectory(string dir)
    {
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if (FileStatus.TryLstat(dir, out _) is null) Directory.CreateDirectory(dir, Private);
        var st = FileStatus.TryLstat(dir, out var errno) ?? throw new IOException($"{dir}: cannot create the control socket directory (errno {errno})");
        if (!st.IsDirectory) throw new IOException($"{dir}: not a directory (a symlink or file); refusing to put the control socket there");
        if (st.Uid != ProcessCredentials.Current.Uid) throw new IOException($"{dir}: owned by uid {st.Uid}, not by us; refusing to put the control socket there");
        File.SetUnixFileMode(dir, Private);
    }

    private static void RemoveStale(string path)
    {
        if (FileStatus.TryLstat(path, out _) is not { } st) return;
        if ((st.Mode & FileStatus.S_IFMT) != 0xC000 && !st.IsSymlink) // S_IFSOCK
            throw new IOException($"{path}: exists and is not a socket; refusing to replace it");
        File.Delete(path);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested) return;
                continue;
            }
            var task = Task.Run(() => ServeAsync(client));
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        var channel = new LineChannel(client);
        PeerCredentials peer;
        try
        {
            peer = PeerCredentials.Of(client);
            if (peer.Uid != _allowedUid)
            {
                OperationsLog.ControlRefused(_logger, peer.Uid, peer.Pid, SocketPath);
                await channel.WriteLineAsync(ControlProtocol.Serialize(new ControlResponse(false, $"permission denied: only uid {_allowedUid} may use this socket")), _stop.Token).ConfigureAwait(false);
                return;
            }
            while (await channel.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0) continue;
                var reply = await AnswerAsync(line, peer).ConfigureAwait(false);
                await channel.WriteLineAsync(ControlProtocol.Serialize(reply), _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
    }

    private async Task<ControlResponse> AnswerAsync(string line, PeerCredentials peer)
    {
        ControlRequest? request;
        try
        {
            request = ControlProtocol.ParseRequest(line);
        }
        catch (JsonException e)
        {
            OperationsLog.ControlBadRequest(_logger, peer.Pid, e.Message);
            return new ControlResponse(false, "bad request: not a JSON object {\"command\": ...}");
        }
        var command = request?.Command ?? "";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            switch (command)
            {
                case ControlProtocol.Status:
                    return new ControlResponse(true, Status: StatusDocument.From(await _control.GetStatusAsync(timeout.Token).ConfigureAwait(false)));
                case ControlProtocol.Reload:
                    OperationsLog.ControlCommand(_logger, command, peer.Pid);
                    var r = await _control.ReloadAsync(timeout.Token).ConfigureAwait(false);
                    return new ControlResponse(true, Reload: new ReloadDocument(r.Applied, [.. r.Diagnostics], [.. r.Changes]));
                case ControlProtocol.ClearStats:
                    OperationsLog.ControlCommand(_logger, command, peer.Pid);
                    await _control.ClearCountersAsync(timeout.Token).ConfigureAwait(false);
                    return new ControlResponse(true);
                default:
                    OperationsLog.ControlBadRequest(_logger, peer.Pid, $"unknown command '{command}'");
                    return new ControlResponse(false, $"unknown command '{command}' (status, reload, clear-stats)");
            }
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            OperationsLog.ControlFailed(_logger, command, "timed out");
            return new ControlResponse(false, $"{command}: the daemon did not answer within {RequestTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            OperationsLog.ControlFailed(_logger, command, e.Message);
            return new ControlResponse(false, $"{command}: {e.Message}");
        }
    }
}
