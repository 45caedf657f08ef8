using System.Globalization;
using System.Text;

namespace KeepalivedSharp.Simulation.Verification;

/// <summary>
/// A seeded random cluster: keepalived.conf files and a scenario of crashes, restarts, stops,
/// script failures, link loss and delay, interface flaps and partitions, followed by a heal at
/// <see cref="HealAt"/> and quiet until <see cref="CheckAt"/>.
/// </summary>
public sealed class RandomScenario
{
    private const string Dir = "/sim";

    public int Seed { get; }
    public string ScenarioPath => $"{Dir}/seed-{Seed}.scenario";
    public string ScenarioText { get; }
    public IReadOnlyDictionary<string, string> Files { get; }
    public TimeSpan HealAt { get; }
    /// <summary>When the invariants must hold (heal plus enough quiet to converge).</summary>
    public TimeSpan CheckAt { get; }
    /// <summary>The run ends here; no transition may happen between CheckAt and End.</summary>
    public TimeSpan End { get; }
    public IReadOnlySet<byte> NopreemptVrids { get; }

    private RandomScenario(int seed, string scenario, Dictionary<string, string> files, TimeSpan heal, TimeSpan check, TimeSpan end, HashSet<byte> nopreempt)
    {
        Seed = seed;
        ScenarioText = scenario;
        Files = files;
        HealAt = heal;
        CheckAt = check;
        End = end;
        NopreemptVrids = nopreempt;
    }

