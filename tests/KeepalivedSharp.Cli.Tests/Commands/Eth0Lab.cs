using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Cli.Tests.Commands;

/// <summary>
/// One throw-away namespace with eth0 and eth1, shared by a test class: -t checks that a config's
/// interfaces exist, and the host's own interfaces are never a test's business.
/// </summary>
public sealed class Eth0Lab : IDisposable
{
    private readonly NamespaceLab _lab = new();

    public string Namespace { get; }

    public Eth0Lab() => Namespace = KeepalivedSamples.AddHostWith(_lab, ["eth0", "eth1"]);

    public void Dispose() => _lab.Dispose();
}
