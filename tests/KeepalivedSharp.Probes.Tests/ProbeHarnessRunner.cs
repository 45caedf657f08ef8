using KeepalivedSharp.Lab;

namespace KeepalivedSharp.Probes.Tests;

/// <summary>One attempt line of the harness (see tests/KeepalivedSharp.ProbeHarness/Program.cs).</summary>
public sealed record HarnessLine(int Round, string VirtualServer, string RealServer, int Checker, string Kind, int Url, bool Up, int? ExitStatus, int ElapsedMs, string Detail);

/// <summary>
/// Runs the probe harness inside a lab namespace: the whole process is in the namespace, so no probe
/// socket can be opened on the host's own interfaces, whatever a library does after an await.
/// </summary>
public static class ProbeHarnessRunner
{
    public static string HarnessPath
    {
        get
        {
            // tests/KeepalivedSharp.Probes.Tests/bin/CONFIG/TFM/ -> tests/KeepalivedSharp.ProbeHarness/bin/CONFIG/TFM/
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            var path = Path.Combine(tfm.Parent!.Parent!.Parent!.Parent!.FullName, "KeepalivedSharp.ProbeHarness", "bin",
                tfm.Parent.Name, tfm.Name, "KeepalivedSharp.ProbeHarness.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("build tests/KeepalivedSharp.ProbeHarness first", path);
        }
    }

    /// <summary>Runs every checker of <paramref name="config"/> <paramref name="rounds"/> times in namespace <paramref name="ns"/>.</summary>
    public static IReadOnlyList<HarnessLine> Run(string ns, string config, int rounds = 1, TimeSpan? timeout = null)
    {
        var r = NamespaceLab.Run(ns, timeout ?? TimeSpan.FromSeconds(60), "dotnet", HarnessPath, config, rounds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (r.ExitCode != 0) throw new InvalidOperationException($"probe harness exited {r.ExitCode}: {r.Output}");
        return [.. r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse)];
    }

    private static HarnessLine Parse(string line)
    {
        var f = line.Split('\t');
        return new HarnessLine(int.Parse(f[0]), f[1], f[2], int.Parse(f[3]), f[4], int.Parse(f[5]), f[6] == "up",
            f[7] == "-" ? null : int.Parse(f[7]), int.Parse(f[8]), f.Length > 9 ? f[9] : "");
    }
}
