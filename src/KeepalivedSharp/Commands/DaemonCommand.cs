using KeepalivedSharp.Cli;
using KeepalivedSharp.Host.Daemon;
using KeepalivedSharp.Host.Planning;
using KeepalivedSharp.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using KeepalivedSharp.Operations.Logging;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Commands;

/// <summary>The daemon: refuses to start on any config error, never runs half a config.</summary>
public static class DaemonCommand
{
    public static async Task<int> RunAsync(DaemonOptions options, CancellationToken cancellation)
    {
        if (options.CheckOnly && options.VrrpOnly)
        {
            // keepalived: -P and -C together run neither subsystem.
            await Console.Error.WriteLineAsync("keepalived-sharp: -P (VRRP only) and -C (checkers only) exclude each other").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        System.Net.IPEndPoint? metrics = null;
        if (options.MetricsEndpoint is not null)
        {
            try
            {
                metrics = Operations.Metrics.MetricsServer.ParseEndpoint(options.MetricsEndpoint);
            }
            catch (FormatException e)
            {
                await Console.Error.WriteLineAsync($"keepalived-sharp: --metrics: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        }
        if (PidFile.RunningDaemon(options.PidFile, options.VrrpPidFile, options.CheckersPidFile) is { } running)
        {
            // keepalived's words and exit code: a second start is not a failure for systemd to restart.
            await Console.Error.WriteLineAsync($"keepalived-sharp: daemon is already running (pid {running.Pid} in {running.Path})").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var result = ConfigLoading.Load(options);
        foreach (var d in result.Diagnostics) await Console.Error.WriteLineAsync(d.ToString()).ConfigureAwait(false);
        if (result.Config is null)
        {
            await Console.Error.WriteLineAsync($"keepalived-sharp: not starting: {options.ConfigFile} has errors").ConfigureAwait(false);
            return ExitCodes.Config;
        }
        if (options.RunsCheckers(result.Config) && Host.LoadBalancer.LoadBalancerBackends.Refusal(options.LbBackend) is { } refused)
        {
            await Console.Error.WriteLineAsync($"keepalived-sharp: cannot start: {refused}").ConfigureAwait(false);
            return ExitCodes.Fatal;
        }
        if (options.CheckOnly && result.Config.VirtualServers.IsEmpty)
            await Console.Error.WriteLineAsync("keepalived-sharp: -C: the config has no virtual_server, so there is nothing to check").ConfigureAwait(false);

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "keepalived-sharp" });
        builder.Services.AddSystemd();
        builder.Logging.SetMinimumLevel(options.LogDetail ? LogLevel.Debug : LogLevel.Information);
        // As keepalived: syslog always (LOCAL0..7 with -S, else daemon), the console too with -l.
        builder.Logging.AddSyslog(new SyslogOptions { Facility = SyslogOptions.FacilityFromOption(options.LogFacility) });
        if (options.LogConsole)
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = false;
            });
        }
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new VrrpService(result.Config, options,
            sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ISystemdNotifier>(),
            sp.GetRequiredService<IHostApplicationLifetime>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<VrrpService>());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        using var host = builder.Build();
        // One process runs both subsystems: each pid file asked for names it (-p, -r; -c when checkers run).
        using var pid = PidFile.Create(options.PidFile, options.CheckOnly ? null : options.VrrpPidFile,
            options.RunsCheckers(result.Config) ? options.CheckersPidFile : null);
        // Taken before the run: RunAsync disposes the host and its services when it returns.
        var service = host.Services.GetRequiredService<VrrpService>();
        try
        {
            await host.RunAsync(cancellation).ConfigureAwait(false);
            if (service.Faulted) return ExitCodes.Fatal;
        }
        catch (Exception e) when (e is HostPlanException or Linux.Native.LinuxNativeException)
        {
            await Console.Error.WriteLineAsync($"keepalived-sharp: cannot start: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Fatal;
        }
        return ExitCodes.Ok;
    }
}
