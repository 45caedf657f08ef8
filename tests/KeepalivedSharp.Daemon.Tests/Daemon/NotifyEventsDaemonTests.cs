using System.Globalization;
using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Daemon.Tests.Daemon;

/// <summary>
/// keepalived 2.2.7's vrrp_notify.c events end to end, ours beside keepalived in the same scenario and namespace:
/// notify_master_rx_lower_pri (one lower priority advert), notify_priority_changes / vrrp_notify_priority_changes
/// (a tracked interface with a weight goes down), and a reload that removes three instances (notify_deleted, a
/// MASTER without it, a FAULT without it) with fifo_write_vrrp_states_on_reload. The FIFO lines and the notify
/// scripts' calls of each phase must agree, in any order (scripts run in parallel; keepalived's order is theirs).
/// </summary>
[Trait("Category", "Root")]
[Collection(nameof(NamespaceTests))]
public sealed class NotifyEventsDaemonTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>What one daemon wrote, phase by phase: FIFO lines and script calls, each sorted.</summary>
    private sealed record Phases(List<string[]> Fifo, List<string[]> Scripts, string Output);

    [Fact]
    public void RxLowerPri_PriorityChanges_ReloadDeletes_AgreeWithKeepalived()
    {
        using var lab = new InteropLab();
        lab.Lab.AddInterface(lab.Ours, "eth1");
        lab.Lab.AddInterface(lab.Ours, "eth2");
        NamespaceLab.Exec(lab.Ours, "ip", "link", "set", "eth1", "down"); // VI_C and VI_E start in FAULT
        // The peer is MASTER of VRID 52 at 250, so VI_B stays BACKUP.
        using var peer = KeepalivedRunner.Start(lab.Lab, lab.Peer, """
            vrrp_instance PEER {
                state BACKUP
                interface eth0
                virtual_router_id 52
                priority 250
                advert_int 1
                virtual_ipaddress {
                    10.0.0.102/24
                }
            }
            """);
        peer.Process.WaitForLine(@"\(PEER\) Entering MASTER STATE", Bound);

        var theirs = Scenario(lab, Keepalived(lab));
        NamespaceLab.Exec(lab.Ours, "ip", "link", "set", "eth2", "up");
        var ours = Scenario(lab, Ours(lab));

        for (int p = 0; p < PhaseNames.Length; p++)
        {
            Assert.True(theirs.Fifo[p].SequenceEqual(ours.Fifo[p]),
                $"FIFO lines at {PhaseNames[p]}: keepalived [{string.Join(", ", theirs.Fifo[p])}], ours [{string.Join(", ", ours.Fifo[p])}]\nkeepalived:\n{theirs.Output}\nours:\n{ours.Output}");
            Assert.True(theirs.Scripts[p].SequenceEqual(ours.Scripts[p]),
                $"scripts at {PhaseNames[p]}: keepalived [{string.Join(", ", theirs.Scripts[p])}], ours [{string.Join(", ", ours.Scripts[p])}]\nkeepalived:\n{theirs.Output}\nours:\n{ours.Output}");
        }
        // And what both did is what vrrp_notify.c says (a check that the scenario provoked each event).
        for (int p = 0; p < PhaseNames.Length; p++)
        {
            Assert.True(FifoLines.Contains(ours.Fifo[p], ExpectedFifo[p]), $"FIFO at {PhaseNames[p]}: [{string.Join(", ", ours.Fifo[p])}]");
            Assert.True(FifoLines.Contains(ours.Scripts[p], ExpectedScripts[p]), $"scripts at {PhaseNames[p]}: [{string.Join(", ", ours.Scripts[p])}]");
        }
    }

    /// <summary>
    /// keepalived's initialise_tracking_priorities at start: an instance its trackers hold below its configured priority
    /// writes BACKUP_PRIORITY while still INIT, before its first state.
    /// </summary>
    [Fact]
    public void TrackerDownAtStart_BackupPriorityBeforeFirstState_AgreesWithKeepalived()
    {
        using var lab = new InteropLab();
        lab.Lab.AddInterface(lab.Ours, "eth2");
        NamespaceLab.Exec(lab.Ours, "ip", "link", "set", "eth2", "down");
        string[] expected = ["INSTANCE \"VI_A\" BACKUP_PRIORITY 130", "INSTANCE \"VI_A\" BACKUP 130", "INSTANCE \"VI_A\" MASTER 130", "INSTANCE \"VI_A\" STOP 130"];
        string[] Run(Func<string, (IDisposable Owner, DaemonProcess Process, string ConfigPath)> start)
        {
            using var dir = new TempFolder();
            using var fifo = new FifoLines(Path.Combine(dir.Path, "notify.fifo"));
            var (owner, process, _) = start($"global_defs {{\n    notify_fifo {fifo.Path}\n}}\n" + """
                vrrp_instance VI_A {
                    interface eth0
                    virtual_router_id 51
                    priority 150
                    advert_int 1
                    notify_priority_changes
                    track_interface {
                        eth2 weight -20
                    }
                    virtual_ipaddress {
                        10.0.0.101/24
                    }
                }
                """);
            using (owner)
            {
                fifo.WaitFor(expected[..3], 0, Bound);
                process.Signal("TERM");
                Assert.True(process.WaitForExit(Bound), process.Output);
                fifo.WaitFor(expected, 0, Bound);
                return fifo.Slice(0);
            }
        }
        var theirs = Run(Keepalived(lab));
        var ours = Run(Ours(lab));
        Assert.Equal(theirs, ours);
        Assert.Equal(expected, ours);
    }

    private static Func<string, (IDisposable, DaemonProcess, string)> Keepalived(InteropLab lab) => config =>
    {
        var k = KeepalivedRunner.Start(lab.Lab, lab.Ours, config);
        return (k, k.Process, k.ConfigPath);
    };

    private static Func<string, (IDisposable, DaemonProcess, string)> Ours(InteropLab lab) => config =>
    {
        var o = OurDaemon.Start(lab.Lab, lab.Ours, config);
        return (o, o.Process, o.ConfigPath);
    };

    private static readonly string[] PhaseNames = ["start", "lower priority advert", "priority change", "reload", "stop"];

    private static readonly string[][] ExpectedFifo =
    [
        ["INSTANCE \"VI_A\" MASTER 150", "INSTANCE \"VI_B\" BACKUP 100", "INSTANCE \"VI_C\" FAULT 100", "INSTANCE \"VI_D\" MASTER 100", "INSTANCE \"VI_E\" FAULT 100"],
        ["INSTANCE \"VI_A\" MASTER_RX_LOWER_PRI 150"],
        // VI_D sets notify_priority_changes false over the global default: no line for it.
        ["INSTANCE \"VI_A\" MASTER_PRIORITY 130", "INSTANCE \"VI_B\" BACKUP_PRIORITY 90"],
        // notify_deleted: DELETED; without it FAULT; already FAULT without it: nothing. VI_B written again (BACKUP), VI_A not
        // (MASTER). The rebuilt VI_A and VI_B are lowered from their configured priority again while INIT: BACKUP_PRIORITY.
        ["INSTANCE \"VI_C\" DELETED 100", "INSTANCE \"VI_D\" FAULT 90", "INSTANCE \"VI_B\" BACKUP 90",
            "INSTANCE \"VI_A\" BACKUP_PRIORITY 130", "INSTANCE \"VI_B\" BACKUP_PRIORITY 90"],
        ["INSTANCE \"VI_A\" STOP 130", "INSTANCE \"VI_B\" STOP 90"],
    ];

    private static readonly string[][] ExpectedScripts =
    [
        ["VI_A master", "notify INSTANCE VI_A MASTER 150", "VI_B backup", "notify INSTANCE VI_B BACKUP 100", "VI_C fault", "notify INSTANCE VI_C FAULT 100",
            "VI_D master", "notify INSTANCE VI_D MASTER 100", "VI_E fault", "notify INSTANCE VI_E FAULT 100"],
        ["VI_A rx_lower"],
        [],
        // notify_deleted's script, no notify_fault for VI_D.
        ["VI_C deleted", "notify INSTANCE VI_C DELETED 100", "notify INSTANCE VI_D FAULT 90"],
        ["VI_A stop", "notify INSTANCE VI_A STOP 130", "VI_B stop", "notify INSTANCE VI_B STOP 90"],
    ];

    /// <summary>Runs the scenario against one daemon in "ours"; each phase waits (bounded) for its expected lines.</summary>
    private static Phases Scenario(InteropLab lab, Func<string, (IDisposable Owner, DaemonProcess Process, string ConfigPath)> start)
    {
        using var dir = new TempFolder();
        var log = Path.Combine(dir.Path, "calls");
        var rec = dir.Write("rec.sh", $"#!/bin/sh\necho \"$*\" >> {log}\n");
        File.SetUnixFileMode(rec, (UnixFileMode)0b111_101_101);
        using var fifo = new FifoLines(Path.Combine(dir.Path, "notify.fifo"));
        var inject = dir.Write("lower.py", LowerAdvert);

        var (owner, process, configPath) = start(Config(dir.Path, rec, reloaded: false));
        using var _ = owner;
        var fifoMarks = new List<int>();
        var scriptMarks = new List<int>();
        string[] Calls() => File.Exists(log) ? File.ReadAllLines(log) : [];
        void Phase(int p, Action act)
        {
            fifoMarks.Add(fifo.Count);
            scriptMarks.Add(Calls().Length);
            act();
            // Soft waits: a missing line shows in the comparison, with both daemons' output.
            fifo.WaitFor(ExpectedFifo[p], fifoMarks[p], Bound);
            WaitCalls(Calls, ExpectedScripts[p], scriptMarks[p]);
        }

        Phase(0, () => { });
        Phase(1, () => NamespaceLab.Run(lab.Peer, Bound, "/usr/bin/python3", inject));
        Phase(2, () => NamespaceLab.Exec(lab.Ours, "ip", "link", "set", "eth2", "down"));
        Phase(3, () =>
        {
            File.WriteAllText(configPath, Config(dir.Path, rec, reloaded: true));
            process.Signal("HUP");
        });
        Phase(4, () =>
        {
            process.Signal("TERM");
            Assert.True(process.WaitForExit(Bound), process.Output);
        });
        fifoMarks.Add(fifo.Count);
        var calls = Calls();
        scriptMarks.Add(calls.Length);

        var fifoPhases = new List<string[]>();
        var scriptPhases = new List<string[]>();
        for (int p = 0; p < PhaseNames.Length; p++)
        {
            fifoPhases.Add([.. fifo.Slice(fifoMarks[p], fifoMarks[p + 1]).Order(StringComparer.Ordinal)]);
            scriptPhases.Add([.. calls[scriptMarks[p]..scriptMarks[p + 1]].Order(StringComparer.Ordinal)]);
        }
        return new Phases(fifoPhases, scriptPhases, process.Output);
    }

    private static void WaitCalls(Func<string[]> calls, string[] expected, int from)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!FifoLines.Contains(calls().Skip(from), expected) && sw.Elapsed < Bound) Thread.Sleep(50);
    }

    /// <summary>
    /// Five instances in "ours". script_user comes before notify_fifo: in the other order keepalived's reload loses
    /// some scripts. The reloaded config keeps VI_A and VI_B unchanged.
    /// </summary>
    private static string Config(string dir, string rec, bool reloaded)
    {
        string Instance(string name, int vrid, int priority, string extra) => string.Create(CultureInfo.InvariantCulture, $$"""
            vrrp_instance {{name}} {
                state BACKUP
                interface eth0
                virtual_router_id {{vrid}}
                priority {{priority}}
                advert_int 1
                notify_master "{{rec}} {{name}} master"
                notify_backup "{{rec}} {{name}} backup"
                notify_fault "{{rec}} {{name}} fault"
                notify_stop "{{rec}} {{name}} stop"
                notify "{{rec}} notify"
            {{extra}}
                virtual_ipaddress {
                    10.0.0.{{100 + vrid - 50}}/24
                }
            }

            """);
        var config = $$"""
            global_defs {
                enable_script_security
                script_user root
                notify_fifo {{Path.Combine(dir, "notify.fifo")}}
                vrrp_notify_priority_changes
                fifo_write_vrrp_states_on_reload
            }

            """
            + Instance("VI_A", 51, 150, $"    notify_master_rx_lower_pri \"{rec} VI_A rx_lower\"\n    track_interface {{\n        eth2 weight -20\n    }}")
            + Instance("VI_B", 52, 100, "    track_interface {\n        eth2 weight -10\n    }");
        if (reloaded) return config;
        return config
            + Instance("VI_C", 53, 100, $"    notify_deleted \"{rec} VI_C deleted\"\n    track_interface {{\n        eth1\n    }}")
            + Instance("VI_D", 54, 100, "    notify_priority_changes false\n    track_interface {\n        eth2 weight -10\n    }")
            + Instance("VI_E", 55, 100, "    track_interface {\n        eth1\n    }");
    }

    /// <summary>One VRRPv2 advert for VI_A's VRID 51 at priority 50 from the peer, with VI_A's address.</summary>
    private const string LowerAdvert = InteropLab.AdvertPython + "s.sendto(advert(51, 50, '10.0.0.101'), ('224.0.0.18', 0))\n";
}
