namespace KeepalivedSharp.Core.Check;

public sealed partial class CheckEngine
{
    /// <summary>
    /// Applies a new configuration (keepalived's clear_diff_services and migrate_checkers): a kept
    /// virtual server keeps its quorum state, a kept real server its alive flag and weight, an equal
    /// checker its state and schedule. A new checker on a live server starts up even in alpha mode;
    /// a failed server is not re-added merely by reloading (#1720). An unchanged config leaves the
    /// table equal, so the host applies no operation; a changed one is diffed whole.
    /// </summary>
    public void Reload(IEnumerable<VirtualServerSettings> servers, TimeSpan now, List<CheckAction> output) => Step(now, output, () =>
    {
        var old = new Dictionary<string, VirtualServerRuntime>(_byId, StringComparer.Ordinal);
        Build(servers);
        foreach (var vs in _servers)
        {
            if (!old.Remove(vs.Settings.Id, out var was))
            {
                if (_running) StartServer(vs, startup: false);
                continue;
            }
            vs.QuorumUp = was.QuorumUp;
            vs.Suspended = vs.Settings.HaSuspend && (was.Settings.HaSuspend ? was.Suspended : true);
            // clear_diff_rs: a server the new config drops goes as at removal ("no longer exist").
            var wasInTable = was.Destinations();
            foreach (var gone in was.RealServers.Where(r => !vs.RealServers.Exists(n => n.Settings.Endpoint == r.Settings.Endpoint)))
                ClearServer(was, gone, ClearReason.Removed, wasInTable);
            foreach (var rs in vs.RealServers)
            {
                var prior = was.RealServers.Find(r => r.Settings.Endpoint == rs.Settings.Endpoint);
                Migrate(rs, prior);
                if (prior is not null)
                {
                    rs.Alive = prior.Alive;
                    rs.Weight = prior.Weight;
                }
                else
                {
                    rs.Alive = rs.AllUp();
                    rs.Weight = rs.EffectiveWeight();
                }
            }
            // Quorum is judged once every server carries its migrated state, not midway.
            if (!_running) continue;
            foreach (var rs in vs.RealServers) Update(vs, rs, quorum: false);
            EvaluateQuorum(vs, startup: false);
        }
        // A removed virtual server is cleared as at shutdown.
        foreach (var gone in old.Values) Clear(gone, ClearReason.Removed);
        _rebuild = true;
    });

    private void Migrate(RealServerRuntime rs, RealServerRuntime? prior)
    {
        var unused = prior?.Checkers.ToList() ?? [];
        foreach (var c in rs.Checkers)
        {
            int k = unused.FindIndex(o => o.Settings == c.Settings);
            if (k >= 0)
            {
                var o = unused[k];
                unused.RemoveAt(k);
                c.Inherit(o);
                if (o.InFlight) _inFlight[o.Probe] = c;
                _heap.Add(c);
                continue;
            }
            // A new checker on a live server does not take it down, even in alpha mode.
            if (prior is { Alive: true }) c.IsUp = true;
            if (_running) Schedule(c);
        }
    }

    private void Build(IEnumerable<VirtualServerSettings> servers)
    {
        _servers.Clear();
        _byId.Clear();
        _checkers.Clear();
        _heap.Clear();
        // Probes of kept checkers are re-registered by Migrate; the others are no longer waited for.
        _inFlight.Clear();
        int order = 0;
        foreach (var s in servers)
        {
            var vs = new VirtualServerRuntime(s);
            if (!_byId.TryAdd(s.Id, vs)) throw new ArgumentException($"duplicate virtual server '{s.Id}'", nameof(servers));
            _servers.Add(vs);
            foreach (var rss in s.RealServers)
            {
                var rs = new RealServerRuntime(rss, vs);
                vs.RealServers.Add(rs);
                for (int k = 0; k < rss.Checkers.Length; k++)
                {
                    var id = new CheckerRef(s.Id, rss.Endpoint, k);
                    var c = new CheckerRuntime(id, rss.Checkers[k]) { Order = order++ };
                    rs.Checkers.Add(c);
                    if (!_checkers.TryAdd(id, (vs, rs, c)))
                        throw new ArgumentException($"duplicate real server {rss.Endpoint} in '{s.Id}'", nameof(servers));
                }
            }
        }
    }
}
