using System.Globalization;

namespace KeepalivedSharp.Linux.Tests.Processes;

/// <summary>A private temp directory for test scripts, removed on dispose; plus /proc helpers.</summary>
public sealed class ScriptDir : IDisposable
{
    public ScriptDir() => Path = Directory.CreateTempSubdirectory("ks-proc-").FullName;

    public string Path { get; }

    /// <summary>Writes an executable (0755) /bin/sh script.</summary>
    public string Script(string name, string body)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException();
        File.SetUnixFileMode(file, (UnixFileMode)0b111_101_101);
        return file;
    }

    /// <summary>Pids whose process group is <paramref name="pgid"/> (field 5 of /proc/PID/stat), zombies excluded.</summary>
    public static List<int> GroupMembers(int pgid)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(System.IO.Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (f[0] != "Z" && int.Parse(f[2], CultureInfo.InvariantCulture) == pgid) members.Add(pid);
        }
        return members;
    }

    public static bool Alive(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
