using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Probes.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace KeepalivedSharp.Probes.Smtp;

/// <summary>
/// SMTP_CHECK (check_smtp.c) over MailKit on our own socket (connection options applied): connect, a 220
/// greeting, a 250 to the greeting command with helo_name, QUIT and any reply to it. MailKit greets with
/// EHLO and falls back to HELO when EHLO is not answered 250 (keepalived sends HELO only): a server that
/// passes keepalived's HELO passes here too. Multi-line replies (220-, 250-) are accepted; keepalived reads
/// only the first line and fails them. Each read gets connect_timeout (<see cref="SmtpDialogue"/>).
/// </summary>
public sealed class SmtpProbe : IProbe
{
    public async Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken cancel)
    {
        var spec = request.Spec;
        var server = Server(spec.Target);
        Socket socket;
        try
        {
            socket = new Socket(spec.Target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
        }
        catch (SocketException)
        {
            return ProbeOutcome.Reschedule("SMTP_CHECK connection failed to create socket. Rescheduling.");
        }
        try
        {
            try
            {
                ProbeSocket.Configure(socket, spec);
                await ProbeSocket.ConnectAsync(socket, spec, cancel).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                return ProbeOutcome.Reschedule("SMTP_CHECK socket bind failed. Rescheduling.");
            }
            catch (ProbeSocketException e)
            {
                if (!e.BackendFault) return ProbeOutcome.Reschedule("SMTP_CHECK socket bind failed. Rescheduling.");
                return ProbeOutcome.Failed(e.TimedOut ? $"SMTP_CHECK Connection timeout to server {server}" : $"SMTP_CHECK Could not connect to server {server}");
            }
            socket.Blocking = true; // NetworkStream wants a blocking socket; its async calls stay asynchronous.
            var o = await ConverseAsync(new NetworkStream(socket, ownsSocket: true), spec.Target, spec.Checker.HeloName, spec.ConnectTimeout, cancel)
                .ConfigureAwait(false);
            // FMT_CHK here: the real server as [addr]:tcp:port.
            return o.Success ? ProbeOutcome.Up($"Remote SMTP server {request.Checker.RealServer.ToString(Core.Check.LbProtocol.Tcp)} succeed on service.") : o;
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>
    /// The dialogue after the connect, on <paramref name="stream"/> (owned, closed on return): greeting,
    /// EHLO/HELO <paramref name="helo"/>, QUIT; each read within <paramref name="step"/>. Up carries no detail.
    /// </summary>
    public static async Task<ProbeOutcome> ConverseAsync(Stream stream, IPEndPoint target, string helo, TimeSpan step, CancellationToken cancel)
    {
        var server = Server(target);
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var dialogue = new SmtpDialogue(window, step);
        using var client = new ProbeSmtpClient(dialogue)
        {
            LocalDomain = helo,
            Timeout = (int)Math.Min(int.MaxValue, step.TotalMilliseconds),
        };
        try
        {
            dialogue.Start();
            // The host and port name the server in MailKit's own messages only.
            await client.ConnectAsync(stream, target.Address.ToString(), target.Port, SecureSocketOptions.None, window.Token).ConfigureAwait(false);
            await client.QuitAsync(window.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return ProbeOutcome.Failed($"SMTP_CHECK Read timeout from server {server}");
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or SocketException)
        {
            return ProbeOutcome.Failed(Cause(dialogue, e, server));
        }
        finally
        {
            stream.Dispose();
        }
        return ProbeOutcome.Up();
    }

    /// <summary>FMT_SMTP_RS: the address the checker connects to, [addr]:port.</summary>
    public static string Server(IPEndPoint target) => $"[{target.Address}]:{target.Port}";

    /// <summary>keepalived's cause: a reply line that is not the code wanted, or a read that ended without one.</summary>
    internal static string Cause(SmtpDialogue dialogue, Exception e, string server)
    {
        bool badReply = e is SmtpCommandException || (e is SmtpProtocolException && dialogue.HadLine);
        if (!badReply) return $"SMTP_CHECK Read failure from server {server}";
        return dialogue.Stage switch
        {
            SmtpStage.Greeting => $"SMTP_CHECK Bad greeting banner from server {server}",
            SmtpStage.Helo => $"SMTP_CHECK Bad HELO response from server {server}",
            _ => $"SMTP_CHECK Read failure from server {server}",
        };
    }

    /// <summary>MailKit's client with QUIT whose reply is awaited (DisconnectAsync(quit) ignores a missing one).</summary>
    private sealed class ProbeSmtpClient(IProtocolLogger log) : SmtpClient(log)
    {
        public Task<SmtpResponse> QuitAsync(CancellationToken cancel) => SendCommandAsync("QUIT", cancel);
    }
}
