using System.Collections.Immutable;
using KeepalivedSharp.Core.Timing;

namespace KeepalivedSharp.Core.Check;

/// <summary>
/// The health-check engine of one node: every virtual server, real server and checker. Inputs and
/// the monotonic time go in, actions come out in the caller's list; probes run in the host. Its
/// product is the desired <see cref="LoadBalancerTable"/>, never add or remove calls. A real server's
/// change updates only its own destination and names it (<see cref="TableChange"/>), so one verdict costs
/// the change, not the table; start, reload and stop derive the table whole. Behaviour
/// follows keepalived 2.2.7's check module (check_api.c, ipwrapper.c). Not thread-safe: one loop owns it.
/// </summary>
public sealed partial class CheckEngine
{
    /// <summary>keepalived's BOOTSTRAP_DELAY: the first check runs 1 s + random(0..warmup) after start.</summary>
    public static readonly TimeSpan BootstrapDelay = TimeSpan.FromSeconds(1);

    private readonly List<VirtualServerRuntime> _servers = [];
    private readonly Dictionary<string, VirtualServerRuntime> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<CheckerRef, (VirtualServerRuntime Vs, RealServerRuntime Rs, CheckerRuntime Checker)> _checkers = [];
    private readonly Dictionary<long, CheckerRuntime> _inFlight = [];
    private readonly DeadlineHeap _heap = new();
    private ulong _random;
    private long _nextProbe;
    private TimeSpan? _armed;
    private TimeSpan _now;
    private bool _running;
    /// <summary>The table is derived whole at the end of this step (start, reload, stop).</summary>
    private bool _rebuild;
    /// <summary>This step's changed real servers per virtual server; null: the whole virtual server (a sorry-server switch).</summary>
    private readonly Dictionary<VirtualServerRuntime, HashSet<RealServerRuntime>?> _dirty = [];
    /// <summary>Which virtual server's entry each service carries (the last one listing it, as the whole table is derived).</summary>
    private readonly Dictionary<ServiceKey, VirtualServerRuntime> _owner = [];
    private List<CheckAction> _out = [];

    public CheckEngine(IEnumerable<VirtualServerSettings> servers, ulong seed)
    {
        _random = seed;
        Build(servers);
    }

    /// <summary>The table the load balancer should hold now.</summary>
    public LoadBalancerTable Table { get; private set; } = LoadBalancerTable.Empty;

    /// <summary>Probes started and not yet answered.</summary>
    public int ProbesInFlight => _inFlight.Count;

    /// <summary>
    /// Starts checking. Servers with no failed checker go in at once and quorum is evaluated from
    /// zero, so a quorum that holds is "gained" at startup and quorum_up runs (init_services).
    /// </summary>
    public void Start(TimeSpan now, List<CheckAction> output) => Step(now, output, () =>
    {
        _running = true;
        foreach (var vs in _servers) StartServer(vs, startup: true);
    });

    public void Tick(TimeSpan now, List<CheckAction> output) => Step(now, output, RunDue);

    /// <summary>
    /// A probe finished. <paramref name="exitStatus"/> is MISC_CHECK's exit code (null when the
    /// script timed out or died by a signal). Returns false for a probe the engine no longer waits for.
    /// </summary>
    public bool ProbeDone(long probe, bool success, int? exitStatus, string? detail, TimeSpan now, List<CheckAction> output)
    {
        bool known = false;
        Step(now, output, () =>
        {
            if (!_inFlight.Remove(probe, out var c)) return;
            known = true;
            var (vs, rs, _) = _checkers[c.Id];
            var s = c.Settings;
            bool ok = success;
            long contribution = 0;
            if (s.Kind == CheckerKind.Misc && exitStatus is int status)
            {
                // check_misc.c misc_check_child_thread: with misc_dynamic, 1 fails and 2..255
                // succeed with weight status-2 for the server; otherwise only 0 succeeds.
                ok = s.MiscDynamic ? status != 1 : status == 0;
                if (s.MiscDynamic && status >= 2) contribution = status - 2 - rs.Settings.Weight;
            }
            // A failure, a timeout or a kill resets the contribution: no leak (keepalived #2720).
            Verdict(vs, rs, c, ok, ok ? contribution : 0, detail);
        });
        return known;
    }

