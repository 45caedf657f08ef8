using System.Globalization;
using KeepalivedSharp.Linux.Native;

namespace KeepalivedSharp.Host.Daemon;

/// <summary>keepalived's pid files (-p, -r): written at start, removed at exit. Never follows a symlink.</summary>
public sealed class PidFile : IDisposable
{
    private readonly List<string> _paths = [];

    private PidFile() { }

    public static PidFile Create(params string?[] paths)
    {
        var pid = new PidFile();
        foreach (var path in paths.Where(p => !string.IsNullOrEmpty(p)).Distinct())
        {
            // A random name created O_EXCL, renamed over the path: a symlink planted at the path is replaced, not
            // followed, and one planted at a guessable temporary name (path.PID.tmp) cannot stop the start.
            var tmp = $"{path}.{KernelRandom.Hex(6)}.tmp";
            using (var stream = new FileStream(tmp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead }))
            using (var writer = new StreamWriter(stream))
            {
                // 0644 whatever the umask (keepalived's pidfile.c lifts the configured umask for it).
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                writer.Write(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            }
            File.Move(tmp, path!, overwrite: true);
            pid._paths.Add(path!);
        }
        return pid;
    }

    /// <summary>
    /// keepalived's keepalived_running(): a pid file among <paramref name="paths"/> that names a live process other than
    /// this one means a daemon already runs ("daemon is already running", exit 0, the file left alone). As keepalived
    /// (process_running: kill(pid, 0)), any live process counts, whatever its program.
    /// </summary>
    public static (string Path, int Pid)? RunningDaemon(params string?[] paths)
    {
        foreach (var path in paths.Where(p => !string.IsNullOrEmpty(p)).Distinct())
        {
            string text;
            try
            {
                // A pid file is one short line; a huge or odd file is not a pid file.
                var info = new FileInfo(path!);
                if (!info.Exists || info.Length > 64) continue;
                text = File.ReadAllText(path!);
            }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (int.TryParse(text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
                && pid != Environment.ProcessId && Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}"))
                return (path!, pid);
        }
        return null;
    }

    public void Dispose()
    {
        foreach (var p in _paths)
        {
            try
            {
                File.Delete(p);
            }
            catch (IOException)
            {
            }
        }
    }
}
