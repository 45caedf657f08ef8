using KeepalivedSharp.Operations.Control;

namespace KeepalivedSharp.Operations.Tests.Operations.Control;

public class StatusTableTests
{
    [Fact]
    public void Format_Snapshot_OneAlignedRowPerInstanceWithTheColumns()
    {
        var text = StatusTable.Format(StatusDocument.From(StatusSamples.FixtureStatus()));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("keepalived-sharp 0.1.0, pid 4242", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^INSTANCE +STATE +PRIO\(CFG/EFF\) +MASTER +VIPS +SINCE +ADVERTS\(RX/TX\) +ERRORS$", lines[1]);
        Assert.Matches(@"^VI_1 +MASTER +150/150 +self +10\.9\.0\.100/24,10\.9\.0\.101/24 +2s +0/3 +0$", lines[2]);
        Assert.Equal(lines[1].IndexOf("STATE", StringComparison.Ordinal), lines[2].IndexOf("MASTER", StringComparison.Ordinal));
        Assert.Contains("sync group G1: BACKUP (VI_2)", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, "5s")]
    [InlineData(192, "3m12s")]
    [InlineData(7500, "2h05m")]
    [InlineData(273600, "3d04h")]
    public void Ago_Duration_Compact(int seconds, string expected) => Assert.Equal(expected, StatusTable.Ago(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void StatusJson_RoundTrip_SameDocument()
    {
        var doc = StatusDocument.From(StatusSamples.FixtureStatus());
        var json = ControlProtocol.Serialize(doc);
        Assert.Contains("\"effective_priority\": 150", json, StringComparison.Ordinal);
        var back = ControlProtocol.ParseResponse(ControlProtocol.Serialize(new ControlResponse(true, Status: doc)))!.Status!;
        Assert.Equal(doc.Instances.Select(i => (i.Name, i.State, i.Priority, i.Counters)), back.Instances.Select(i => (i.Name, i.State, i.Priority, i.Counters)));
    }
}
