using System.Text.RegularExpressions;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Config.Tests;

/// <summary>
/// Every shipped keepalived sample parses, and our verdict (errors or not) agrees with keepalived 2.2.7's
/// <c>keepalived -t</c> run on the same file inside a throw-away namespace that has the sample's interfaces.
/// </summary>
public partial class SampleAgreementTests
{
    private const string SampleDir = "/usr/share/doc/keepalived/samples";

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(SampleDir, "keepalived.conf.*").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [GeneratedRegex(@"^\s*(?:interface|lvs_sync_daemon_interface)\s+(\S+)|\bdev\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex InterfaceWords();

    /// <summary>Interfaces a sample names: instance interfaces, dev options and track_interface entries.</summary>
    internal static SortedSet<string> InterfacesOf(string text)
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

    [Fact]
    public void Samples_Exist_AtLeastTwenty() => Assert.True(Samples().Count >= 20, $"expected the keepalived samples in {SampleDir}");

    [Theory]
    [MemberData(nameof(Samples))]
    public void Load_Sample_VerdictAgreesWithKeepalived(string sample)
    {
        var path = Path.Combine(SampleDir, sample);
        var interfaces = InterfacesOf(File.ReadAllText(path));
        var ours = ConfigLoader.Load(path, new ConfigOptions
        {
            ConfigId = Environment.MachineName,
            InterfaceExists = interfaces.Contains,
            ScriptExists = ConfigOptions.ProgramExists,
        });

        using var lab = new NetLab();
        var ns = lab.AddHost("h", interfaces.Count > 0 ? interfaces.First() : "eth0");
        foreach (var extra in interfaces.Skip(1)) lab.AddInterface(ns, extra);
        var theirs = NetLab.Run(ns, TimeSpan.FromSeconds(30), "keepalived", "-t", "-n", "-l", "-f", path);

        var ourText = string.Join('\n', ours.Diagnostics);
        Assert.True(ours.HasErrors == (theirs.ExitCode != 0),
            $"{sample}: keepalived -t exit {theirs.ExitCode}: {theirs.Output}\nours (errors: {ours.HasErrors}):\n{ourText}");
    }
}
