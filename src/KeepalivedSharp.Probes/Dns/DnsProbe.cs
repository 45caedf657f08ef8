using System.Buffers;
using System.Net.Sockets;
using KeepalivedSharp.Config;
using KeepalivedSharp.Probes.Sockets;

namespace KeepalivedSharp.Probes.Dns;

/// <summary>
/// DNS_CHECK (check_dns.c): one UDP query with RD and a random ID on a connected socket with the checker's
/// connection options; the first datagram with our ID and QR set decides (RCODE 0 passes). Others are
/// dropped and the wait goes on. connect_timeout bounds the whole exchange from the connect on, as
/// keepalived's sands does. A hand-written codec, not DnsClient: its LookupClient opens its own
/// unbound socket (DnsUdpMessageHandler), so bindto, bind_port, bind_if and fwmark could not apply.
/// </summary>
public sealed class DnsProbe : IProbe
{
    /// <summary>Large enough for any datagram, so a big answer is never cut short (only its header is read).</summary>
    private const int ReceiveSize = 65536;

    public async Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken cancel)
    {
        var spec = request.Spec;
        var c = spec.Checker;
        // FMT_CHK: the real server; DNS_CHECK's own socket is UDP.
        var prefix = $"DNS_CHECK ({request.Checker.RealServer.ToString(Core.Check.LbProtocol.Udp)})";
        var query = new byte[DnsQuery.HeaderLength + DnsQuery.MaxName + 4];
        // A random ID, as check_dns.c; from getrandom, so OpenSSL is never loaded for it (KernelRandomTests).
        Span<byte> random = stackalloc byte[2];
        KeepalivedSharp.Linux.Native.KernelRandom.Fill(random);
        var id = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(random);
        if (DnsQueryTypes.Code(c.DnsType) is not ushort type) return ProbeOutcome.Failed($"{prefix} unknown type {c.DnsType}.");
        int length = DnsQuery.Write(query, id, c.DnsName, type);
        if (length == 0) return ProbeOutcome.Failed($"{prefix} name '{c.DnsName}' cannot be encoded (a label over 63 octets or a name over 255).");
        Socket socket;
        try
        {
            socket = new Socket(spec.Target.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
        }
        catch (SocketException)
        {
            return ProbeOutcome.Reschedule($"{prefix} failed to create socket. Rescheduling.");
        }
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveSize);
        using (socket)
        using (var window = CancellationTokenSource.CreateLinkedTokenSource(cancel))
        {
            try
            {
                try
                {
                    ProbeSocket.Configure(socket, spec);
                    socket.Connect(spec.Target);
                }
                catch (SocketException e) when (ProbeSocket.IsCheckFailure(e.SocketErrorCode))
                {
                    return ProbeOutcome.Failed($"{prefix} network unreachable for [{spec.Target.Address}]:{spec.Target.Port}");
                }
                catch (SocketException)
                {
                    return ProbeOutcome.Reschedule($"{prefix} UDP socket bind failed. Rescheduling.");
                }
                window.CancelAfter(spec.ConnectTimeout);
                int sent;
                try
                {
                    sent = await socket.SendAsync(query.AsMemory(0, length), SocketFlags.None, window.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    return ProbeOutcome.Failed($"{prefix} write timeout to socket.");
                }
                catch (SocketException)
                {
                    return ProbeOutcome.Failed($"{prefix} failed to write socket.");
                }
                if (sent != length) return ProbeOutcome.Failed($"{prefix} failed to write all of the datagram.");
                while (true)
                {
                    int n;
                    try
                    {
                        n = await socket.ReceiveAsync(buffer.AsMemory(0, ReceiveSize), SocketFlags.None, window.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                    {
                        return ProbeOutcome.Failed($"{prefix} read timeout from socket");
                    }
                    catch (SocketException e)
                    {
                        // An ICMP port unreachable arrives as ECONNREFUSED on the connected socket.
                        return ProbeOutcome.Failed($"{prefix} failed to read socket; errno {e.NativeErrorCode} ({e.Message})");
                    }
                    var reply = DnsReply.Judge(buffer.AsSpan(0, n), id);
                    if (reply.Kind == DnsReplyKind.Success) return ProbeOutcome.Up($"{prefix} succeed.");
                    if (reply.Kind == DnsReplyKind.Error) return ProbeOutcome.Failed($"{prefix} read error occurred. (rcode = {reply.ResponseCode})");
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
