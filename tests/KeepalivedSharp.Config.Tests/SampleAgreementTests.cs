using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Config.Tests;

/// <summary>
/// Every shipped keepalived sample parses, and our verdict (errors or not) agrees with keepalived 2.2.7's
/// <c>keepalived -t</c> run on the same file inside a throw-away namespace that has the sample's interfaces.
/// </summary>
public class SampleAgreementTests
{
    private const string SampleDir = KeepalivedSamples.Directory;

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var f in KeepalivedSamples.Names()) data.Add(f);
        return data;
    }

    [Fact]
    public void Samples_Exist_AtLeastTwenty() => Assert.True(Samples().Count >= 20, $"expected the keepalived samples in {SampleDir}");

    [Theory]
    [MemberData(nameof(Samples))]
    public void Load_Sample_VerdictAgreesWithKeepalived(string sample)
    {
        var path = Path.Combine(SampleDir, sample);
        var interfaces = KeepalivedSamples.InterfacesOf(File.ReadAllText(path));
        var ours = ConfigLoader.Load(path, new ConfigOptions
        {
            ConfigId = Environment.MachineName,
            InterfaceExists = interfaces.Contains,
            ScriptExists = ConfigOptions.ProgramExists,
        });

        using var lab = new NetLab();
        var ns = KeepalivedSamples.AddHostWith(lab, interfaces);
        var theirs = NetLab.Run(ns, TimeSpan.FromSeconds(30), "keepalived", "-t", "-n", "-l", "-f", path);

        // keepalived -t: 0 valid, 5 config errors, 6 only script-security violations.
        var ourText = string.Join('\n', ours.Diagnostics);
        int ourCode = ours.HasErrors ? 5 : ours.SecurityViolations.Any() ? 6 : 0;
        Assert.True(ourCode == theirs.ExitCode,
            $"{sample}: keepalived -t exit {theirs.ExitCode}: {theirs.Output}\nours (exit {ourCode}):\n{ourText}");
    }
}
