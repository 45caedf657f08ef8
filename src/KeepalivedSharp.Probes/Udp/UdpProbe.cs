using System.Net.Sockets;
using KeepalivedSharp.Probes.Sockets;

namespace KeepalivedSharp.Probes.Udp;

/// <summary>
/// UDP_CHECK (check_udp.c, core/layer4.c udp_bind_connect/udp_socket_state): one datagram with
/// IP_RECVERR set; an ICMP error (port unreachable) is a failure; no reply before connect_timeout
/// is success unless require_reply. Bind, connect and send errors fail the check (udp_epilog false);
/// only a socket() failure reschedules. Unlike 2.2.7, bind_if is applied too.
/// </summary>
public sealed class UdpProbe : IProbe
{
    private const int SolIp = 0, IpRecvErr = 11, SolIpv6 = 41, Ipv6RecvErr = 25;

    public async Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken cancel)
    {
        var spec = request.Spec;
        var c = spec.Checker;
        var rs = request.Checker.RealServer.ToString(Core.Check.LbProtocol.Udp);
        Socket socket;
        try
        {
            socket = new Socket(spec.Target.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
        }
        catch (SocketException)
        {
            return ProbeOutcome.Reschedule("UDP connect fail to create socket. Rescheduling.");
        }
        using (socket)
        {
            using var window = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            window.CancelAfter(spec.ConnectTimeout);
            var buffer = new byte[c.MaxReplyLength + 1];
            int n;
            try
            {
                bool v6 = spec.Target.AddressFamily == AddressFamily.InterNetworkV6;
                socket.SetRawSocketOption(v6 ? SolIpv6 : SolIp, v6 ? Ipv6RecvErr : IpRecvErr, BitConverter.GetBytes(1));
                ProbeSocket.Configure(socket, spec);
                socket.Connect(spec.Target);
                await socket.SendAsync(UdpPayload.For(c.Payload), SocketFlags.None, window.Token).ConfigureAwait(false);
                n = await socket.ReceiveAsync(buffer, SocketFlags.None, window.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (window.IsCancellationRequested && !cancel.IsCancellationRequested)
            {
                // udp_socket_state: a read timeout is success unless require_reply is set.
                return c.RequireReply ? ProbeOutcome.Failed($"UDP connection to {rs} failed (no reply).") : ProbeOutcome.Up($"UDP connection to {rs} success.");
            }
            catch (SocketException e)
            {
                return ProbeOutcome.Failed($"UDP connection to {rs} failed ({ProbeSocket.Describe(e.SocketErrorCode)}).");
            }
            if (c.RequireReply && !new ReplyPattern(c.ReplyData, c.ReplyMask, c.MinReplyLength, c.MaxReplyLength).Matches(buffer.AsSpan(0, n)))
                return ProbeOutcome.Failed($"UDP check to {rs} reply data mismatch.");
            return ProbeOutcome.Up($"UDP connection to {rs} success.");
        }
    }
}
