using MailKit;

namespace KeepalivedSharp.Probes.Smtp;

/// <summary>Where the SMTP dialogue is (check_smtp.c smtp_engine_thread states), for keepalived's cause words.</summary>
public enum SmtpStage
{
    Greeting,
    Helo,
    Quit,
}

/// <summary>
/// Follows MailKit's dialogue through its protocol log: which command was sent last, whether a whole reply
/// line came back since (keepalived judges a reply at its first '\n', smtp_get_line_cb), and it restarts the
/// step timer on every exchange, so each read gets connect_timeout as in check_smtp.c. Nothing is stored.
/// </summary>
public sealed class SmtpDialogue(CancellationTokenSource step, TimeSpan stepTimeout) : IProtocolLogger
{
    public SmtpStage Stage { get; private set; }

    /// <summary>A complete reply line arrived in the current stage.</summary>
    public bool HadLine { get; private set; }

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <summary>Starts the greeting's read window.</summary>
    public void Start() => step.CancelAfter(stepTimeout);

    public void LogConnect(Uri uri)
    {
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
        var sent = buffer.AsSpan(offset, count);
        if (sent.StartsWith("QUIT"u8)) Enter(SmtpStage.Quit);
        else if (sent.StartsWith("EHLO"u8) || sent.StartsWith("HELO"u8)) Enter(SmtpStage.Helo);
        step.CancelAfter(stepTimeout);
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
        if (buffer.AsSpan(offset, count).Contains((byte)'\n')) HadLine = true;
        step.CancelAfter(stepTimeout);
    }

    private void Enter(SmtpStage stage)
    {
        Stage = stage;
        HadLine = false;
    }

    public void Dispose()
    {
    }
}
