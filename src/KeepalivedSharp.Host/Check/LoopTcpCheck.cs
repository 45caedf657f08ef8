using System.Net.Sockets;
using KeepalivedSharp.Host.Loop;
using KeepalivedSharp.Probes;
using KeepalivedSharp.Probes.Sockets;
using KeepalivedSharp.Probes.Tcp;

namespace KeepalivedSharp.Host.Check;

/// <summary>
/// One TCP_CHECK attempt run by the check loop itself, as keepalived's checker thread does (check_tcp.c over
/// its scheduler): a non-blocking connect watched for writability on the loop's epoll, connect_timeout on the
/// loop's timers, then shutdown(SHUT_WR) and a drain until the peer's FIN (no RST, #2560) within
/// <see cref="TcpProbe.DrainWindow"/>. Same outcomes and wording as <see cref="TcpProbe"/>, which genhash and
/// the tests use; this one costs no task, timer or thread hand-off (bench/check). Loop thread only.
/// </summary>
internal sealed class LoopTcpCheck(ISocketLoop loop, ProbeRequest request, byte[] drain, Action<LoopTcpCheck, ProbeOutcome> done)
{
    private Socket? _socket;
    private int _fd;
    private ulong _token;
    private LoopTimer? _timer;
    private TimeSpan _started;
    private bool _draining;

    public ProbeRequest Request => request;

    private string Rs => request.Checker.RealServer.ToString(Core.Check.LbProtocol.Tcp);

    public void Start()
    {
        var spec = request.Spec;
        _started = loop.Now;
        try
        {
            _socket = ProbeSocket.Open(spec, SocketType.Stream, ProtocolType.Tcp);
        }
        catch (SocketException e)
        {
            Finish(TcpProbe.OpenFailed(e));
            return;
        }
        _fd = (int)_socket.SafeHandle.DangerousGetHandle();
        try
        {
            _socket.Connect(spec.Target);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.InProgress or SocketError.WouldBlock)
        {
            _token = loop.WatchSocket(_fd, writable: true, () => Guard(OnReady));
            _timer = loop.After(spec.ConnectTimeout, () => Guard(() => Finish(TcpProbe.ConnectFailed(ProbeSocket.ConnectFailure(SocketError.TimedOut), Rs))));
            return;
        }
        catch (SocketException e)
        {
            Finish(TcpProbe.ConnectFailed(ProbeSocket.ConnectFailure(e.SocketErrorCode), Rs));
            return;
        }
        StartDrain(); // connected at once
    }

    /// <summary>Shutdown or reload: closes the socket, no outcome.</summary>
    public void Cancel() => Close();

    private void OnReady()
    {
        if (_socket is null) return;
        if (_draining)
        {
            Drain();
            return;
        }
        var error = (SocketError)(int)_socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error != SocketError.Success)
        {
            Finish(TcpProbe.ConnectFailed(ProbeSocket.ConnectFailure(error), Rs));
            return;
        }
        StartDrain();
    }

    // SocketDrain.CloseAsync: shutdown(SHUT_WR), read and drop until EOF or the window's end, then close.
    private void StartDrain()
    {
        _timer?.Cancel();
        var window = TcpProbe.DrainWindow(request.Spec.ConnectTimeout - (loop.Now - _started));
        try
        {
            _socket!.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            Finish(TcpProbe.Connected(Rs)); // reset or gone: nothing left to close gracefully
            return;
        }
        _draining = true;
        if (_token == 0) _token = loop.WatchSocket(_fd, writable: false, () => Guard(OnReady));
        else loop.RewatchSocket(_fd, _token, writable: false);
        _timer = loop.After(window, () => Guard(() => Finish(TcpProbe.Connected(Rs))));
        Drain();
    }

    private void Drain()
    {
        while (true)
        {
            int n = _socket!.Receive(drain, 0, drain.Length, SocketFlags.None, out var e);
            if (e == SocketError.WouldBlock) return;
            if (e != SocketError.Success || n == 0)
            {
                Finish(TcpProbe.Connected(Rs));
                return;
            }
        }
    }

    private void Finish(ProbeOutcome outcome)
    {
        Close();
        done(this, outcome);
    }

    // A step that throws ends this probe (ProbeOutcome.Defect), never the loop.
    private void Guard(Action step)
    {
        try
        {
            step();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (_socket is null) return;
            Finish(ProbeOutcome.Defect(e));
        }
    }

    private void Close()
    {
        _timer?.Cancel();
        _timer = null;
        if (_socket is not { } s) return;
        _socket = null;
        if (_token != 0) loop.UnwatchSocket(_fd, _token);
        s.Dispose();
    }
}
