# SmtpAlerter without MailKit/MimeKit: same API, mails are logged as failed. MailKit reference dropped.
set -e
sed -i '/PackageReference Include="MailKit"/d' src/KeepalivedSharp.Notify/KeepalivedSharp.Notify.csproj
cat > src/KeepalivedSharp.Notify/Smtp/SmtpAlerter.cs <<'CS'
using KeepalivedSharp.Notify.Logging;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Notify.Smtp;

public sealed class SmtpAlerter(SmtpSettings settings, ILogger logger) : IAsyncDisposable
{
    public bool Enqueue(SmtpAlert alert)
    {
        logger.SmtpFailed(settings.Server, settings.Port, alert.Subject, "variant without MailKit");
        return false;
    }

    public int Pending => 0;

    public Task DrainAsync(TimeSpan grace) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
CS
