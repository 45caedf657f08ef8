using System.Text;

namespace KeepalivedSharp.Config.Tests.Diagnostics;

/// <summary>Diagnostics come out in file order while the file is still being read, and a load keeps a bounded number.</summary>
public class StreamingTests
{
    /// <summary>One file, read through a stream that tells how far it has been read.</summary>
    private sealed class OneFile(string path, byte[] content) : IConfigFileSystem
    {
        public MemoryStream? Opened { get; private set; }

        public byte[]? ReadAllBytes(string p) => p == path ? content : null;

        public Stream? OpenRead(string p) => p == path ? Opened = new MemoryStream(content, writable: false) : null;

        public IReadOnlyList<string> Glob(string absolutePattern) => [];
    }

    private static byte[] UnknownLines(int count)
        => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, count).Select(i => $"unknown_keyword_{i} some value\n")));

    [Fact]
    public void Load_HugeFileOfUnknownKeywords_FirstDiagnosticBeforeMostOfTheFileIsRead()
    {
        var content = UnknownLines(100_000); // ~3 MB
        var files = new OneFile("/etc/keepalived/big.conf", content);
        long? readWhenFirst = null;
        var seen = new List<Diagnostic>();
        var r = ConfigLoader.Load("/etc/keepalived/big.conf", new ConfigOptions { ConfigId = "n", FileSystem = files }, d =>
        {
            readWhenFirst ??= files.Opened!.Position;
            seen.Add(d);
        });

        Assert.NotNull(readWhenFirst);
        Assert.True(readWhenFirst < content.Length / 10, $"first diagnostic after {readWhenFirst} of {content.Length} bytes");
        Assert.Equal(r.Diagnostics, seen);
        Assert.Equal(Enumerable.Range(1, seen.Count), seen.Select(d => d.Location.Line));
        Assert.Equal(100_000, r.ErrorCount);
    }

    [Fact]
    public void Load_ErrorsPastTheLimit_StillRefusedAsAWhole()
    {
        // A valid instance, then more unknown keywords than are kept: the model is refused all the same (a reload with it changes nothing).
        var text = ConfText.Instance() + "\n" + string.Concat(Enumerable.Range(0, 1500).Select(i => $"junk_{i}\n"));
        var r = ConfigLoader.LoadText(text, ConfText.File, new ConfigOptions { ConfigId = "n", InterfaceExists = _ => true, MaxDiagnostics = 100 });

        Assert.True(r.HasErrors);
        Assert.Null(r.Config);
        Assert.Equal(1500, r.ErrorCount);
        Assert.Equal(100, r.Diagnostics.Length);
        Assert.Equal(1400, r.NotShown);
        Assert.Equal(Enumerable.Range(9, 100), r.Diagnostics.Select(d => d.Location.Line));
    }

    [Fact]
    public void Load_CrossCheckBeforeLaterErrors_StillInFileOrder()
    {
        // Line 7's track_script is checked only at the end (the script could be defined later); line 10 is found first.
        var text = ConfText.Instance("    track_script {\n        chk_missing\n    }") + "\nbogus_top 1\n";
        var seen = new List<Diagnostic>();
        var r = ConfigLoader.LoadText(text, ConfText.File, new ConfigOptions { ConfigId = "n", InterfaceExists = _ => true }, seen.Add);

        Assert.Equal(2, r.ErrorCount);
        Assert.Collection(seen,
            d => Assert.Contains("track_script 'chk_missing' is not defined", d.Message, StringComparison.Ordinal),
            d => Assert.StartsWith("unknown keyword 'bogus_top' at top level", d.Message, StringComparison.Ordinal));
        Assert.True(seen[0].Location.Line < seen[1].Location.Line);
    }

    [Fact]
    public void Load_OneHugeLine_OneErrorNothingKept()
    {
        var line = string.Concat(Enumerable.Range(0, 100_000).Select(i => $"unknown_{i} "));
        var r = ConfText.Load(line);
        var d = ConfText.Single(r);
        Assert.Equal("line longer than 65536 characters", d.Message);
        Assert.Equal(1, d.Location.Line);
    }

    [Fact]
    public void Load_UnknownBlocksNestedDeeply_OnlyTheOutermostReported()
    {
        var nested = string.Concat(Enumerable.Range(0, 40).Select(i => $"level_{i} {{\n")) + "key value\n" + new string('}', 40).Replace("}", "}\n", StringComparison.Ordinal);
        var r = ConfText.Load("global_defs {\n    routr_id x\n    " + nested + "}\nvrrp_instanse VI_1 {\n" + nested + "}\n");
        Assert.Collection(r.Diagnostics,
            d => Assert.Equal("unknown keyword 'routr_id' in global_defs; did you mean 'router_id'?", d.Message),
            d => Assert.Equal("unknown keyword 'level_0' in global_defs", d.Message),
            d => Assert.Equal("unknown keyword 'vrrp_instanse' at top level; did you mean 'vrrp_instance'?", d.Message));
    }
}
