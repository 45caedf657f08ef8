using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Cli.Tests.Commands;

/// <summary>
/// The program's <c>-t</c> verdict on every shipped keepalived sample agrees with keepalived 2.2.7's
/// <c>keepalived -t</c>: both run in one throw-away namespace that has the interfaces the sample names.
/// </summary>
[Trait("Category", "Root")]
public class SampleAgreementTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var name in KeepalivedSamples.Names()) data.Add(name);
        return data;
    }

    [Fact]
    public void Samples_Installed_AtLeastTwenty()
        => Assert.True(Samples().Count >= 20, $"expected the keepalived samples in {KeepalivedSamples.Directory}");

    [Theory]
    [MemberData(nameof(Samples))]
    public void ConfigTest_Sample_VerdictAgreesWithKeepalived(string sample)
    {
        var path = Path.Combine(KeepalivedSamples.Directory, sample);
        using var lab = new NamespaceLab();
        var ns = KeepalivedSamples.AddHostWith(lab, KeepalivedSamples.InterfacesOf(File.ReadAllText(path)));

        var theirs = NamespaceLab.Run(ns, KsProgram.Timeout, "keepalived", "-t", "-n", "-l", "-f", path);
        var ours = KsProgram.RunIn(ns, "-t", "-f", path);

        // The same exit code: 0 valid, 5 config errors (or fix-ups keepalived -t fails on, printed as warnings at
        // their line, e.g. the fwmark sample's "protocol specified for fwmark"), 6 only script-security violations.
        Assert.True(ours.ExitCode == theirs.ExitCode,
            $"{sample}: keepalived -t exit {theirs.ExitCode}:\n{theirs.Output}\nkeepalived-sharp -t exit {ours.ExitCode}:\n{ours.Output}");
        if (ours.ExitCode == 5)
            Assert.Contains(KsProgram.Lines(ours.Stderr), l => l.StartsWith($"{path}:", StringComparison.Ordinal)
                && (l.Contains(": error: ", StringComparison.Ordinal) || l.Contains(": warning: ", StringComparison.Ordinal)));
    }
}
