using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KeepalivedSharp.Lab;

namespace KeepalivedSharp.Soak;

/// <summary>Soak settings: length, seed, where our binary is and where results go.</summary>
public sealed record SoakOptions(double Minutes, int Seed, string[] OursCommand, string OutputDirectory, double AdvertInterval = 1);

/// <summary>
/// The chaos soak on the kernel: a bridge, two keepalived-sharp nodes and keepalived 2.2.7, the
/// seeded plan's faults applied one by one, and an observer (tcpdump on the bridge, ip addr
/// polling in every node) whose timeline <see cref="InvariantAnalysis"/> judges.
/// Everything lives in the lab's namespaces; partitions are nftables rules in the bridge namespace.
/// </summary>
public sealed class SoakRun
{
    public static readonly NodeKind[] Kinds = [NodeKind.Ours, NodeKind.Ours, NodeKind.Keepalived];

    private readonly SoakOptions _options;
    private readonly TextWriter _log;
    private readonly Stopwatch _clock = new();
    private readonly Lock _gate = new();
    private DateTime _startUtc;

    public SoakBounds Bounds { get; }
    public ChaosPlan Plan { get; }

    public SoakRun(SoakOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
        Bounds = SoakBounds.For(options.AdvertInterval, SoakConfigs.LowestPriority);
        Plan = ChaosPlan.Create(options.Seed, options.Minutes * 60, Kinds, Bounds);
    }

    public static string[] NodeNames => [.. Kinds.Select((k, i) => $"n{i + 1}")];

    private double Now() => _clock.Elapsed.TotalSeconds;

    public (SoakTimeline Timeline, SoakVerdict Verdict) Run(CancellationToken cancel)
    {
        Directory.CreateDirectory(_options.OutputDirectory);
        File.WriteAllText(Path.Combine(_options.OutputDirectory, "plan.txt"), Plan.Format(NodeNames));
        var timeline = new SoakTimeline { Instances = SoakConfigs.Instances, NodeCount = Kinds.Length, End = Plan.Duration };
        using var faultLog = new StreamWriter(Path.Combine(_options.OutputDirectory, "faults.jsonl"));
        using var daemonLog = new StreamWriter(Path.Combine(_options.OutputDirectory, "daemons.log"));
        using var lab = new NamespaceLab();
        var nodes = new List<SoakNode>();
        var pcap = Path.Combine(_options.OutputDirectory, "bridge.pcap");
        try
        {
            for (int k = 0; k < Kinds.Length; k++)
            {
                var ns = lab.AddHost(NodeNames[k], "eth0", prefixRoute: true, SoakConfigs.Address(k) + "/24");
                int index = k;
                var node = new SoakNode(lab, k, ns, Kinds[k], _options.OursCommand,
                    (n, inst, state) => { lock (_gate) timeline.States.Add(new StateSeen(Now(), n, inst, state)); },
                    line => { lock (_gate) daemonLog.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Now(),9:0.000} n{index + 1} {line}")); });
                node.WriteConfig(SoakConfigs.Render(k, false, _options.AdvertInterval));
                nodes.Add(node);
            }
            var capture = StartCapture(lab, pcap);
            _startUtc = DateTime.UtcNow;
            _clock.Start();
            foreach (var n in nodes) n.Start();
            Say($"lab {lab.Prefix}*: {string.Join(", ", nodes.Select(n => $"{n.Name} {n.Kind} {SoakConfigs.Address(n.Index)}"))}; {Plan.Faults.Count} faults over {Plan.Duration:0} s");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var observer = new Thread(() => Observe(nodes, timeline, stop.Token)) { IsBackground = true, Name = "soak-observer" };
            observer.Start();
            try
            {
                foreach (var f in Plan.Faults)
                {
                    WaitUntil(f.At, cancel);
                    Apply(lab, nodes, f, timeline, faultLog, cancel);
                }
                WaitUntil(Plan.Duration, cancel);
            }
            finally
            {
                stop.Cancel();
                observer.Join(TimeSpan.FromSeconds(10));
                LabShell.Signal(capture.Id, "TERM");
                capture.WaitForExit(5000);
            }
            ReadCapture(pcap, timeline);
        }
        finally
        {
            foreach (var n in nodes) n.Dispose();
        }
        var verdict = InvariantAnalysis.Analyze(timeline, Bounds);
        File.WriteAllText(Path.Combine(_options.OutputDirectory, "summary.json"), SoakReport.Summary(_options, Plan, Bounds, timeline, verdict));
        return (timeline, verdict);
    }

    private void Say(string line)
    {
        lock (_gate) _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{Now(),7:0.0}s] {line}"));
    }

