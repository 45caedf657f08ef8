using System.Net.Sockets;
using System.Text;
using KeepalivedSharp.Operations.Logging;
using KeepalivedSharp.TestKit;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Operations.Tests.Operations.Logging;

public class SyslogLoggerProviderTests
{
    private static void Write(ILogger logger, LogLevel level, string message)
        => logger.Log(level, default, message, null, (m, _) => m);

    private static string Receive(Socket socket)
    {
        var buffer = new byte[8192];
        socket.ReceiveTimeout = 10_000;
        var n = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    [Theory]
    [InlineData(null, LogLevel.Information, 30)] // daemon.info = 3*8+6
    [InlineData(0, LogLevel.Information, 134)] // local0.info = 16*8+6
    [InlineData(7, LogLevel.Error, 187)] // local7.err = 23*8+3
    [InlineData(3, LogLevel.Warning, 156)] // local3.warning = 19*8+4
    public void Log_FakeDevLog_Rfc3164LineWithFacilityIdentAndPid(int? s, LogLevel level, int pri)
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "log");
        using var devlog = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        devlog.Bind(new UnixDomainSocketEndPoint(path));
        using var provider = new SyslogLoggerProvider(new SyslogOptions { SocketPath = path, Facility = SyslogOptions.FacilityFromOption(s) });

        Write(provider.CreateLogger("x"), level, "(VI_1) Entering MASTER STATE");

        Assert.Matches($@"^<{pri}>[A-Z][a-z]{{2}} [ 123]\d \d\d:\d\d:\d\d Keepalived_vrrp\[{Environment.ProcessId}\]: \(VI_1\) Entering MASTER STATE$", Receive(devlog));
    }

    [Fact]
    public void Log_Rfc5424_VersionTimestampHostAppPid()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "log");
        using var devlog = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        devlog.Bind(new UnixDomainSocketEndPoint(path));
        using var provider = new SyslogLoggerProvider(new SyslogOptions { SocketPath = path, Format = SyslogFormat.Rfc5424 });

        Write(provider.CreateLogger("x"), LogLevel.Warning, "line one\nline two");

        Assert.Matches($@"^<28>1 \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{6}}Z \S+ Keepalived_vrrp {Environment.ProcessId} - - line one line two$", Receive(devlog));
    }

    [Fact]
    public void Log_NoDevLog_SilentlyDropped()
    {
        using var dir = new TempFolder();
        using var provider = new SyslogLoggerProvider(new SyslogOptions { SocketPath = Path.Combine(dir.Path, "absent") });
        var logger = provider.CreateLogger("x");
        Write(logger, LogLevel.Error, "nobody listens");
        Write(logger, LogLevel.Error, "still nobody");
        Assert.False(File.Exists(Path.Combine(dir.Path, "absent")));
    }

    [Fact]
    public void FacilityFromOption_OutOfRange_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => SyslogOptions.FacilityFromOption(8));
}
