using System.Diagnostics;
using System.Net.Sockets;
using KeepalivedSharp.Probes.Sockets;

namespace KeepalivedSharp.Probes.Tcp;

/// <summary>
/// TCP_CHECK (check_tcp.c): a connect within connect_timeout is up; refused, unreachable, reset or
/// timed out is down; a socket, option or bind failure reschedules without a verdict. The socket is
/// closed with a FIN after draining (no RST, #2560; 2.2.7 sets SO_LINGER {1, 5}).
/// </summary>
public sealed class TcpProbe : IProbe
{
    /// <summary>At most this long (within the budget) waiting for the peer's FIN after ours.</summary>
    public static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(1);

    public async Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken cancel)
    {
        var spec = request.Spec;
        var rs = request.Checker.RealServer.ToString(Core.Check.LbProtocol.Tcp);
        var started = Stopwatch.GetTimestamp();
        Socket socket;
        try
        {
            socket = ProbeSocket.Open(spec, SocketType.Stream, ProtocolType.Tcp);
        }
        catch (SocketException e)
        {
            return OpenFailed(e);
        }
        try
        {
            await ProbeSocket.ConnectAsync(socket, spec, cancel).ConfigureAwait(false);
        }
        catch (ProbeSocketException e)
        {
            socket.Dispose();
            return ConnectFailed(e, rs);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var left = spec.ConnectTimeout - Stopwatch.GetElapsedTime(started);
        await SocketDrain.CloseAsync(socket, DrainWindow(left), cancel).ConfigureAwait(false);
        return Connected(rs);
    }

    // The outcomes, shared with the check loop's own TCP_CHECK (Host's LoopTcpCheck).

    /// <summary>socket() or an option failed: no verdict, rescheduled.</summary>
    public static ProbeOutcome OpenFailed(SocketException e) =>
        ProbeOutcome.Reschedule($"TCP socket bind failed ({ProbeSocket.Describe(e.SocketErrorCode)}). Rescheduling.");

    /// <summary>The connect failed or timed out (<paramref name="rs"/>: the real server as keepalived prints it).</summary>
    public static ProbeOutcome ConnectFailed(ProbeSocketException e, string rs)
    {
        if (!e.BackendFault) return ProbeOutcome.Reschedule($"TCP socket bind failed ({e.Message}). Rescheduling.");
        return ProbeOutcome.Failed(e.TimedOut ? $"TCP connection to {rs} timeout." : $"TCP connection to {rs} failed ({e.Message}).");
    }

    public static ProbeOutcome Connected(string rs) => ProbeOutcome.Up($"TCP connection to {rs} success.");

    /// <summary>How long to wait for the peer's FIN, with <paramref name="left"/> of connect_timeout remaining.</summary>
    public static TimeSpan DrainWindow(TimeSpan left) => left < TimeSpan.Zero ? TimeSpan.Zero : left < DrainLimit ? left : DrainLimit;
}
