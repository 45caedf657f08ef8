using KeepalivedSharp.Operations.Control;
using KeepalivedSharp.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeepalivedSharp.Operations.Tests.Operations.Control;

/// <summary>Measures the whole process's allocations, so nothing else may run at the same time.</summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationTests;

/// <summary>Issue 10, defect 4: 20 clients with 15 MB lines once raised the daemon to 1.13 GB.</summary>
[Collection(nameof(AllocationTests))]
[Trait("Category", "Root")]
public class ControlMemoryTests
{
    private const int Clients = 20;
    private const int LineBytes = 15 * 1024 * 1024;

    [Fact]
    public async Task TwentyClientsWith15MBLines_AllRefused_ServerAllocatesAboutNothing()
    {
        using var dir = new TempFolder();
        await using var server = new ControlServer(new FakeDaemonControl(StatusSamples.FixtureStatus()), NullLogger.Instance, Path.Combine(dir.Path, "control.sock"));
        server.Start();
        await ControlClient.SendAsync(server.SocketPath, ControlProtocol.Status, TimeSpan.FromSeconds(10), CancellationToken.None); // warm up

        var line = new byte[LineBytes]; // allocated before measuring: the clients' own buffer is not the server's
        Array.Fill(line, (byte)'x');
        line[^1] = (byte)'\n';
        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var replies = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(() => ControlAttack.HugeLineAsync(server.SocketPath, line, cts.Token))));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // Each one is told why (too long, or busy when 8 were already open) and closed; none waited for the 5 s read timeout.
        Assert.All(replies, r => Assert.Matches("request longer than 4096 bytes|busy: 8 connections already open", r));
        Assert.Contains(replies, r => r!.Contains("request longer", StringComparison.Ordinal));
        // Before the bound the server buffered each line whole: over 600 MB allocated for this.
        Assert.True(allocated < 16 * 1024 * 1024, $"{allocated / 1024} KiB allocated while refusing {Clients} x 15 MB lines");

        var status = await ControlClient.SendAsync(server.SocketPath, ControlProtocol.Status, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.True(status.Ok, status.Error);
    }
}
