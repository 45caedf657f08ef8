using KeepalivedSharp.Lab;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Notify.Notifications;
using KeepalivedSharp.Notify.Smtp;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Notify.Tests.Smtp;

/// <summary>Alerts against Debian's aiosmtpd (python3-aiosmtpd) on 127.0.0.1, which writes each mail it gets to stdout.</summary>
public sealed class SmtpServerTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ListLogger _log = new();

    /// <summary>Debian's interpreter, which sees the packaged module (a pyenv python3 may come first in PATH).</summary>
    private const string Python = "/usr/bin/python3";

    private static void EnsureAiosmtpd()
    {
        if (LabShell.Run(Python, "-c", "import aiosmtpd").ExitCode == 0) return;
        if (LabShell.Run("apt-get", ["install", "-y", "python3-aiosmtpd"], TimeSpan.FromMinutes(5)).ExitCode == 0) return;
        LabShell.Run("apt-get", ["update"], TimeSpan.FromMinutes(5));
        LabShell.Check("apt-get", "install", "-y", "python3-aiosmtpd");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static SmtpSettings Settings(int port, TimeSpan timeout) =>
        new("127.0.0.1", port, timeout, "lb1.example", "keepalived@lb1.example", ["ops@example.com", "noc@example.com"], "lb1");

    [Fact]
    public async Task Notify_SmtpAlertOn_ServerReceivesKeepalivedMail()
    {
        EnsureAiosmtpd();
        var port = FreePort();
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-u", "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Debugging", "-l", $"127.0.0.1:{port}" }) psi.ArgumentList.Add(a);
        using var server = Process.Start(psi)!;
        var output = new System.Text.StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            Assert.True(await Wait.Until(() => CanConnect(port), TimeSpan.FromSeconds(15)), "aiosmtpd did not start");
            var settings = new NotifierSettings
            {
                Instances = ImmutableDictionary<string, NotifyTargets>.Empty.Add("VI_1", new NotifyTargets { SmtpAlert = true }),
                Smtp = Settings(port, TimeSpan.FromSeconds(5)),
            };
            await using var n = new Notifier(settings, _log);
            n.Start();
            n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Master, 100));
            n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Master, 100)); // same state: no second mail
            Assert.True(await n.WaitIdleAsync(TimeSpan.FromSeconds(20)));
            Assert.True(await Wait.Until(() => { lock (output) return output.ToString().Contains("END MESSAGE", StringComparison.Ordinal); }, TimeSpan.FromSeconds(10)), output.ToString());
            string text;
            lock (output) text = output.ToString();
            Assert.Contains("Subject: [lb1] VRRP Instance VI_1 - Entering MASTER state", text, StringComparison.Ordinal);
            Assert.Contains("=> VRRP Instance is now owning VRRP VIPs <=", text, StringComparison.Ordinal);
            Assert.Contains("X-Mailer: Keepalived", text, StringComparison.Ordinal);
            Assert.Contains("From: keepalived@lb1.example", text, StringComparison.Ordinal);
            Assert.Contains("To: ops@example.com, noc@example.com", text, StringComparison.Ordinal);
            Assert.Equal(1, CountOf(text, "END MESSAGE"));
            Assert.Contains("SMTP alert successfully sent: [lb1] VRRP Instance VI_1 - Entering MASTER state", _log.WithId(5040));
        }
        finally
        {
            server.Kill();
            server.WaitForExit(5000);
        }
    }

    [Fact]
    public async Task Notify_DeadServer_CallerNotBlockedFailureLogged()
    {
        // A listener that accepts and never answers: the SMTP greeting never comes.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var settings = new NotifierSettings
        {
            Instances = ImmutableDictionary<string, NotifyTargets>.Empty.Add("VI_1", new NotifyTargets { SmtpAlert = true }),
            Smtp = Settings(port, TimeSpan.FromMilliseconds(500)),
        };
        await using var n = new Notifier(settings, _log);
        n.Start();
        var sw = Stopwatch.StartNew();
        n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Master, 100));
        n.Notify(new RunNotify(NotifyKind.Instance, "VI_1", VrrpState.Backup, 100));
        Assert.True(sw.Elapsed < TimeSpan.FromMilliseconds(50), $"Notify took {sw.Elapsed}");
        Assert.True(await Wait.Until(() => _log.WithId(5041).Count() == 2, TimeSpan.FromSeconds(15)));
        Assert.Contains($"Error sending SMTP alert to 127.0.0.1:{port}", _log.WithId(5041).First(), StringComparison.Ordinal);
    }

    private static bool CanConnect(int port)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int CountOf(string s, string what) => (s.Length - s.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    public void Dispose() => _dir.Dispose();
}
