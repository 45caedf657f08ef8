using System.Collections.Immutable;
using KeepalivedSharp.Config;
using KeepalivedSharp.Host.Vrrp;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Trackers;

/// <summary>
/// Feeds track_file values and vrrp_track_process quorums to the event loop.
/// Files are watched with inotify (FileSystemWatcher), as keepalived does, and re-read on every
/// close-after-write, create, delete or rename. Processes are counted by scanning /proc once a
/// second: simpler and sturdier than keepalived's proc connector (no netlink multicast to lose,
/// no event storm on fork-heavy hosts), at the cost of up to a second of detection delay. Each
/// change of a quorum seen is posted; the engine applies fork_delay / terminate_delay.
/// </summary>
public sealed class HostTrackers : IDisposable
{
    private readonly ImmutableArray<TrackFileConfig> _files;
    private readonly ImmutableArray<TrackProcessConfig> _processes;
    private readonly Action<VrrpInput> _post;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Dictionary<string, bool> _reported = new(StringComparer.Ordinal);
    private ITimer? _poll;

    public HostTrackers(KeepalivedConfig config, Action<VrrpInput> post, ILogger log, TimeProvider time)
    {
        _files = config.TrackFiles;
        _processes = config.TrackProcesses;
        _post = post;
        _log = log;
        _time = time;
        foreach (var f in _files.Where(f => f.InitFile && f.File is not null)) InitFile(f);
    }

    /// <summary>The values and quorums as they are now, applied to the engine before it starts.</summary>
    public IEnumerable<VrrpInput> InitialInputs()
    {
        foreach (var f in _files)
        {
            if (Read(f) is { } v) yield return new FileInput(f.Name, v);
        }
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
        foreach (var f in _files.Where(f => f.File is not null))
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(f.File!));
            if (dir is null || !Directory.Exists(dir)) continue;
            var w = new FileSystemWatcher(dir, Path.GetFileName(f.File!))
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            var file = f;
            void Changed(object? _, FileSystemEventArgs e)
            {
                if (Read(file) is { } v) _post(new FileInput(file.Name, v));
            }
            w.Changed += Changed;
            w.Created += Changed;
            w.Deleted += Changed;
            w.Renamed += (s, e) => Changed(s, e);
            w.EnableRaisingEvents = true;
            _watchers.Add(w);
        }
        if (!_processes.IsDefaultOrEmpty)
            _poll = _time.CreateTimer(_ => PollProcesses(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private long? Read(TrackFileConfig f)
    {
        if (f.File is null) return 0;
        try
        {
            using var stream = new FileStream(f.File, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new byte[127];
            int n = stream.Read(buffer);
            var value = TrackFileValue.Parse(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
            if (value is null) DaemonLog.TrackFileInvalid(_log, f.File);
            return value;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // keepalived: a file that cannot be read counts as 0
        }
    }

    private void InitFile(TrackFileConfig f)
    {
        try
        {
            if (File.Exists(f.File!) && !f.InitOverwrite) return;
            File.WriteAllText(f.File!, TrackFileValue.Format(f.InitValue ?? 0) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DaemonLog.HostOperationFailed(_log, f.Name, $"initialising track file {f.File}", e.Message);
        }
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
        foreach (var w in _watchers) w.Dispose();
        _watchers.Clear();
    }
}
