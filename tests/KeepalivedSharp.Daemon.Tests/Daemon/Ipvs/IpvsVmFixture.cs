using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon.Ipvs;

/// <summary>One guest per test class (boot ~2 s under TCG); keepalived's run of the scenario is made
/// once, on first use, as the reference the other cases compare with.</summary>
public sealed class IpvsVmFixture : IDisposable
{
    private readonly Lazy<IpvsCheckerScenario> _keepalived;

    public IpvsVm Vm { get; } = new();

    public IpvsVmFixture() =>
        _keepalived = new(() => IpvsCheckerScenario.Start(Vm, IpvsCheckerScenario.Keepalived));

    public IpvsCheckerScenario Keepalived => _keepalived.Value;

    public void Dispose() => Vm.Dispose();
}
