using System.Net;
using System.Net.Sockets;
using System.Text;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Probes.Sockets;

/// <summary>
/// The checker socket with keepalived's connection options (check_api.c install_checker_common_keywords,
/// core/layer4.c socket_bind_connect): <c>bindto</c>/<c>bind_port</c> as the source, <c>bind_if</c> as
/// SO_BINDTODEVICE, <c>fwmark</c> as SO_MARK; <c>connect_ip</c>/<c>connect_port</c> are already in
/// <see cref="CheckProbe.Target"/>. Created synchronously, so it lives in the caller's network namespace.
/// </summary>
public static class ProbeSocket
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private const int SoMark = 36;

    /// <summary>A non-blocking socket towards <paramref name="spec"/>'s target with its options applied.</summary>
    public static Socket Open(CheckProbe spec, SocketType type, ProtocolType protocol)
    {
        var s = new Socket(spec.Target.AddressFamily, type, protocol) { Blocking = false };
        try
        {
            Configure(s, spec);
            return s;
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Applies bind_if, fwmark and bindto/bind_port to a socket created by the caller (which may
    /// need to tell a socket() failure, keepalived's "Rescheduling.", from an option or bind failure).
    /// </summary>
    public static void Configure(Socket s, CheckProbe spec)
    {
        var c = spec.Checker;
        if (c.BindInterface is { Length: > 0 } dev)
        {
            var name = new byte[Encoding.ASCII.GetByteCount(dev) + 1];
            Encoding.ASCII.GetBytes(dev, name);
            s.SetRawSocketOption(SolSocket, SoBindToDevice, name);
        }
        if (c.Fwmark is uint mark) s.SetRawSocketOption(SolSocket, SoMark, BitConverter.GetBytes(mark));
        if (c.BindTo is not null || c.BindPort is not null)
        {
            var any = spec.Target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            s.Bind(new IPEndPoint(c.BindTo ?? any, c.BindPort ?? 0));
        }
    }

    /// <summary>
    /// Connects within connect_timeout. A refused, unreachable, reset or timed-out connect is a check
    /// failure (core/layer4.c); anything else (a bind error, EADDRINUSE) is not the backend's fault
    /// and is reported with <see cref="ProbeSocketException.BackendFault"/> false.
    /// </summary>
    public static async Task ConnectAsync(Socket socket, CheckProbe spec, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(spec.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(spec.Target, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw ConnectFailure(SocketError.TimedOut);
        }
        catch (SocketException e)
        {
            throw ConnectFailure(e.SocketErrorCode);
        }
    }

    /// <summary>What a connect that ended in <paramref name="e"/> means (connect_timeout's end is <see cref="SocketError.TimedOut"/>).</summary>
    public static ProbeSocketException ConnectFailure(SocketError e) => new(Describe(e), IsCheckFailure(e), e == SocketError.TimedOut);

    /// <summary>core/layer4.c: the connect errors that count as a failed check.</summary>
    public static bool IsCheckFailure(SocketError e) => e is SocketError.NetworkUnreachable or SocketError.HostUnreachable
        or SocketError.ConnectionRefused or SocketError.HostDown or SocketError.NetworkDown or SocketError.ConnectionReset
        or SocketError.ConnectionAborted or SocketError.TimedOut;

    public static string Describe(SocketError e) => e switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset by peer",
        SocketError.TimedOut => "connection timed out",
        SocketError.HostUnreachable => "no route to host",
        SocketError.NetworkUnreachable => "network is unreachable",
        _ => e.ToString(),
    };

    /// <summary>
    /// Closes with a FIN, never an RST: no SO_LINGER {on, 0} and no unread data left to abort on
    /// (keepalived issue #2560: backends log the resets of 2.2.7's TCP_CHECK).
    /// </summary>
    public static void CloseGracefully(Socket socket)
    {
        try
        {
            if (socket.Connected) socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already reset by the peer: nothing left to close gracefully.
        }
        finally
        {
            socket.Dispose();
        }
    }
}

/// <summary>
/// A connect or socket-option failure; <see cref="BackendFault"/> says whether it counts against the backend,
/// <see cref="TimedOut"/> whether connect_timeout (or the kernel's ETIMEDOUT) ended it (keepalived's "timeout." lines).
/// </summary>
public sealed class ProbeSocketException(string message, bool backendFault, bool timedOut = false) : Exception(message)
{
    public bool BackendFault { get; } = backendFault;

    public bool TimedOut { get; } = timedOut;
}
