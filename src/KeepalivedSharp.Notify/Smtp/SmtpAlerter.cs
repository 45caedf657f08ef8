using System.Globalization;
using System.Threading.Channels;
using KeepalivedSharp.Notify.Logging;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace KeepalivedSharp.Notify.Smtp;

/// <summary>
/// Sends alert mails through MailKit, one at a time from a bounded queue, so <see cref="Enqueue"/> never blocks and a
/// dead server only delays later mails (each attempt is bounded by smtp_connect_timeout). A failure is logged and the
/// mail dropped, as keepalived does. Headers follow keepalived: Date, From, Subject, "X-Mailer: Keepalived", To (all
/// recipients, comma separated); MAIL FROM is notification_email_from, one RCPT TO per notification_email.
/// </summary>
public sealed class SmtpAlerter : IAsyncDisposable
{
    private readonly SmtpSettings _settings;
    private readonly ILogger _logger;
    private readonly Channel<SmtpAlert> _queue = Channel.CreateBounded<SmtpAlert>(new BoundedChannelOptions(64) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _worker;
    private int _pending;

    public SmtpAlerter(SmtpSettings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
        _worker = Task.Run(WorkAsync);
    }

    /// <summary>Queues a mail; false (logged) when 64 are already waiting.</summary>
    public bool Enqueue(SmtpAlert alert)
    {
        Interlocked.Increment(ref _pending);
        if (_queue.Writer.TryWrite(alert)) return true;
        Interlocked.Decrement(ref _pending);
        _logger.SmtpQueueFull(alert.Subject);
        return false;
    }

    /// <summary>Mails queued or being sent.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Builds the message as keepalived writes it.</summary>
    public MimeMessage BuildMessage(SmtpAlert alert, DateTimeOffset now)
    {
        var m = new MimeMessage { Subject = alert.Subject, Date = now };
        m.From.Add(MailboxAddress.Parse(_settings.From));
        foreach (var to in _settings.To) m.To.Add(MailboxAddress.Parse(to));
        m.Headers.Add("X-Mailer", "Keepalived");
        m.Body = new TextPart("plain") { Text = alert.Body + "\r\n" };
        return m;
    }

    /// <summary>Sends one mail now; throws on failure (the queue worker logs and drops).</summary>
    public async Task SendAsync(SmtpAlert alert, CancellationToken cancel)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        // smtp_connect_timeout bounds the connection and each later exchange; the whole mail gets four of them.
        bound.CancelAfter(_settings.ConnectTimeout * 4);
        using var client = new SmtpClient
        {
            LocalDomain = _settings.HeloName,
            Timeout = (int)Math.Min(int.MaxValue, _settings.ConnectTimeout.TotalMilliseconds),
        };
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(bound.Token))
        {
            connect.CancelAfter(_settings.ConnectTimeout);
            await client.ConnectAsync(_settings.Server, _settings.Port, SecureSocketOptions.None, connect.Token).ConfigureAwait(false);
        }
        await client.SendAsync(BuildMessage(alert, DateTimeOffset.Now), bound.Token).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, bound.Token).ConfigureAwait(false);
    }

    private async Task WorkAsync()
    {
        await foreach (var alert in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
        {
            try
            {
                await SendAsync(alert, _stop.Token).ConfigureAwait(false);
                _logger.SmtpSent(alert.Subject);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // any failure to mail is logged and dropped; VRRP goes on
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.SmtpFailed(_settings.Server, _settings.Port, alert.Subject, e is OperationCanceledException ? string.Create(CultureInfo.InvariantCulture, $"timed out after {_settings.ConnectTimeout.TotalSeconds} s") : e.Message);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    /// <summary>Gives queued mails <paramref name="grace"/> to go out, then abandons the rest.</summary>
    public async Task DrainAsync(TimeSpan grace)
    {
        _queue.Writer.TryComplete();
        await Task.WhenAny(_worker, Task.Delay(grace)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped while waiting for the queue
        }
        _stop.Dispose();
    }
}
