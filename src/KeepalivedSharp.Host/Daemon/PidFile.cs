using System.Globalization;
using System.Security.Cryptography;

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
            var tmp = $"{path}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp";
            using (var stream = new FileStream(tmp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead }))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            }
            File.Move(tmp, path!, overwrite: true);
            pid._paths.Add(path!);
        }
        return pid;
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
