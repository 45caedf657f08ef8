using System.Text.Json;
using KeepalivedSharp.Operations.Dumps;

namespace KeepalivedSharp.Operations.Tests.Operations.Dumps;

public class JsonDumpTests
{
    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    private static List<(string Key, JsonValueKind Kind)> Shape(JsonElement obj)
        => [.. obj.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : p.Value.ValueKind))];

    [Fact]
    public void Format_SameConfigAsKeepalived_SameKeysInSameOrderWithSameKinds()
    {
        var theirs = Parse(StatusSamples.Fixture("keepalived.json"));
        var ours = Parse(JsonDump.Format(StatusSamples.FixtureStatus()));
        Assert.Equal(theirs.GetArrayLength(), ours.GetArrayLength());
        for (int i = 0; i < theirs.GetArrayLength(); i++)
        {
            Assert.Equal(Shape(theirs[i]), Shape(ours[i]));
            Assert.Equal(Shape(theirs[i].GetProperty("data")), Shape(ours[i].GetProperty("data")));
            Assert.Equal(Shape(theirs[i].GetProperty("stats")), Shape(ours[i].GetProperty("stats")));
        }
    }

    [Fact]
    public void Format_SameSituationAsKeepalived_SameValuesExceptTimes()
    {
        var theirs = Parse(StatusSamples.Fixture("keepalived.json"));
        var ours = Parse(JsonDump.Format(StatusSamples.FixtureStatus()));
        for (int i = 0; i < theirs.GetArrayLength(); i++)
        {
            foreach (var p in theirs[i].GetProperty("data").EnumerateObject())
            {
                if (p.Name == "last_transition") continue;
                Assert.True(p.Value.ToString() == ours[i].GetProperty("data").GetProperty(p.Name).ToString(), $"{p.Name}: keepalived {p.Value}, ours {ours[i].GetProperty("data").GetProperty(p.Name)}");
            }
        }
    }

    [Fact]
    public void Format_Always_EscapesSlashLikeKeepalivedAndEndsWithNewline()
    {
        var text = JsonDump.Format(StatusSamples.FixtureStatus());
        Assert.Contains("\"10.9.0.100\\/24 dev eth0 scope global set\"", text, StringComparison.Ordinal);
        Assert.EndsWith("}]\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ExporterFields_DecodeToTheSnapshot()
    {
        // mehdy/keepalived-exporter decodes data.{iname,state,wantstate,ifp_ifname,garp_delay,vrid,vips,evips} and stats.*.
        var ours = Parse(JsonDump.Format(StatusSamples.FixtureStatus(StatusSamples.Counters(7, 9, 1))));
        var d = ours[0].GetProperty("data");
        Assert.Equal("VI_1", d.GetProperty("iname").GetString());
        Assert.Equal(2, d.GetProperty("state").GetInt32());
        Assert.Equal(2, d.GetProperty("wantstate").GetInt32());
        Assert.Equal("eth0", d.GetProperty("ifp_ifname").GetString());
        Assert.Equal(5, d.GetProperty("garp_delay").GetInt32());
        Assert.Equal(51, d.GetProperty("vrid").GetInt32());
        Assert.Equal(7, ours[0].GetProperty("stats").GetProperty("advert_rcvd").GetInt32());
        Assert.Equal(9, ours[0].GetProperty("stats").GetProperty("advert_sent").GetInt32());
        Assert.Equal(90, ours[1].GetProperty("data").GetProperty("base_priority").GetInt32());
    }

    [Fact]
    public void Writer_ControlAndBackslash_ProducesValidJson()
    {
        var w = new KeepalivedJsonWriter();
        w.StartObject();
        w.Field("s", "a\\b\u0001c/\"");
        w.EndObject();
        Assert.Equal("a\\b\u0001c/\"", Parse(w.ToString()).GetProperty("s").GetString());
    }
}
