using System.Collections.Immutable;
using KeepalivedSharp.Config;
using KeepalivedSharp.Host.Vrrp;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Trackers;

/// <summary>
/// Feeds track_file values and vrrp_track_process quorums to the event loop.
/// Files are read and watched by <see cref="TrackFileWatcher"/> (init_file is applied here: the VRRP
/// side always runs, -C included, so the checkers only read). Processes are counted by scanning /proc once a
/// second: simpler and sturdier than keepalived's proc connector (no netlink multicast to lose,
/// no event storm on fork-heavy hosts), at the cost of up to a second of detection delay. Each
/// change of a quorum seen is posted; the engine applies fork_delay / terminate_delay.
/// </summary>
public sealed class HostTrackers : IDisposable
{
    private readonly TrackFileWatcher _files;
    private readonly ImmutableArray<TrackProcessConfig> _processes;
    private readonly Action<VrrpInput> _post;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, bool> _reported = new(StringComparer.Ordinal);
    private ITimer? _poll;

    public HostTrackers(KeepalivedConfig config, Action<VrrpInput> post, ILogger log, TimeProvider time, bool reload = false)
    {
        _processes = config.TrackProcesses;
        _log = log;
        _time = time;
        TrackFileWatcher.InitFiles(config.TrackFiles, log, reload);
        _files = new TrackFileWatcher(config.TrackFiles, (name, value) => post(new FileInput(name, value)), log);
        _post = post;
    }

    /// <summary>The values and quorums as they are now, applied to the engine before it starts.</summary>
    public IEnumerable<VrrpInput> InitialInputs()
    {
        foreach (var (name, value) in _files.ReadAll()) yield return new FileInput(name, value);
        if (_processes.IsDefaultOrEmpty) yield break;
        var counts = CountProcesses();
        foreach (var p in _processes)
        {
            bool quorum = HasQuorum(p, counts[p.Name]);
            _reported[p.Name] = quorum;
            yield return new ProcessInput(p.Name, quorum);
        }
    }

    public void Start()
    {
        _files.Start();
        if (!_processes.IsDefaultOrEmpty)
            _poll = _time.CreateTimer(_ => PollProcesses(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private void PollProcesses()
    {
        try
        {
            var counts = CountProcesses();
            foreach (var p in _processes)
            {
                bool quorum = HasQuorum(p, counts[p.Name]);
                if (quorum == _reported.GetValueOrDefault(p.Name, true)) continue;
                _reported[p.Name] = quorum;
                _post(new ProcessInput(p.Name, quorum));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DaemonLog.HostOperationFailed(_log, "vrrp_track_process", "scanning /proc", e.Message);
        }
    }

    private static bool HasQuorum(TrackProcessConfig p, int count)
        => count >= p.Quorum && count <= (p.QuorumMax ?? int.MaxValue);

    private Dictionary<string, int> CountProcesses()
    {
        var counts = _processes.ToDictionary(p => p.Name, _ => 0, StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(dir);
            if (pid.Length == 0 || !char.IsAsciiDigit(pid[0])) continue;
            string comm;
            ImmutableArray<string> argv;
            try
            {
                comm = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
                argv = [.. File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.None).SkipLast(1)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // the process went away meanwhile
            }
            foreach (var p in _processes)
            {
                if (ProcessMatcher.Matches(p, comm, argv)) counts[p.Name]++;
            }
        }
        return counts;
    }

    public void Dispose()
    {
        _poll?.Dispose();
        _files.Dispose();
    }
}
