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
            return ProbeOutcome.Reschedule($"TCP socket bind failed ({ProbeSocket.Describe(e.SocketErrorCode)}). Rescheduling.");
        }
        try
        {
            await ProbeSocket.ConnectAsync(socket, spec, cancel).ConfigureAwait(false);
        }
        catch (ProbeSocketException e)
        {
            socket.Dispose();
            if (!e.BackendFault) return ProbeOutcome.Reschedule($"TCP socket bind failed ({e.Message}). Rescheduling.");
            return ProbeOutcome.Failed(e.TimedOut
                ? $"TCP connection to {rs} timeout."
                : $"TCP connection to {rs} failed ({e.Message}).");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var left = spec.ConnectTimeout - Stopwatch.GetElapsedTime(started);
        await SocketDrain.CloseAsync(socket, left < TimeSpan.Zero ? TimeSpan.Zero : left < DrainLimit ? left : DrainLimit, cancel).ConfigureAwait(false);
        return ProbeOutcome.Up($"TCP connection to {rs} success.");
    }
}
