using KeepalivedSharp.Lab;
using System.Text.RegularExpressions;

namespace KeepalivedSharp.TestKit;

/// <summary>
/// The keepalived.conf samples Debian ships with keepalived, and the namespace each needs: keepalived -t
/// rejects a config naming an interface the kernel does not have, so a verdict is only comparable inside
/// a namespace that has every interface the sample names.
/// </summary>
public static partial class KeepalivedSamples
{
    public const string Directory = "/usr/share/doc/keepalived/samples";

    /// <summary>The file names of every keepalived.conf.* sample, in ordinal order.</summary>
    public static IReadOnlyList<string> Names()
        => System.IO.Directory.GetFiles(Directory, "keepalived.conf.*").Select(Path.GetFileName).OfType<string>()
            .Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"^\s*(?:interface|lvs_sync_daemon_interface)\s+(\S+)|\bdev\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex InterfaceWords();

    /// <summary>Interfaces a config text names: instance interfaces, dev options and track_interface entries.</summary>
    public static SortedSet<string> InterfacesOf(string text)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in InterfaceWords().Matches(text))
            set.Add(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
        var inTrack = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#', '!')[0].Trim();
            if (line.StartsWith("track_interface", StringComparison.Ordinal)) { inTrack = true; continue; }
            if (inTrack && line.StartsWith('}')) { inTrack = false; continue; }
            if (inTrack && line.Length > 0) set.Add(line.Split(' ', '\t')[0]);
        }
        set.RemoveWhere(n => n.Length > 15 || !n.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'));
        return set;
    }

    /// <summary>Adds a host namespace to <paramref name="lab"/> that has exactly these interfaces (eth0 when none).</summary>
    public static string AddHostWith(NamespaceLab lab, IReadOnlyCollection<string> interfaces, string shortName = "h")
    {
        var ns = lab.AddHost(shortName, interfaces.Count > 0 ? interfaces.First() : "eth0");
        foreach (var extra in interfaces.Skip(1)) lab.AddInterface(ns, extra);
        return ns;
    }
}
