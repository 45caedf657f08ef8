using System.Collections.Immutable;

namespace KeepalivedSharp.Operations.Tests.Operations;

/// <summary>An <see cref="IDaemonControl"/> serving a fixed snapshot and recording what was asked.</summary>
public sealed class FakeDaemonControl(DaemonStatus status) : IDaemonControl
{
    public ReloadResult NextReload { get; set; } = new(true, [], ["VI_1: virtual_ipaddress 10.9.0.102/24 added"]);
    public int Clears { get; private set; }
    public int Reloads { get; private set; }

    public Task<DaemonStatus> GetStatusAsync(CancellationToken cancellation) => Task.FromResult(status);

    public Task<ReloadResult> ReloadAsync(CancellationToken cancellation)
    {
        Reloads++;
        return Task.FromResult(NextReload);
    }

    public Task ClearCountersAsync(CancellationToken cancellation)
    {
        Clears++;
        return Task.CompletedTask;
    }

    public static ReloadResult Refused(string diagnostic) => new(false, ImmutableArray.Create(diagnostic), []);
}
