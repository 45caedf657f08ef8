# No Microsoft.Extensions.Hosting / DI / Logging (console, options): a hand-written main loop, a
# three-class logger (syslog provider as shipped, plus a console line writer), no systemd notifier.
set -e
P=src/KeepalivedSharp/KeepalivedSharp.csproj
sed -i '/PackageReference Include="Microsoft.Extensions.Hosting"/d; /PackageReference Include="Microsoft.Extensions.Hosting.Systemd"/d' $P
sed -i 's#<PackageReference Include="System.CommandLine" />#<PackageReference Include="System.CommandLine" />\n    <PackageReference Include="Microsoft.Extensions.Logging.Abstractions" />#' $P
# drop the ILoggingBuilder extension (Microsoft.Extensions.Logging, not .Abstractions)
python3 - <<'PY'
p='src/KeepalivedSharp/Operations/Logging/SyslogLoggerProvider.cs'
s=open(p).read()
i=s.index('/// <summary>Registration:')
open(p,'w').write(s[:i])
PY
cat > src/KeepalivedSharp/Daemon/HostingShim.cs <<'CS'
namespace Microsoft.Extensions.Hosting
{
    public interface IHostedService
    {
        Task StartAsync(CancellationToken cancellationToken);
        Task StopAsync(CancellationToken cancellationToken);
    }
}
namespace Microsoft.Extensions.Hosting.Systemd
{
    public interface ISystemdNotifier
    {
        bool IsEnabled { get; }
        void Notify(ServiceState state);
    }
    public readonly record struct ServiceState(string Text);
}
CS
cat > src/KeepalivedSharp/Daemon/PlainLogging.cs <<'CS'
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Daemon;

public sealed class PlainLoggerFactory(LogLevel min, params ILoggerProvider[] providers) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Fan(min, [.. providers.Select(p => p.CreateLogger(categoryName))]);
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();
    public void Dispose() { foreach (var p in providers) p.Dispose(); }

    private sealed class Fan(LogLevel min, ILogger[] inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= min && logLevel != LogLevel.None;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            foreach (var l in inner) l.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}

public sealed class ConsoleLineProvider : ILoggerProvider
{
    private static readonly Lock Gate = new();
    public ILogger CreateLogger(string categoryName) => new Line(categoryName);
    public void Dispose() { }

    private sealed class Line(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = $"{DateTime.Now:HH:mm:ss.fff} {logLevel}: {category}[{eventId.Id}] {formatter(state, exception)}{(exception is null ? "" : " " + exception)}";
            lock (Gate) Console.Out.WriteLine(text);
        }
    }
}
CS
cat > src/KeepalivedSharp/Commands/DaemonCommand.cs <<'CS'
using System.Runtime.InteropServices;
using KeepalivedSharp.Cli;
using KeepalivedSharp.Daemon;
using KeepalivedSharp.Operations.Logging;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Commands;

public static class DaemonCommand
{
    public static async Task<int> RunAsync(DaemonOptions options, CancellationToken cancellation)
    {
        if (options.CheckOnly) return ExitCodes.Config;
        var result = ConfigLoading.Load(options);
        foreach (var d in result.Diagnostics) await Console.Error.WriteLineAsync(d.ToString()).ConfigureAwait(false);
        if (result.Config is null) return ExitCodes.Config;
        var syslog = new SyslogLoggerProvider(new SyslogOptions { Facility = SyslogOptions.FacilityFromOption(options.LogFacility) });
        using var loggers = options.LogConsole
            ? new PlainLoggerFactory(options.LogDetail ? LogLevel.Debug : LogLevel.Information, syslog, new ConsoleLineProvider())
            : new PlainLoggerFactory(options.LogDetail ? LogLevel.Debug : LogLevel.Information, syslog);
        using var service = new VrrpService(result.Config, options, loggers, TimeProvider.System, null);
        using var pid = PidFile.Create(options.PidFile, options.VrrpPidFile);
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        using var reg = cancellation.Register(() => stop.TrySetResult());
        try
        {
            await service.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HostPlanException or Linux.Native.LinuxNativeException)
        {
            await Console.Error.WriteLineAsync($"keepalived-sharp: cannot start: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Fatal;
        }
        await stop.Task.ConfigureAwait(false);
        await service.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
CS