    private void WaitUntil(double t, CancellationToken cancel)
    {
        var left = t - Now();
        if (left > 0) cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(left));
        cancel.ThrowIfCancellationRequested();
    }

    private static Process StartCapture(NamespaceLab lab, string pcap)
    {
        // VRRP only (IP protocol 112), headers only; -U writes each packet as it comes.
        var p = lab.Start(lab.BridgeNs, "tcpdump", "-i", "br0", "-nn", "-U", "-s", "128", "-w", pcap, "ip proto 112");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            var line = p.StandardError.ReadLineAsync();
            if (!line.Wait(TimeSpan.FromSeconds(10) - deadline.Elapsed) || line.Result is null) break;
            if (line.Result.Contains("listening on", StringComparison.Ordinal))
            {
                _ = p.StandardError.ReadToEndAsync();
                _ = p.StandardOutput.ReadToEndAsync();
                return p;
            }
        }
        throw new TimeoutException("tcpdump did not start listening on the lab bridge within 10 s");
    }

    private void ReadCapture(string pcap, SoakTimeline timeline)
    {
        foreach (var (time, frame) in Pcap.ReadRecords(pcap, allowTruncated: true))
        {
            // Ethernet, IPv4 (0x0800), protocol 112, source 10.78.0.N: the VRRP header follows the IP header.
            if (frame.Length < 14 + 20 + 8 || BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(12)) != 0x0800) continue;
            int ihl = (frame[14] & 0x0f) * 4;
            if (frame[14 + 9] != 112 || frame.Length < 14 + ihl + 3) continue;
            if (frame[14 + 12] != 10 || frame[14 + 13] != 78 || frame[14 + 14] != 0) continue;
            int node = frame[14 + 15] - 1;
            if (node < 0 || node >= Kinds.Length) continue;
            var vrrp = frame.AsSpan(14 + ihl);
            timeline.Adverts.Add(new AdvertSeen((time - _startUtc).TotalSeconds, node, vrrp[1], vrrp[2]));
        }
    }

    /// <summary>Polls each node's addresses; a poll gap over a second is an observer stall, never judged.</summary>
    private void Observe(List<SoakNode> nodes, SoakTimeline timeline, CancellationToken stop)
    {
        var last = new double[nodes.Count];
        Array.Fill(last, double.NaN);
        var vips = SoakConfigs.Instances.Select(i => i.Vip).ToHashSet();
        while (!stop.IsCancellationRequested)
        {
            double round = Now();
            foreach (var n in nodes)
            {
                double t = Now();
                ProcResult r;
                try { r = LabShell.Run("ip", ["-n", n.Namespace, "-o", "-4", "addr", "show"], TimeSpan.FromSeconds(10)); }
                catch (TimeoutException) { continue; }
                var held = r.Stdout.Split('\n')
                    .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .Where(w => w.Length > 3 && w[2] == "inet")
                    .Select(w => w[3].Split('/')[0]).Where(vips.Contains).ToHashSet();
                lock (_gate)
                {
                    if (!double.IsNaN(last[n.Index]) && t - last[n.Index] > 1)
                        timeline.Stalls.Add(new Window(last[n.Index], t, n.Index, "observer-stall"));
                    last[n.Index] = t;
                    timeline.Holders.Add(new HolderSample(t, n.Index, held));
                    if (n.Expected && n.HasExited)
                    {
                        timeline.Incidents.Add(new Window(t, t, n.Index, $"daemon-exited: {n.Name} ({n.Kind}) exited unasked; restarted"));
                        Say($"incident: {n.Name} exited unasked; restarting it");
                        n.Start();
                    }
                }
            }
            var left = Bounds.PollInterval - (Now() - round);
            if (left > 0) stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(left));
        }
    }

    private void Apply(NamespaceLab lab, List<SoakNode> nodes, PlannedFault f, SoakTimeline timeline, StreamWriter faultLog, CancellationToken cancel)
    {
        var node = nodes[f.Node];
        double start = Now();
        string detail;
        IReadOnlyList<int> pids = [];
        var hold = TimeSpan.FromSeconds(f.Hold);
        void Hold() => cancel.WaitHandle.WaitOne(hold);
        try
        {
            switch (f.Kind)
            {
                case FaultKind.Crash:
                    pids = node.Crash();
                    lock (_gate) timeline.Down.Add(new Window(start, double.MaxValue, node.Index, "down"));
                    Hold();
                    node.Start();
                    lock (_gate) timeline.Down[^1] = timeline.Down[^1] with { End = Now() };
                    detail = $"SIGKILL pids {string.Join(',', pids)}, restarted as pid {node.Pid}";
                    break;
                case FaultKind.Freeze:
                    pids = node.Signal("STOP");
                    Hold();
                    node.Signal("CONT");
                    lock (_gate) timeline.Frozen.Add(new Window(start, Now(), node.Index, "frozen"));
                    detail = $"SIGSTOP/SIGCONT pids {string.Join(',', pids)}";
                    break;
                case FaultKind.LinkFlap:
                    lab.SetOuter(node.Namespace, "eth0", up: false);
                    Hold();
                    lab.SetOuter(node.Namespace, "eth0", up: true);
                    detail = $"bridge side {lab.Link(node.Namespace, "eth0").Outer} down then up";
                    break;
                case FaultKind.Recreate:
                    lab.Recreate(node.Namespace, "eth0", hold);
                    detail = "eth0 deleted and re-created (same name, new ifindex)";
                    break;
                case FaultKind.Partition:
                    var me = lab.Link(node.Namespace, "eth0").Outer;
                    var others = string.Join(", ", nodes.Where(n => n != node).Select(n => $"\"{lab.Link(n.Namespace, "eth0").Outer}\""));
                    LabShell.Nft(lab.BridgeNs, $$"""
                        table bridge soak {
                            chain cut {
                                type filter hook forward priority 0; policy accept;
                                iifname "{{me}}" oifname { {{others}} } drop
                                iifname { {{others}} } oifname "{{me}}" drop
                            }
                        }
                        """);
                    Hold();
                    LabShell.Nft(lab.BridgeNs, "delete table bridge soak\n");
                    detail = $"nftables in the bridge namespace cut {node.Name} off from the others";
                    break;
                case FaultKind.ReloadChanged:
                    node.Alternate = !node.Alternate;
                    node.WriteConfig(SoakConfigs.Render(node.Index, node.Alternate, _options.AdvertInterval));
                    detail = $"SIGHUP with {(node.Alternate ? "alternate" : "base")} priorities: {(node.Reload() ? "sent" : "NOT SENT")}";
                    break;
                case FaultKind.ReloadBroken:
                    node.WriteConfig(SoakConfigs.Broken);
                    var first = node.Reload();
                    Hold();
                    node.WriteConfig(SoakConfigs.Render(node.Index, node.Alternate, _options.AdvertInterval));
                    var second = node.Reload();
                    detail = $"SIGHUP with a broken file ({(first ? "sent" : "NOT SENT")}), then the good one back ({(second ? "sent" : "NOT SENT")})";
                    break;
                default:
                    throw new InvalidOperationException(f.Kind.ToString());
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException)
        {
            detail = "harness error: " + e.Message;
            lock (_gate) timeline.Incidents.Add(new Window(start, Now(), node.Index, $"harness: {f.Kind} on {node.Name}: {e.Message}"));
        }
        double heal = Now();
        lock (_gate) timeline.Faults.Add(new Window(start, heal, node.Index, f.Kind.ToString()));
        Say($"fault {f.Index} {f.Kind} {node.Name} ({node.Kind}) {start:0.0}-{heal:0.0}s: {detail}");
        faultLog.WriteLine(JsonSerializer.Serialize(new FaultLine(f.Index, f.Kind.ToString(), node.Name, node.Kind.ToString(), f.At, Math.Round(start, 3), Math.Round(heal, 3), [.. pids], detail), SoakJson.Default.FaultLine));
        faultLog.Flush();
    }
}