    /// <summary>
    /// A probe could not run on our side (socket or bind failure): no verdict, the checker tries
    /// again after delay_loop (check_tcp.c tcp_connect_thread "Rescheduling."). Returns false for a
    /// probe the engine no longer waits for.
    /// </summary>
    public bool ProbeSkipped(long probe, string? detail, TimeSpan now, List<CheckAction> output)
    {
        bool known = false;
        Step(now, output, () =>
        {
            if (!_inFlight.Remove(probe, out var c)) return;
            known = true;
            c.InFlight = false;
            c.Next = _now + c.Settings.DelayLoop;
            _out.Add(new ProbeRescheduled(c.Id, detail));
        });
        return known;
    }

    /// <summary>
    /// FILE_CHECK read <paramref name="value"/> (check_file.c): with weight 0 a non-zero value fails;
    /// otherwise value×weight (negated with reverse) is added, and -2^31 or less fails. Before
    /// <see cref="Start"/> the reading only sets the checker's state, silently, so the server starts
    /// in or out with that weight (check_file.c set_track_file_checkers_down, set_track_file_weights).
    /// </summary>
    public void FileValue(CheckerRef checker, long value, TimeSpan now, List<CheckAction> output) => Step(now, output, () =>
    {
        if (!_checkers.TryGetValue(checker, out var e) || e.Checker.Settings.Kind != CheckerKind.File) return;
        var s = e.Checker.Settings;
        e.Checker.FileValue = value;
        long c = s.FileWeight == 0 ? 0 : SaturatingMultiply(value, s.FileWeight) * (s.FileReverse ? -1 : 1);
        bool ok = s.FileWeight == 0 ? value == 0 : c > int.MinValue;
        if (!ok) c = 0;
        if (!_running)
        {
            e.Checker.HasRun = true;
            e.Checker.IsUp = ok;
            e.Checker.Contribution = c;
            return;
        }
        Verdict(e.Vs, e.Rs, e.Checker, ok, c, null);
    });

    /// <summary>BFD_CHECK: the BFD instance's state (UP is up, anything else down).</summary>
    public void BfdState(CheckerRef checker, bool up, TimeSpan now, List<CheckAction> output) => Step(now, output, () =>
    {
        if (_checkers.TryGetValue(checker, out var e) && e.Checker.Settings.Kind == CheckerKind.Bfd)
            Verdict(e.Vs, e.Rs, e.Checker, up, 0, null);
    });

    /// <summary>ha_suspend: whether the virtual server's checkers are suspended now (its address is absent).</summary>
    public bool IsSuspended(string virtualServer) => _byId.TryGetValue(virtualServer, out var vs) && vs.Suspended;

    /// <summary>ha_suspend: whether the virtual server's address is on a local interface.</summary>
    public void VipPresence(string virtualServer, bool present, TimeSpan now, List<CheckAction> output) => Step(now, output, () =>
    {
        if (!_byId.TryGetValue(virtualServer, out var vs) || !vs.Settings.HaSuspend || vs.Suspended == !present) return;
        vs.Suspended = !present;
        _out.Add(new CheckersSuspended(vs.Settings.Id, vs.Suspended));
    });

    /// <summary>
    /// Stops checking and empties the table. With omega, live servers get notify_down and the
    /// virtual server quorum_down (check_daemon.c clear_services).
    /// </summary>
    public void Shutdown(TimeSpan now, List<CheckAction> output) => Step(now, output, () =>
    {
        foreach (var vs in _servers) Clear(vs, ClearReason.Stopping);
        _running = false;
        _inFlight.Clear();
        _heap.Clear();
        _rebuild = true;
    });

    private void Step(TimeSpan now, List<CheckAction> output, Action body)
    {
        if (now > _now) _now = now;
        _out = output;
        body();
        if (_rebuild)
        {
            _rebuild = false;
            var table = _running ? BuildTable(remember: true) : LoadBalancerTable.Empty;
            if (!table.Equals(Table))
            {
                Table = table;
                _out.Add(new TableChanged(table));
            }
        }
        else if (_running && _dirty.Count > 0)
        {
            UpdateTable();
        }
        _dirty.Clear();
        _heap.Flush();
        var next = _running ? _heap.Earliest : null;
        if (next != _armed)
        {
            _armed = next;
            if (next is { } at) _out.Add(new CheckTimer(at));
        }
    }

    private void RunDue()
    {
        if (!_running) return;
        // Bounded: each due checker is re-armed into the future or put in flight.
        for (int guard = 0; guard < 2 * _heap.Count + 2; guard++)
        {
            _heap.Flush();
            if (_heap.First is not CheckerRuntime c || _heap.Earliest > _now) break;
            var (vs, rs, _) = _checkers[c.Id];
            if (c.InFlight)
            {
                // The host did not answer within the probe limit: count a failure, forget the probe.
                _inFlight.Remove(c.Probe);
                Verdict(vs, rs, c, false, 0, "probe overran its time limit");
            }
            else if (vs.Suspended)
            {
                // A suspended checker re-arms every delay_loop without checking (check_api.c).
                c.Next = _now + c.Settings.DelayLoop;
            }
            else
            {
                long probe = ++_nextProbe;
                c.Started(_now, probe);
                _inFlight[probe] = c;
                _out.Add(new RunProbe(c.Id, probe, c.FailedUrl ?? c.Url));
            }
        }
    }

