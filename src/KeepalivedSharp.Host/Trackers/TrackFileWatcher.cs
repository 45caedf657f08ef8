using System.Collections.Immutable;
using KeepalivedSharp.Config;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Host.Trackers;

/// <summary>
/// Reads track_file values and watches the files with inotify (FileSystemWatcher), as keepalived does
/// (track_file.c init_track_files, process_inotify): re-read on every close-after-write, create, delete or
/// rename. One reader for both sides: VRRP's track_file and the checkers' FILE_CHECK.
/// </summary>
public sealed class TrackFileWatcher : IDisposable
{
    private readonly ImmutableArray<TrackFileConfig> _files;
    private readonly Action<string, long> _changed;
    private readonly ILogger _log;
    private readonly List<FileSystemWatcher> _watchers = [];

    /// <summary>Watches <paramref name="files"/>; <paramref name="changed"/> gets (track_file name, value), on a thread-pool thread.</summary>
    public TrackFileWatcher(IEnumerable<TrackFileConfig> files, Action<string, long> changed, ILogger log)
    {
        _files = [.. files];
        _changed = changed;
        _log = log;
    }

    /// <summary>
    /// track_file.c track_file_end_handler: init_file writes the value if the file is absent, or always with
    /// overwrite, except on a reload.
    /// </summary>
    public static void InitFiles(IEnumerable<TrackFileConfig> files, ILogger log, bool reload)
    {
        foreach (var f in files.Where(f => f.InitFile && f.File is not null))
        {
            try
            {
                if (File.Exists(f.File!) && (!f.InitOverwrite || reload)) continue;
                File.WriteAllText(f.File!, TrackFileValue.Format(f.InitValue ?? 0) + "\n");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                DaemonLog.HostOperationFailed(log, f.Name, $"initialising track file {f.File}", e.Message);
            }
        }
    }

    /// <summary>Every file's value now (an invalid number is left out, as keepalived ignores it).</summary>
    public IEnumerable<(string Name, long Value)> ReadAll()
    {
        foreach (var f in _files)
        {
            if (Read(f) is { } v) yield return (f.Name, v);
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
                if (Read(file) is { } v) _changed(file.Name, v);
            }
            w.Changed += Changed;
            w.Created += Changed;
            w.Deleted += Changed;
            w.Renamed += (s, e) => Changed(s, e);
            w.EnableRaisingEvents = true;
            _watchers.Add(w);
        }
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

    public void Dispose()
    {
        foreach (var w in _watchers) w.Dispose();
        _watchers.Clear();
    }
}
