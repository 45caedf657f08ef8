using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Vrrp;
using KeepalivedSharp.Host.LoadBalancer;
using KeepalivedSharp.Host.Tests.Faults;

namespace KeepalivedSharp.Host.Tests.LoadBalancer;

/// <summary>
/// lvs_sync_daemon against <see cref="FakeIpvs"/>: with an instance the daemons follow its VRRP state as
/// keepalived 2.2.7's VRRP process drives them (vrrp_scheduler.c vrrp_init_state, vrrp.c
/// vrrp_state_master_tx / vrrp_state_leave_master, vrrp_daemon.c vrrp_terminate_phase1); without, the
/// checker runs both from start to exit (check_daemon.c start_check, checker_terminate_phase2).
/// </summary>
public sealed class LvsSyncDaemonsTests
{
    private static readonly LvsSyncDaemon WithInstance = new("eth1") { Instance = "VI_1", SyncId = 51 };

    private static LvsSettings Lvs(LvsSyncDaemon? d) => new() { SyncDaemon = d };

    private static StateChanged Change(VrrpState from, VrrpState to, string instance = "VI_1")
        => new(instance, from, to, 100, TransitionReason.Startup);

    private static (InstanceSyncDaemon Sync, FakeIpvs Kernel, ListLogger Log) Instance()
    {
        var k = new FakeIpvs();
        var log = new ListLogger();
        return (new InstanceSyncDaemon(() => new IpvsSyncDaemons(k, log)), k, log);
    }

    private static string Running(FakeIpvs k) => string.Join(",", k.Daemons.Keys.Order());

    [Fact]
    public void Instance_Lifecycle_BackupAtStart_MasterWhileMaster_BackupAfter_NoneAtStop()
    {
        var (sync, k, log) = Instance();

        sync.Start(Lvs(WithInstance));
        Assert.Equal("Backup", Running(k));
        sync.Observe(Change(VrrpState.Init, VrrpState.Backup));
        Assert.Equal("Backup", Running(k));
        sync.Observe(Change(VrrpState.Backup, VrrpState.Master));
        Assert.Equal("Master", Running(k));
        Assert.Equal("master sync daemon (mcast=eth1, syncid=51)", k.Daemons[Linux.Ipvs.IpvsDaemonState.Master].ToString());
        sync.Observe(Change(VrrpState.Master, VrrpState.Fault));
        Assert.Equal("Backup", Running(k)); // vrrp_state_leave_master: FAULT too
        sync.Observe(Change(VrrpState.Fault, VrrpState.Backup));
        sync.Observe(Change(VrrpState.Backup, VrrpState.Master));
        sync.Stop();
        sync.Observe(Change(VrrpState.Master, VrrpState.Stop)); // the engine's stop comes after: nothing more
        Assert.Equal("", Running(k));
        Assert.Equal(["NewDaemon backup sync daemon (mcast=eth1, syncid=51)",
            "DelDaemon Backup", "NewDaemon master sync daemon (mcast=eth1, syncid=51)",
            "DelDaemon Master", "NewDaemon backup sync daemon (mcast=eth1, syncid=51)",
            "DelDaemon Backup", "NewDaemon master sync daemon (mcast=eth1, syncid=51)",
            "DelDaemon Master"], k.Commands);
        Assert.Empty(log.Entries);
        sync.Dispose();
        Assert.True(k.Disposed);
    }

    [Fact]
    public void Instance_OtherInstancesStates_ChangeNothing()
    {
        var (sync, k, _) = Instance();
        sync.Start(Lvs(WithInstance));
        sync.Observe(Change(VrrpState.Backup, VrrpState.Master, "VI_2"));
        Assert.Equal("Backup", Running(k));
        Assert.Single(k.Commands);
    }

    [Fact]
    public void Instance_NotConfigured_OpensNothing()
    {
        int opened = 0;
        var sync = new InstanceSyncDaemon(() => { opened++; return null; });
        sync.Start(Lvs(new LvsSyncDaemon("eth1") { SyncId = 0 })); // instance-less: the checker's
        sync.Observe(Change(VrrpState.Backup, VrrpState.Master));
        sync.Stop();
        Assert.Equal(0, opened);
    }

    [Fact]
    public void Instance_KernelRefuses_LoggedInKeepalivedsWords()
    {
        var (sync, k, log) = Instance();
        k.Interfaces.Clear();
        sync.Start(Lvs(WithInstance));
        Assert.Equal(["IPVS cmd IP_VS_SO_SET_STARTDAEMON(1163) error: No such device(19)"], log.WithId(1437));
    }

    [Fact]
    public void Instance_ReloadChanged_RestartedInItsStateWithTheNewSettings()
    {
        var (sync, k, _) = Instance();
        sync.Start(Lvs(WithInstance));
        sync.Observe(Change(VrrpState.Backup, VrrpState.Master));
        sync.Reconfigure(Lvs(WithInstance with { Port = 8850 }));
        Assert.Equal("Master", Running(k));
        Assert.Equal(8850, k.Daemons[Linux.Ipvs.IpvsDaemonState.Master].Port);
        var before = k.Commands.Count;
        sync.Reconfigure(Lvs(WithInstance with { Port = 8850, Location = new SourceLocation("other", 9) }));
        Assert.Equal(before, k.Commands.Count); // unchanged: left running
        sync.Reconfigure(Lvs(null));
        Assert.Equal("", Running(k));
    }

    [Fact]
    public void Checker_BothFromStartToStop_LeftoversStoppedFirst()
    {
        var k = new FakeIpvs();
        var log = new ListLogger();
        k.StartDaemon(new Linux.Ipvs.IpvsDaemon(Linux.Ipvs.IpvsDaemonState.Backup, "eth0", 3)); // an earlier run's
        var sync = new CheckerSyncDaemons(() => new IpvsSyncDaemons(k, log));
        var d = new LvsSyncDaemon("eth1") { SyncId = 0, Ttl = 2 };

        sync.Start(Lvs(d));
        Assert.Equal("Master,Backup", Running(k));
        Assert.Equal("backup sync daemon (mcast=eth1, syncid=0, ttl=2)", k.Daemons[Linux.Ipvs.IpvsDaemonState.Backup].ToString());
        sync.Reconfigure(Lvs(d with { Location = new SourceLocation("x", 1) }));
        sync.Stop();
        Assert.Equal("", Running(k));
        Assert.Equal(["NewDaemon backup sync daemon (mcast=eth0, syncid=3)", "DelDaemon Master", "DelDaemon Backup",
            "NewDaemon master sync daemon (mcast=eth1, syncid=0, ttl=2)", "NewDaemon backup sync daemon (mcast=eth1, syncid=0, ttl=2)",
            "DelDaemon Master", "DelDaemon Backup"], k.Commands);
        Assert.Empty(log.Entries); // the stops ignore ESRCH, as keepalived's
    }

    [Fact]
    public void Checker_InstanceForm_IsNotTheCheckers()
    {
        var k = new FakeIpvs();
        var sync = new CheckerSyncDaemons(() => new IpvsSyncDaemons(k, new ListLogger()));
        sync.Start(Lvs(WithInstance));
        sync.Stop();
        Assert.Empty(k.Commands);
    }
}
