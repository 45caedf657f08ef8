using System.Collections.Immutable;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.Ports;
using KeepalivedSharp.Probes;
using KeepalivedSharp.Settings;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Check;

/// <summary>
/// The check host adapter: feeds probe results, file readings and VIP presence with the time to the
/// <see cref="CheckEngine"/>, starts the probes it asks for, logs in keepalived's words, and hands
/// each new desired table on. Synchronous and clock-free like the VRRP host: the daemon's check
/// loop and the simulator drive the same code. One thread only.
/// </summary>
public sealed class CheckHost
{
    private readonly IProbeRunner _probes;
    private readonly ILogger _log;
    private readonly List<CheckAction> _actions = [];
    private ImmutableDictionary<CheckerRef, (CheckerSettings Settings, CheckProbe? Probe)> _checkers = ImmutableDictionary<CheckerRef, (CheckerSettings, CheckProbe?)>.Empty;
    private ImmutableDictionary<(string, DestinationKey), (RealServerSettings Settings, LbProtocol Protocol)> _servers = ImmutableDictionary<(string, DestinationKey), (RealServerSettings, LbProtocol)>.Empty;

    public CheckHost(CheckSetup setup, ulong seed, IProbeRunner probes, ILogger log)
    {
        _probes = probes;
        _log = log;
        Setup = setup;
        Engine = setup.CreateEngine(seed);
        Index(setup);
    }

    public CheckEngine Engine { get; }

    public CheckSetup Setup { get; private set; }

    /// <summary>The earliest time <see cref="Tick"/> has work (the engine's last <see cref="CheckTimer"/>).</summary>
    public TimeSpan? NextDeadline { get; private set; }

    /// <summary>Told each new desired table and what changed since the one before, if the engine says (the load balancer's port; status).</summary>
    public Action<LoadBalancerTable, TableChange?>? TableChanged { get; set; }

    /// <summary>Sees every action carried out, with its time (notify scripts, FIFO and SMTP; status; tests).</summary>
    public Action<CheckAction, TimeSpan>? Observer { get; set; }

    /// <summary>Whether a real server is in the pool now (the engine's own state: servers alive since start included).</summary>
    public bool IsAlive(string virtualServer, DestinationKey rs) => Engine.IsAlive(virtualServer, rs);

    /// <summary>
    /// Starts checking. <paramref name="initial"/> are the readings taken before: FILE_CHECK values and
    /// ha_suspend address presence, which decide the servers' initial state and the start lines.
    /// </summary>
    public void Start(TimeSpan now, IEnumerable<CheckInput>? initial = null)
    {
        var scratch = new List<CheckAction>();
        foreach (var i in initial ?? [])
        {
            // Known before the checkers are registered: no "Activating ... for VS" line of its own.
            if (i is VipPresent v) Engine.VipPresence(v.VirtualServer, v.Present, now, scratch);
            else Handle(i, now);
        }
        foreach (var vs in Setup.VirtualServers)
        {
            var action = Engine.IsSuspended(vs.Id) ? "Deactivating" : "Activating";
            foreach (var rs in vs.RealServers)
                foreach (var _ in rs.Checkers) CheckLog.Activating(_log, action, Rs(vs.Id, rs.Endpoint), vs.Id);
        }
        Step(now, (e, t, a) => e.Start(t, a));
    }

    public void Handle(CheckInput input, TimeSpan now)
    {
        switch (input)
        {
            case ProbeFinished p:
                bool known = true;
                Step(now, (e, t, a) => known = p.Rescheduled
                    ? e.ProbeSkipped(p.Probe, p.Detail, t, a)
                    : e.ProbeDone(p.Probe, p.Success, p.ExitStatus, p.Detail, t, a));
                if (!known) CheckLog.LateProbe(_log, p.Probe);
                break;
            case FileRead f:
                Step(now, (e, t, a) => e.FileValue(f.Checker, f.Value, t, a));
                break;
            case VipPresent v:
                Step(now, (e, t, a) => e.VipPresence(v.VirtualServer, v.Present, t, a));
                break;
        }
    }

