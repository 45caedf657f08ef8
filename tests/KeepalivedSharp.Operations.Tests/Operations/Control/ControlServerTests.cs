using KeepalivedSharp.Operations.Control;
using KeepalivedSharp.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace KeepalivedSharp.Operations.Tests.Operations.Control;

public class ControlServerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static async Task<T> WithServer<T>(FakeDaemonControl control, Func<string, Task<T>> body, uint allowedUid = 0)
    {
        using var dir = new TempFolder();
        var socket = Path.Combine(dir.Path, "run", "control.sock");
        await using var server = new ControlServer(control, NullLogger.Instance, socket, allowedUid);
        server.Start();
        return await body(socket);
    }

    [Fact]
    public async Task Status_AsRoot_TheDaemonSnapshot()
    {
        var reply = await WithServer(new FakeDaemonControl(StatusSamples.FixtureStatus()),
            s => ControlClient.SendAsync(s, ControlProtocol.Status, Bound, CancellationToken.None));
        Assert.True(reply.Ok);
        Assert.Equal(["VI_1", "VI_2"], reply.Status!.Instances.Select(i => i.Name));
        Assert.Equal("MASTER", reply.Status.Instances[0].State);
        Assert.Equal(3, reply.Status.Instances[0].Counters.AdvertSent);
        Assert.Equal(2, reply.Status.WireErrors[0].Counts["BadChecksum"]);
    }

    [Fact]
    public async Task Reload_Refused_AppliedFalseWithDiagnostics()
    {
        var control = new FakeDaemonControl(StatusSamples.FixtureStatus()) { NextReload = FakeDaemonControl.Refused("keepalived.conf:3: unknown keyword 'priorty'") };
        var reply = await WithServer(control, s => ControlClient.SendAsync(s, ControlProtocol.Reload, Bound, CancellationToken.None));
        Assert.True(reply.Ok);
        Assert.False(reply.Reload!.Applied);
        Assert.Equal(["keepalived.conf:3: unknown keyword 'priorty'"], reply.Reload.Diagnostics);
        Assert.Equal(1, control.Reloads);
    }

    [Fact]
    public async Task ClearStats_AsRoot_CountersCleared()
    {
        var control = new FakeDaemonControl(StatusSamples.FixtureStatus());
        var reply = await WithServer(control, s => ControlClient.SendAsync(s, ControlProtocol.ClearStats, Bound, CancellationToken.None));
        Assert.True(reply.Ok);
        Assert.Equal(1, control.Clears);
    }

    [Fact]
    public async Task AnyCommand_PeerUidNotAllowed_RefusedAndNothingDone()
    {
        // SO_PEERCRED reports our uid (0 in CI); a server allowing only uid 4242 must refuse us.
        var control = new FakeDaemonControl(StatusSamples.FixtureStatus());
        var reply = await WithServer(control, s => ControlClient.SendAsync(s, ControlProtocol.ClearStats, Bound, CancellationToken.None), allowedUid: 4242);
        Assert.False(reply.Ok);
        Assert.Contains("permission denied", reply.Error, StringComparison.Ordinal);
        Assert.Equal(0, control.Clears);
    }

    [Fact]
    public async Task UnknownCommand_Always_ErrorNamingTheCommands()
    {
        var reply = await WithServer(new FakeDaemonControl(StatusSamples.FixtureStatus()),
            s => ControlClient.SendAsync(s, "shutdown", Bound, CancellationToken.None));
        Assert.False(reply.Ok);
        Assert.Contains("status, reload, clear-stats", reply.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Always_SocketDirectory0700AndSocket0600()
    {
        var modes = await WithServer(new FakeDaemonControl(StatusSamples.FixtureStatus()),
            s => Task.FromResult((File.GetUnixFileMode(Path.GetDirectoryName(s)!), File.GetUnixFileMode(s))));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, modes.Item1);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, modes.Item2);
    }

    [Fact]
    public async Task Send_NoDaemon_IOExceptionNamingTheSocket()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "control.sock");
        var e = await Assert.ThrowsAsync<IOException>(() => ControlClient.SendAsync(path, ControlProtocol.Status, Bound, CancellationToken.None));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AnotherServerListensOnThePath_RefusedAndTheFirstKeepsServing()
    {
        // Before: the second daemon (or a lab node on the default path) unlinked the live socket and took it over.
        using var dir = new TempFolder();
        var socket = Path.Combine(dir.Path, "run", "control.sock");
        var me = KeepalivedSharp.Linux.Processes.ProcessCredentials.Current.Uid;
        await using var first = new ControlServer(new FakeDaemonControl(StatusSamples.FixtureStatus()), NullLogger.Instance, socket, me);
        first.Start();
        var secondControl = new FakeDaemonControl(StatusSamples.FixtureStatus());
        await using var second = new ControlServer(secondControl, NullLogger.Instance, socket, me);

        var e = Assert.Throws<IOException>(second.Start);
        Assert.Contains("another daemon is serving this control socket", e.Message, StringComparison.Ordinal);
        var reply = await ControlClient.SendAsync(socket, ControlProtocol.ClearStats, Bound, CancellationToken.None);
        Assert.True(reply.Ok);
        Assert.Equal(0, secondControl.Clears);
    }

    [Fact]
    public async Task Start_StaleSocketNobodyListensOn_Replaced()
    {
        using var dir = new TempFolder();
        var socket = Path.Combine(dir.Path, "run", "control.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        using (var dead = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
        {
            dead.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socket)); // bound, never listening: what a killed daemon leaves
            var me = KeepalivedSharp.Linux.Processes.ProcessCredentials.Current.Uid;
            var control = new FakeDaemonControl(StatusSamples.FixtureStatus());
            await using var server = new ControlServer(control, NullLogger.Instance, socket, me);
            server.Start();
            Assert.True((await ControlClient.SendAsync(socket, ControlProtocol.ClearStats, Bound, CancellationToken.None)).Ok);
            Assert.Equal(1, control.Clears);
        }
    }
}
