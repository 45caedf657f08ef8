using System.Net.Sockets;
using KeepalivedSharp.Probes.Sockets;

namespace KeepalivedSharp.Probes.Ping;

/// <summary>
/// PING_CHECK (check_ping.c): one echo over a SOCK_DGRAM ICMP/ICMPv6 socket with a 128-byte payload;
/// up when the echo reply with our sequence arrives within connect_timeout. A socket() failure (EACCES
/// when ping_group_range excludes our gid) reschedules. Stricter than 2.2.7, which takes any echo
/// reply and ignores bindto/bind_if/fwmark: we match the sequence and apply the options.
/// </summary>
public sealed class PingProbe : IProbe
{
    private const int PayloadLength = 128;
    private static int _sequence;

    public async Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken cancel)
    {
        var spec = request.Spec;
        bool v6 = spec.Target.AddressFamily == AddressFamily.InterNetworkV6;
        var rs = request.Checker.RealServer.ToString();
        Socket socket;
        try
        {
            socket = new Socket(spec.Target.AddressFamily, SocketType.Dgram, v6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp) { Blocking = false };
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Reschedule($"ICMP{(v6 ? "v6" : "")} connect fail to create socket ({ProbeSocket.Describe(e.SocketErrorCode)}). Rescheduling.");
        }
        using (socket)
        {
            using var window = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            window.CancelAfter(spec.ConnectTimeout);
            var seq = (ushort)Interlocked.Increment(ref _sequence);
            var packet = new byte[IcmpEcho.HeaderLength + PayloadLength];
            try
            {
                ProbeSocket.Configure(socket, spec);
                IcmpEcho.WriteRequest(packet, v6, seq);
                await socket.SendToAsync(packet, SocketFlags.None, spec.Target, window.Token).ConfigureAwait(false);
                var reply = new byte[packet.Length];
                while (true)
                {
                    int n = await socket.ReceiveAsync(reply, SocketFlags.None, window.Token).ConfigureAwait(false);
                    var echo = new IcmpEcho(reply.AsSpan(0, n));
                    if (!echo.IsComplete) return ProbeOutcome.Failed($"Error, got short ICMP packet, {n} bytes");
                    if (echo.Type != (v6 ? IcmpEcho.EchoReplyV6 : IcmpEcho.EchoReplyV4))
                        return ProbeOutcome.Failed($"Got ICMP packet with type 0x{echo.Type:x}");
                    if (echo.Sequence == seq) return ProbeOutcome.Up($"ICMP connection to {rs} success.");
                    // A late reply to an earlier attempt: keep waiting for ours.
                }
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested && !cancel.IsCancellationRequested)
            {
                return ProbeOutcome.Failed($"ICMP connection to address {rs} timeout.");
            }
            catch (SocketException e)
            {
                return ProbeOutcome.Failed($"ICMP connection to {rs} failed ({ProbeSocket.Describe(e.SocketErrorCode)}).");
            }
        }
    }
}