    public void Tick(TimeSpan now) => Step(now, (e, t, a) => e.Tick(t, a));

    /// <summary>SIGHUP: kept servers and checkers keep their state (check_daemon.c reload, migrate_checkers).</summary>
    public void Reload(CheckSetup setup, TimeSpan now)
    {
        _probes.CancelAll();
        var before = _servers;
        var kept = setup.VirtualServers.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var keptServers = setup.VirtualServers.SelectMany(v => v.RealServers.Select(r => (v.Id, r.Endpoint))).ToHashSet();
        foreach (var vs in Setup.VirtualServers)
        {
            if (!kept.Contains(vs.Id)) CheckLog.RemovingVirtualServer(_log, vs.Id);
            else foreach (var rs in vs.RealServers.Where(r => !keptServers.Contains((vs.Id, r.Endpoint)))) CheckLog.NoLongerExists(_log, Rs(vs.Id, rs.Endpoint));
        }
        Setup = setup;
        Index(setup);
        // Servers the reload drops are printed as they were configured while they are cleared.
        var fresh = _servers;
        _servers = fresh.AddRange(before.Where(p => !fresh.ContainsKey(p.Key)));
        Step(now, (e, t, a) => e.Reload(setup.VirtualServers, t, a));
        _servers = fresh;
    }

    public void Stop(TimeSpan now)
    {
        _probes.CancelAll();
        Step(now, (e, t, a) => e.Shutdown(t, a));
        NextDeadline = null;
    }

    private void Step(TimeSpan now, Action<CheckEngine, TimeSpan, List<CheckAction>> input)
    {
        _actions.Clear();
        input(Engine, now, _actions);
        foreach (var action in _actions)
        {
            Carry(action);
            Observer?.Invoke(action, now);
        }
    }

    private void Carry(CheckAction action)
    {
        switch (action)
        {
            case RunProbe run when _checkers.TryGetValue(run.Checker, out var c) && c.Probe is { } spec:
                _probes.Start(new ProbeRequest(run.Checker, run.Probe, run.Url, spec));
                break;
            case CheckerResult r:
                LogResult(r);
                break;
            case RealServerChanged s:
                if (!s.Initial && _servers.TryGetValue((s.VirtualServer, s.RealServer), out var rs))
                    CheckLog.ServerState(_log, CheckLogText.ServerState(s.Up, rs.Settings.InhibitOnFailure, Rs(s.VirtualServer, s.RealServer), s.VirtualServer));
                break;
            case RealServerCleared c:
                CheckLog.ServerState(_log, CheckLogText.Cleared(c.Reason, c.Inhibited, Rs(c.VirtualServer, c.RealServer), c.VirtualServer));
                break;
            case WeightChanged w:
                CheckLog.WeightChanged(_log, CheckLogText.Weight(w, Rs(w.VirtualServer, w.RealServer)));
                break;
            case QuorumChanged { Cleared: null } q:
                CheckLog.Quorum(_log, CheckLogText.Quorum(q));
                break;
            case ProbeRescheduled r:
                CheckLog.Rescheduled(_log, r.Detail ?? "Rescheduling.");
                break;
            case CheckersSuspended s:
                foreach (var server in Setup.VirtualServers.Where(v => v.Id == s.VirtualServer).SelectMany(v => v.RealServers))
                    foreach (var _ in server.Checkers) CheckLog.Suspended(_log, s.Suspended ? "Suspending" : "Activating", Rs(s.VirtualServer, server.Endpoint), s.VirtualServer);
                break;
            case TableChanged t:
                TableChanged?.Invoke(t.Table, t.Change);
                break;
            case CheckTimer timer:
                NextDeadline = timer.At;
                break;
        }
    }

