using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Diagnostics;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Logging;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Operations.Control;

/// <summary>
/// The control socket: a Unix stream socket in a 0700 directory, socket mode 0600, serving only uid 0
/// (checked per connection with SO_PEERCRED; others get an error line and are logged). Each request is
/// one JSON line (<see cref="ControlRequest"/>), each reply one JSON line (<see cref="ControlResponse"/>),
/// answered from <see cref="IDaemonControl"/>. A connection may send several requests. Bounded by
/// <see cref="ConnectionLimits"/>: a longer request gets an error and the connection is closed, as is
/// one that does not send a complete request in time; connections over the cap are refused at once.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);
    private readonly IDaemonControl _control;
    private readonly ILogger _logger;
    private readonly uint _allowedUid;
    private readonly ConnectionLimits _limits;
    private readonly LogRateLimiter _logLimit;
    private readonly byte[] _busyReply;
    private BoundedAcceptor? _acceptor;

    /// <param name="allowedUid">The only uid served (root; tests may name another to see a refusal).</param>
    /// <param name="limits">Default <see cref="ConnectionLimits.Control"/>.</param>
    /// <param name="time">The clock of the log rate limit.</param>
    public ControlServer(IDaemonControl control, ILogger logger, string socketPath = ControlProtocol.DefaultSocketPath, uint allowedUid = 0,
        ConnectionLimits? limits = null, TimeProvider? time = null)
    {
        _control = control;
        _logger = logger;
        SocketPath = Path.GetFullPath(socketPath);
        _allowedUid = allowedUid;
        _limits = limits ?? ConnectionLimits.Control;
        _logLimit = new LogRateLimiter(time ?? TimeProvider.System);
        _busyReply = Encoding.UTF8.GetBytes(ControlProtocol.Serialize(
            new ControlResponse(false, $"busy: {_limits.MaxConnections} connections already open; try again")) + "\n");
    }

    public string SocketPath { get; }

    /// <summary>Connections being served now.</summary>
    public int ActiveConnections => _acceptor?.Active ?? 0;

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
            listener.Listen(64); // a burst of clients over the cap must reach Refuse, not fail connect() with EAGAIN
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _acceptor = new BoundedAcceptor(listener, _limits.MaxConnections, ServeAsync, Refuse);
        _acceptor.Start();
        OperationsLog.ControlListening(_logger, SocketPath);
    }

    public async Task StopAsync()
    {
        if (_acceptor is not { } acceptor) return;
        _acceptor = null;
        await acceptor.StopAsync().ConfigureAwait(false);
        RemoveOwn(SocketPath);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static void PrepareDirectory(string dir)
    {
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if (FileStatus.TryLstat(dir, out _) is null) Directory.CreateDirectory(dir, Private);
        var st = FileStatus.TryLstat(dir, out var errno) ?? throw new IOException($"{dir}: cannot create the control socket directory (errno {errno})");
        if (!st.IsDirectory) throw new IOException($"{dir}: not a directory (a symlink or file); refusing to put the control socket there");
        if (st.Uid != ProcessCredentials.Current.Uid) throw new IOException($"{dir}: owned by uid {st.Uid}, not by us; refusing to put the control socket there");
        File.SetUnixFileMode(dir, Private);
    }

    /// <summary>
    /// Removes a socket left by a daemon that died, but never one another daemon still listens on: taking it over would
    /// leave that daemon unreachable and have <c>status</c> and <c>reload</c> reach the wrong one (as a second daemon
    /// or a lab node on the default path would).
    /// </summary>
    private static void RemoveStale(string path)
    {
        if (FileStatus.TryLstat(path, out _) is not { } st) return;
        if ((st.Mode & FileStatus.S_IFMT) != 0xC000 && !st.IsSymlink) // S_IFSOCK
            throw new IOException($"{path}: exists and is not a socket; refusing to replace it");
        if (!st.IsSymlink && Listening(path))
            throw new IOException($"{path}: another daemon is serving this control socket; refusing to take it over (give this one --control-socket)");
        File.Delete(path);
    }

    /// <summary>True unless connecting is refused (nobody listens: the socket is stale).</summary>
    private static bool Listening(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
        catch (SocketException)
        {
            return true; // EAGAIN (a full backlog) and the like: someone is there
        }
    }

    private static void RemoveOwn(string path)
    {
        if (FileStatus.TryLstat(path, out _) is { } st && (st.Mode & FileStatus.S_IFMT) == 0xC000) File.Delete(path);
    }

    private void Refuse(Socket client)
    {
        BoundedAcceptor.SendNow(client, _busyReply);
        if (_logLimit.MayLog(_logger, "Control socket busy")) OperationsLog.ControlBusy(_logger, _limits.MaxConnections, PeerCredentials.Of(client).Pid);
    }

    private async Task ServeAsync(Socket client, CancellationToken stop)
    {
        using var channel = new LineChannel(client, _limits.MaxRequestBytes);
        var peer = PeerCredentials.Of(client);
        if (peer.Uid != _allowedUid)
        {
            if (_logLimit.MayLog(_logger, "Control socket refused")) OperationsLog.ControlRefused(_logger, peer.Uid, peer.Pid, SocketPath);
            await ReplyAsync(channel, new ControlResponse(false, $"permission denied: only uid {_allowedUid} may use this socket"), stop).ConfigureAwait(false);
            return;
        }
        while (await ReadRequestAsync(channel, peer, stop).ConfigureAwait(false) is { } line)
        {
            var reply = await AnswerAsync(line, peer, stop).ConfigureAwait(false);
            await ReplyAsync(channel, reply, stop).ConfigureAwait(false);
        }
    }

    /// <summary>The next non-empty request line within the read timeout; null when the connection is to end (closed, too long, too slow).</summary>
    private async Task<string?> ReadRequestAsync(LineChannel channel, PeerCredentials peer, CancellationToken stop)
    {
        string? problem;
        using (var deadline = ConnectionLimits.Deadline(_limits.ReadTimeout, stop))
        {
            try
            {
                while (await channel.ReadLineAsync(deadline.Token).ConfigureAwait(false) is { } line)
                {
                    if (line.Length > 0) return line;
                }
                return null;
            }
            catch (InvalidDataException)
            {
                problem = $"request longer than {_limits.MaxRequestBytes} bytes";
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                problem = $"no complete request within {_limits.ReadTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
            }
        }
        if (_logLimit.MayLog(_logger, "Control socket dropped")) OperationsLog.ControlDropped(_logger, peer.Pid, problem);
        await ReplyAsync(channel, new ControlResponse(false, problem + "; closing the connection"), stop).ConfigureAwait(false);
        return null;
    }

    private async Task ReplyAsync(LineChannel channel, ControlResponse reply, CancellationToken stop)
    {
        using var deadline = ConnectionLimits.Deadline(_limits.WriteTimeout, stop);
        await channel.WriteLineAsync(ControlProtocol.Serialize(reply), deadline.Token).ConfigureAwait(false);
    }

    private async Task<ControlResponse> AnswerAsync(string line, PeerCredentials peer, CancellationToken stop)
    {
        var parsed = ControlProtocol.Interpret(line);
        if (parsed.Refusal is { } refusal)
        {
            if (_logLimit.MayLog(_logger, "Control socket bad request")) OperationsLog.ControlBadRequest(_logger, peer.Pid, parsed.Reason ?? refusal);
            return new ControlResponse(false, refusal);
        }
        var command = parsed.Command;
        using var timeout = ConnectionLimits.Deadline(AnswerTimeout, stop);
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
                    throw new UnreachableException($"Interpret accepted '{command}'");
            }
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            OperationsLog.ControlFailed(_logger, command, "timed out");
            return new ControlResponse(false, $"{command}: the daemon did not answer within {AnswerTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            OperationsLog.ControlFailed(_logger, command, e.Message);
            return new ControlResponse(false, $"{command}: {e.Message}");
        }
    }
}