    public static RandomScenario Generate(int seed)
    {
        var rng = new Random(seed);
        int nodes = rng.Next(2, 5);
        int vrids = rng.Next(1, 3);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var nopreempt = new HashSet<byte>();
        var sb = new StringBuilder();
        double maxMdi = 0, maxDelay = 0;
        int maxRiseFall = 1;

        var vridSpecs = new List<(byte Vrid, int Version, double Interval, bool Unicast, bool Nopreempt, double PreemptDelay, bool Auth)>();
        for (int v = 0; v < vrids; v++)
        {
            int version = rng.Next(2) == 0 ? 2 : 3;
            double interval = version == 2 ? 1 : rng.Next(1, 11) / 10.0;
            bool np = rng.NextDouble() < 0.2;
            double pd = !np && rng.NextDouble() < 0.15 ? rng.Next(1, 6) : 0;
            maxDelay = Math.Max(maxDelay, pd);
            maxMdi = Math.Max(maxMdi, 3 * interval + interval);
            var vrid = (byte)(51 + v);
            if (np) nopreempt.Add(vrid);
            vridSpecs.Add((vrid, version, interval, rng.NextDouble() < 0.25, np, pd, version == 2 && rng.NextDouble() < 0.3));
        }

        // Trackers added later draw from their own generator, so that the other draws of a seed stay as they were.
        var extra = new Random(unchecked((seed * 7919) + 17));
        // Not in the default sweep until validated: KS_SIM_TRACKERS=1 adds them.
        bool trackers = Environment.GetEnvironmentVariable("KS_SIM_TRACKERS") == "1";
        var tracked = new bool[nodes];
        // Checkers: the same virtual server on every node, from a generator of their own as well.
        var lvs = new Random(unchecked((seed * 104729) + 3));
        var (lvsBlock, backends, checkSettle) = lvs.NextDouble() < 0.4 ? VirtualServer(lvs) : ("", [], 0.0);
        double maxProcessDelay = 0;
        bool hangs = false;
        var scripted = new bool[nodes];
        for (int n = 1; n <= nodes; n++)
        {
            var conf = new StringBuilder();
            bool script = rng.NextDouble() < 0.5;
            scripted[n - 1] = script;
            if (script)
            {
                int rise = rng.Next(1, 4), fall = rng.Next(1, 4);
                maxRiseFall = Math.Max(maxRiseFall, Math.Max(rise, fall));
                conf.Append(CultureInfo.InvariantCulture, $"vrrp_script chk {{\n    script \"/bin/true\"\n    interval 1\n    weight {-rng.Next(1, 60)}\n    rise {rise}\n    fall {fall}\n}}\n\n");
            }
            bool process = trackers && extra.NextDouble() < 0.35;
            tracked[n - 1] = process;
            if (process)
            {
                int fork = extra.Next(0, 4), terminate = extra.Next(0, 4);
                maxProcessDelay = Math.Max(maxProcessDelay, Math.Max(fork, terminate));
                conf.Append(CultureInfo.InvariantCulture, $"vrrp_track_process proc {{\n    process simd\n    weight {-extra.Next(1, 60)}\n");
                if (fork > 0) conf.Append(CultureInfo.InvariantCulture, $"    fork_delay {fork}\n");
                if (terminate > 0) conf.Append(CultureInfo.InvariantCulture, $"    terminate_delay {terminate}\n");
                conf.Append("}\n\n");
            }
            conf.Append(lvsBlock);
            foreach (var s in vridSpecs)
            {
                int priority = rng.NextDouble() < 0.2 ? 100 : rng.Next(1, 255);
                conf.Append(CultureInfo.InvariantCulture, $"vrrp_instance VI_{s.Vrid} {{\n    state BACKUP\n    interface eth0\n    virtual_router_id {s.Vrid}\n    priority {priority}\n    version {s.Version}\n    advert_int {s.Interval.ToString(CultureInfo.InvariantCulture)}\n");
                if (s.Nopreempt) conf.Append("    nopreempt\n");
                if (s.PreemptDelay > 0) conf.Append(CultureInfo.InvariantCulture, $"    preempt_delay {s.PreemptDelay}\n");
                if (s.Auth) conf.Append("    authentication {\n        auth_type PASS\n        auth_pass sim\n    }\n");
                if (s.Unicast)
                {
                    conf.Append(CultureInfo.InvariantCulture, $"    unicast_src_ip 10.0.0.{n}\n    unicast_peer {{\n");
                    for (int p = 1; p <= nodes; p++)
                    {
                        if (p != n) conf.Append(CultureInfo.InvariantCulture, $"        10.0.0.{p}\n");
                    }
                    conf.Append("    }\n");
                }
                if (script) conf.Append("    track_script {\n        chk\n    }\n");
                if (process) conf.Append("    track_process {\n        proc\n    }\n");
                conf.Append(CultureInfo.InvariantCulture, $"    virtual_ipaddress {{\n        192.168.{s.Vrid}.1/24\n    }}\n}}\n\n");
            }
            files[$"{Dir}/n{n}.conf"] = conf.ToString();
            sb.Append(CultureInfo.InvariantCulture, $"node n{n} n{n}.conf\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"seed {seed}\n");

        // Disruptions between 4 s and the heal.
        double heal = 10 + rng.Next(0, 30);
        int events = rng.Next(0, 14);
        var times = Enumerable.Range(0, events).Select(_ => Math.Round(4 + rng.NextDouble() * (heal - 5), 3)).Order().ToList();
        var down = new HashSet<int>();
        foreach (var t in times)
        {
            int n = rng.Next(1, nodes + 1);
            string at = t.ToString("0.###", CultureInfo.InvariantCulture);
            switch (rng.Next(8))
            {
                case 0: sb.Append(CultureInfo.InvariantCulture, $"at {at} crash n{n}\n"); down.Add(n); break;
                case 1: sb.Append(CultureInfo.InvariantCulture, $"at {at} stop n{n}\n"); down.Add(n); break;
                case 2: sb.Append(CultureInfo.InvariantCulture, $"at {at} start n{n}\n"); down.Remove(n); break;
                case 3:
                    if (scripted[n - 1]) sb.Append(CultureInfo.InvariantCulture, $"at {at} script n{n} chk {(rng.Next(2) == 0 ? "fail" : "ok")}\n");
                    break;
                case 4:
                    int m = rng.Next(1, nodes + 1);
                    if (m != n) sb.Append(CultureInfo.InvariantCulture, $"at {at} link n{n} n{m} delay {rng.Next(0, 20)}ms loss {rng.Next(0, 60)}%\n");
                    break;
                case 5: sb.Append(CultureInfo.InvariantCulture, $"at {at} link-down n{n} eth0\n"); break;
                case 6: sb.Append(CultureInfo.InvariantCulture, $"at {at} link-up n{n} eth0\n"); break;
                default:
                    var side = Enumerable.Range(1, nodes).Where(_ => rng.Next(2) == 0).ToList();
                    var other = Enumerable.Range(1, nodes).Except(side).ToList();
                    if (side.Count > 0 && other.Count > 0)
                        sb.Append(CultureInfo.InvariantCulture, $"at {at} partition {Names(side)} / {Names(other)}\n");
                    break;
            }
        }

        // Process quorum changes (some inside their delays) and hung scripts.
        int extraEvents = trackers ? extra.Next(0, 6) : 0;
        for (int k = 0; k < extraEvents; k++)
        {
            int n = extra.Next(1, nodes + 1);
            string at = Math.Round(4 + extra.NextDouble() * (heal - 5), 3).ToString("0.###", CultureInfo.InvariantCulture);
            if (tracked[n - 1] && extra.Next(2) == 0)
                sb.Append(CultureInfo.InvariantCulture, $"at {at} process n{n} proc {(extra.Next(2) == 0 ? "fail" : "ok")}\n");
            else if (scripted[n - 1] && extra.Next(3) == 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"at {at} script n{n} chk hang\n");
                hangs = true;
            }
        }

        // Backends going down, blackholed, serving an error, and back.
        int backendEvents = backends.Count == 0 ? 0 : lvs.Next(0, 7);
        for (int k = 0; k < backendEvents; k++)
        {
            string at = Math.Round(4 + lvs.NextDouble() * (heal - 5), 3).ToString("0.###", CultureInfo.InvariantCulture);
            string mode = lvs.Next(5) switch { 0 or 1 => "down", 2 => "blackhole", 3 => "http-status 503", _ => "up" };
            sb.Append(CultureInfo.InvariantCulture, $"at {at} backend {backends[lvs.Next(backends.Count)]} {mode}\n");
        }

        // The heal: network whole and lossless, every interface up, every node running.
        string h = heal.ToString("0.###", CultureInfo.InvariantCulture);
        sb.Append(CultureInfo.InvariantCulture, $"at {h} heal\n");
        for (int a = 1; a <= nodes; a++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"at {h} link-up n{a} eth0\n");
            sb.Append(CultureInfo.InvariantCulture, $"at {h} start n{a}\n");
            for (int b = a + 1; b <= nodes; b++) sb.Append(CultureInfo.InvariantCulture, $"at {h} link n{a} n{b} delay 1ms loss 0%\n");
        }
        foreach (var b in backends) sb.Append(CultureInfo.InvariantCulture, $"at {h} backend {b} http-status 200\n");
        // Quiet: three Master_Down_Intervals plus what rise/fall and preempt_delay add.
        // A hung run fails once per two intervals (killed at 1 s, the next run skipped as being timed out).
        double settle = Math.Max(3 * maxMdi + (hangs ? 2 : 1) * maxRiseFall + maxDelay + maxProcessDelay + 2, checkSettle);
        double check = heal + settle;
        double end = check + 3 * maxMdi + 1;
        sb.Append(CultureInfo.InvariantCulture, $"run {end.ToString("0.###", CultureInfo.InvariantCulture)}\n");
        return new RandomScenario(seed, sb.ToString(), files, TimeSpan.FromSeconds(heal), TimeSpan.FromSeconds(check), TimeSpan.FromSeconds(end), nopreempt);
    }

    /// <summary>
    /// One virtual server with 2-4 real servers on 10.0.10.N:80, each with one TCP_CHECK, HTTP_GET or MISC_CHECK
    /// and random timings, quorum, alpha and a sorry server; the backends the scenario may disturb; and how long
    /// every server needs to be back after the heal (a start's warmup, an attempt in flight, the next check).
    /// </summary>
    private static (string Block, List<string> Backends, double Settle) VirtualServer(Random r)
    {
        int count = r.Next(2, 5), delayLoop = r.Next(1, 4), connect = r.Next(1, 4), retry = r.Next(1, 3), beforeRetry = r.Next(1, 3);
        string checker = r.Next(3) switch
        {
            0 => $"TCP_CHECK {{\n            connect_timeout {connect}\n        }}",
            1 => $"HTTP_GET {{\n            connect_timeout {connect}\n            url {{\n                path /health\n                status_code 200\n            }}\n        }}",
            _ => $"MISC_CHECK {{\n            misc_path \"/bin/true\"\n            misc_timeout {connect}\n        }}",
        };
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"virtual_server 10.0.9.100 80 {{\n    delay_loop {delayLoop}\n    lvs_sched rr\n    lvs_method NAT\n    protocol TCP\n    quorum {r.Next(1, count + 1)}\n");
        if (r.NextDouble() < 0.5) b.Append("    sorry_server 10.0.10.99 80\n");
        if (r.NextDouble() < 0.2) b.Append("    alpha\n");
        var backends = new List<string>();
        for (int k = 1; k <= count; k++)
        {
            backends.Add($"10.0.10.{k}:80");
            b.Append(CultureInfo.InvariantCulture, $"    real_server 10.0.10.{k} 80 {{\n        retry {retry}\n        delay_before_retry {beforeRetry}\n        {checker}\n    }}\n");
        }
        b.Append("}\n\n");
        // warmup (= delay_loop) + an attempt in flight + the wait before the next one + that attempt, and a second.
        double settle = delayLoop + connect + Math.Max(delayLoop, beforeRetry) + connect + 1;
        return (b.ToString(), backends, settle);
    }

    private static string Names(IEnumerable<int> nodes) => string.Join(' ', nodes.Select(k => $"n{k}"));

    /// <summary>The scenario and its configs as one text a person can split back into files.</summary>
    public string Reproduction()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# --- {Path.GetFileName(ScenarioPath)} (run: keepalived-sharp simulate {Path.GetFileName(ScenarioPath)}) ---\n{ScenarioText}");
        foreach (var (path, text) in Files) sb.Append(CultureInfo.InvariantCulture, $"# --- {Path.GetFileName(path)} ---\n{text}");
        return sb.ToString();
    }

    /// <summary>Writes the scenario and its configs into a folder, so the failing seed can be re-run.</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, Path.GetFileName(ScenarioPath)), ScenarioText);
        foreach (var (path, text) in Files) File.WriteAllText(Path.Combine(directory, Path.GetFileName(path)), text);
    }
}