    private void LogResult(CheckerResult r)
    {
        if (!_checkers.TryGetValue(r.Checker, out var c)) return;
        var rs = Rs(r.Checker.VirtualServer, r.Checker.RealServer);
        var vs = r.Checker.VirtualServer;
        var kind = c.Settings.Kind;
        bool final = r.Changed || r.First;
        if (kind == CheckerKind.File)
        {
            // No line of its own but the -D one (the server's Adding/Removing and weight lines follow).
            if (r.Changed && (r.Success
                ? CheckLogText.Success(kind, rs, vs, c.Probe?.Checker.TrackFile)
                : CheckLogText.Failure(kind, rs, vs, c.Probe?.Checker.TrackFile, 0)) is { } line) CheckLog.TrackedFile(_log, line);
            return;
        }
        var script = kind == CheckerKind.Misc ? MiscScript(c.Probe) : null;
        // keepalived logs a checker's success when it comes back or on its first run, and its
        // failure when it goes down (tcp_epilog and the other epilogs).
        if (r.Success && final)
        {
            if (CheckLogText.Success(kind, rs, vs, script) is { } up) CheckLog.CheckerUp(_log, up);
        }
        else if (!r.Success && kind == CheckerKind.Misc)
        {
            // check_misc.c: one line with the reason; with log_all_failures also for each attempt retried (not while down).
            if (final || (r.Up && c.Probe?.LogAllFailures == true))
                CheckLog.CheckerDown(_log, CheckLogText.Misc(rs, vs, script, r.Detail, c.Settings.Retry, final ? 0 : r.Retry));
        }
        else if (!r.Success)
        {
            int retries = r.First ? 0 : c.Settings.Retry;
            if (r.Detail is { Length: > 0 } detail && (final || c.Probe?.LogAllFailures == true))
                CheckLog.CheckerCause(_log, final ? CheckLogText.FinalCause(kind, detail, retries) : detail);
            if (final && CheckLogText.Failure(kind, rs, vs, script, retries) is { } down) CheckLog.CheckerDown(_log, down);
        }
    }

    /// <summary>check_misc.c logs the script's argv[0].</summary>
    private static string? MiscScript(CheckProbe? probe) =>
        probe?.Checker.MiscPath is { } line && Config.Syntax.ScriptWords.TrySplit(line, out var argv, out _) ? argv[0] : probe?.Checker.MiscPath;

    /// <summary>A real server as keepalived prints it (<c>[10.0.0.2]:tcp:80</c>).</summary>
    public string RealServerText(string vs, DestinationKey rs) => Rs(vs, rs);

    private string Rs(string vs, DestinationKey rs) =>
        rs.ToString(_servers.TryGetValue((vs, rs), out var s) ? s.Protocol : LbProtocol.Tcp);

    private void Index(CheckSetup setup)
    {
        var checkers = ImmutableDictionary.CreateBuilder<CheckerRef, (CheckerSettings, CheckProbe?)>();
        var servers = ImmutableDictionary.CreateBuilder<(string, DestinationKey), (RealServerSettings, LbProtocol)>();
        foreach (var vs in setup.VirtualServers)
        {
            // A fwmark service has no protocol of its own; keepalived prints its real servers as tcp.
            var protocol = vs.Services.FirstOrDefault(s => !s.IsFwmark) is { Address: not null } k ? k.Protocol : LbProtocol.Tcp;
            foreach (var rs in vs.RealServers)
            {
                servers[(vs.Id, rs.Endpoint)] = (rs, protocol);
                for (int i = 0; i < rs.Checkers.Length; i++)
                    checkers[new CheckerRef(vs.Id, rs.Endpoint, i)] = (rs.Checkers[i], rs.Checkers[i].Probe as CheckProbe);
            }
            if (vs.SorryServer is { } sorry) servers.TryAdd((vs.Id, sorry.Endpoint), (sorry, protocol));
        }
        _checkers = checkers.ToImmutable();
        _servers = servers.ToImmutable();
    }
}