    private void Verdict(VirtualServerRuntime vs, RealServerRuntime rs, CheckerRuntime c, bool ok, long contribution, string? detail)
    {
        bool first = !c.HasRun;
        int url = c.FailedUrl ?? c.Url;
        bool changed;
        int retry = 0;
        if (c.Settings.Polled)
        {
            changed = c.Count(ok, _now, out retry);
        }
        else
        {
            c.HasRun = true;
            changed = c.IsUp != ok;
            c.IsUp = ok;
        }
        c.Contribution = contribution;
        _out.Add(new CheckerResult(c.Id, ok, c.IsUp, changed, retry, url, detail, first));
        // An alpha checker's failed first run sends notify_down though the server never was up.
        if (first && !ok && c.Settings.Alpha && !rs.Alive)
            _out.Add(new RealServerChanged(vs.Settings.Id, rs.Settings.Endpoint, false, Initial: true));
        Update(vs, rs);
    }

    /// <summary>Re-derives a real server's alive flag and weight, then its virtual server's quorum.</summary>
    private void Update(VirtualServerRuntime vs, RealServerRuntime rs, bool quorum = true)
    {
        long weight = rs.EffectiveWeight();
        bool alive = rs.AllUp();
        if (weight != rs.Weight)
        {
            // A checker going down gives its contribution back silently (check_misc.c, track_file.c:
            // effective_weight -= cur_weight, no update_svr_wgt); the server leaves in the same step.
            if (!(rs.Alive && !alive)) _out.Add(new WeightChanged(vs.Settings.Id, rs.Settings.Endpoint, rs.Weight, weight, rs.Alive));
            rs.Weight = weight;
            Touch(vs, rs);
        }
        if (alive != rs.Alive)
        {
            rs.Alive = alive;
            _out.Add(new RealServerChanged(vs.Settings.Id, rs.Settings.Endpoint, alive, Initial: false));
            Touch(vs, rs);
        }
        if (quorum) EvaluateQuorum(vs, startup: false);
    }

    private void EvaluateQuorum(VirtualServerRuntime vs, bool startup)
    {
        if (vs.QuorumChange() is not { } up) return;
        vs.QuorumUp = up;
        // Quorum reaches the table only through the sorry server (SorryActive), which switches every destination.
        if (vs.Settings.SorryServer is not null) Touch(vs, null);
        _out.Add(new QuorumChanged(vs.Settings.Id, up, vs.AliveWeight(), vs.Settings.Quorum, vs.Settings.Hysteresis, startup));
    }

    private void StartServer(VirtualServerRuntime vs, bool startup)
    {
        foreach (var rs in vs.RealServers)
        {
            rs.Alive = rs.AllUp();
            rs.Weight = rs.EffectiveWeight();
            foreach (var c in rs.Checkers) Schedule(c);
        }
        _rebuild = true;
        EvaluateQuorum(vs, startup);
        // Alpha mode with a sorry server: "Starting with quorum down", the sorry server goes in and
        // quorum_down runs; without one keepalived stays silent until quorum is gained.
        if (!vs.QuorumUp && vs.Settings.SorryServer is not null)
            _out.Add(new QuorumChanged(vs.Settings.Id, false, vs.AliveWeight(), vs.Settings.Quorum, vs.Settings.Hysteresis, startup));
    }

    private void Schedule(CheckerRuntime c)
    {
        if (!c.Settings.Polled) return;
        var warmup = c.Settings.Warmup;
        long jitter = warmup > TimeSpan.Zero ? (long)(NextRandom() % (ulong)(warmup.Ticks + 1)) : 0;
        c.Next = _now + BootstrapDelay + TimeSpan.FromTicks(jitter);
        _heap.Add(c);
    }

    /// <summary>ipwrapper.c clear_service_vs: each server in the table goes, then update_vs_notifies.</summary>
    private void Clear(VirtualServerRuntime vs, ClearReason reason)
    {
        var inTable = vs.Destinations();
        foreach (var rs in vs.RealServers) ClearServer(vs, rs, reason, inTable);
        // update_vs_notifies: at shutdown always, but do_vs_notifies only acts with omega; on removal
        // when quorum was up, as every server is gone.
        if (reason == ClearReason.Stopping ? vs.Settings.Omega : vs.QuorumUp)
            _out.Add(new QuorumChanged(vs.Settings.Id, false, 0, vs.Settings.Quorum, vs.Settings.Hysteresis, false, reason));
    }

