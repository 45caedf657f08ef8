using KeepalivedSharp.Lab;
using KeepalivedSharp.Operations.Dumps;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Operations.Tests.Operations.Dumps;

public class DumpWriterTests
{
    [Theory]
    [InlineData(10, DumpKind.Data)]
    [InlineData(12, DumpKind.Stats)]
    [InlineData(36, DumpKind.Json)]
    [InlineData(63, DumpKind.Stats)]
    public void ForSignal_KeepalivedSignalNumber_TheDumpKeepalivedWrites(int signal, DumpKind kind)
        => Assert.Equal(kind, DumpWriter.ForSignal(signal));

    [Fact]
    public void SignalNumbers_Always_AgreeWithInstalledKeepalived()
    {
        foreach (var (name, number) in new[] { ("DATA", DumpWriter.SignalData), ("STATS", DumpWriter.SignalStats), ("JSON", DumpWriter.SignalJson), ("STATS_CLEAR", DumpWriter.SignalStatsClear) })
            Assert.Equal(number.ToString(System.Globalization.CultureInfo.InvariantCulture), LabShell.Check("/usr/sbin/keepalived", $"--signum={name}").Stdout.Trim());
    }

    [Theory]
    [InlineData(null, "/tmp")]
    [InlineData("", "/tmp")]
    [InlineData("relative/dir", "/tmp")]
    [InlineData("/var/tmp/ka/", "/var/tmp/ka")]
    public void Locations_Tmpdir_AsKeepalivedSetTmpDir(string? tmpdir, string expected)
    {
        var l = DumpLocations.For(StatusSamples.FixtureConfig(), tmpdir);
        Assert.Equal(Path.Combine(expected, "keepalived.data"), l.DataFile);
        Assert.Equal(Path.Combine(expected, "keepalived.stats"), l.StatsFile);
        Assert.Equal(Path.Combine(expected, "keepalived.json"), l.JsonFile);
    }

    [Fact]
    public void Write_EveryKind_FilesInTheDirectoryWithTheirContent()
    {
        using var dir = new TempFolder();
        var writer = new DumpWriter(DumpLocations.For(StatusSamples.FixtureConfig(), dir.Path));
        var status = StatusSamples.FixtureStatus();
        foreach (var kind in Enum.GetValues<DumpKind>())
        {
            var path = writer.Write(kind, status);
            Assert.Equal(dir.Path, Path.GetDirectoryName(path));
            Assert.Equal(DumpWriter.Format(kind, status), File.ReadAllText(path));
        }
    }
}
