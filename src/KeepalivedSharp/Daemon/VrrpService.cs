using KeepalivedSharp.Config;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Daemon;

/// <summary>The hosted service: starts the daemon, and on host shutdown (SIGTERM/SIGINT) stops it gracefully.</summary>
public sealed class VrrpService(KeepalivedConfig config, string configFile, ILoggerFactory loggers, TimeProvider time) : IHostedService, IDisposable
{
    private readonly ILogger _log = loggers.CreateLogger("Keepalived_vrrp");
    private VrrpDaemon? _daemon;

    public VrrpDaemon? Daemon => _daemon;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        DaemonLog.Starting(_log, Cli.CommandLine.VersionText(), config.Instances.Length, configFile);
        _daemon = new VrrpDaemon(config, _log, time);
        _daemon.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_daemon is null) return;
        DaemonLog.Stopping(_log);
        await _daemon.StopAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        _daemon.Dispose();
        _daemon = null;
        DaemonLog.Stopped(_log);
    }

    public void Dispose() => _daemon?.Dispose();
}