    /// <summary>clear_service_rs: only a server in the table ("set"); its notifies if it was alive, at shutdown only with omega.</summary>
    private void ClearServer(VirtualServerRuntime vs, RealServerRuntime rs, ClearReason reason,
        IReadOnlyDictionary<DestinationKey, Destination> inTable)
    {
        if (!inTable.ContainsKey(rs.Settings.Endpoint)) return;
        bool notify = rs.Alive && (reason == ClearReason.Removed || vs.Settings.Omega);
        _out.Add(new RealServerCleared(vs.Settings.Id, rs.Settings.Endpoint, reason, rs.Settings.InhibitOnFailure && !rs.Alive, notify));
    }

    /// <summary>Marks a real server's destination, or with <paramref name="rs"/> null its whole virtual server, for this step's table.</summary>
    private void Touch(VirtualServerRuntime vs, RealServerRuntime? rs)
    {
        if (rs is null || !vs.Incremental)
        {
            _dirty[vs] = null;
            return;
        }
        if (!_dirty.TryGetValue(vs, out var set)) _dirty[vs] = set = [];
        set?.Add(rs);
    }

    /// <summary>
    /// The whole table, each virtual server's entry by <see cref="VirtualServerRuntime.BuildEntry"/>. With
    /// <paramref name="remember"/> each virtual server keeps its entry and each service its owner, for <see cref="UpdateTable"/>;
    /// without, the engine is left as it was (the tests' full derivation).
    /// </summary>
    internal LoadBalancerTable BuildTable(bool remember = false)
    {
        if (remember) _owner.Clear();
        var b = LoadBalancerTable.Empty.Services.ToBuilder();
        foreach (var vs in _servers)
        {
            var entry = vs.BuildEntry();
            if (remember) vs.Entry = entry;
            foreach (var key in vs.Settings.Services)
            {
                b[key] = entry;
                if (remember) _owner[key] = vs;
            }
        }
        return new LoadBalancerTable(b.ToImmutable());
    }

    /// <summary>
    /// This step's changes into <see cref="Table"/>: a touched real server's destination by
    /// <see cref="VirtualServerRuntime.DestinationOf"/>, a whole virtual server by its entry; emitted with what changed.
    /// </summary>
    private void UpdateTable()
    {
        var services = Table.Services;
        var changes = new List<ServiceChange>();
        foreach (var (vs, servers) in _dirty)
        {
            var old = vs.Entry;
            ServiceEntry entry;
            List<DestinationKey>? changed = null;
            if (servers is null || old is null)
            {
                entry = vs.BuildEntry();
                if (entry.Equals(old)) continue;
            }
            else
            {
                var dests = old.Destinations;
                changed = [];
                bool sorry = vs.SorryActive;
                foreach (var rs in servers)
                {
                    var key = rs.Settings.Endpoint;
                    bool had = dests.TryGetValue(key, out var was);
                    if (VirtualServerRuntime.DestinationOf(rs, sorry) is { } want)
                    {
                        if (had && was == want) continue;
                        dests = dests.SetItem(key, want);
                    }
                    else if (had) dests = dests.Remove(key);
                    else continue;
                    changed.Add(key);
                }
                if (changed.Count == 0) continue;
                changed.Sort(TableOrder.Destinations);
                entry = old with { Destinations = dests };
            }
            vs.Entry = entry;
            foreach (var key in vs.Settings.Services)
            {
                if (_owner.GetValueOrDefault(key) != vs) continue;
                services = services.SetItem(key, entry);
                changes.Add(new ServiceChange(key, changed));
            }
        }
        if (changes.Count == 0) return;
        changes.Sort((a, b) => TableOrder.Services.Compare(a.Service, b.Service));
        var from = Table;
        Table = new LoadBalancerTable(services);
        _out.Add(new TableChanged(Table, new TableChange(from, [.. changes])));
    }

    /// <summary>SplitMix64: the warmup jitter is seeded, so a run replays exactly.</summary>
    private ulong NextRandom()
    {
        ulong z = _random += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static long SaturatingMultiply(long a, long b)
    {
        long r = a * b;
        return (a != 0 && (r / a != b || (a == -1 && b == long.MinValue))) ? ((a < 0) ^ (b < 0) ? long.MinValue : long.MaxValue) : r;
    }
}
