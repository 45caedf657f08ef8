namespace KeepalivedSharp.Config.Tests.Preprocessing;

/// <summary>Includes, parameters, conditionals and loops, each checked through the loaded model and its locations.</summary>
public sealed class PreprocessorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ks-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static ConfigResult Load(string path, string id = "node1")
        => ConfigLoader.Load(path, new ConfigOptions { ConfigId = id });

    [Fact]
    public void Load_IncludeGlob_ReadsMatchesInSortedOrderWithTheirOwnLocations()
    {
        Write("conf.d/b.conf", ConfText.Instance(name: "VI_B").Replace("virtual_router_id 51", "virtual_router_id 2", StringComparison.Ordinal));
        Write("conf.d/a.conf", "\n" + ConfText.Instance(name: "VI_A"));
        Write("conf.d/skip.txt", "garbage");
        var main = Write("keepalived.conf", "global_defs { router_id r }\ninclude conf.d/*.conf\n");
        var r = Load(main);
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        Assert.Equal(["VI_A", "VI_B"], r.Config!.Instances.Select(i => i.Name).ToArray());
        Assert.Equal(new SourceLocation(Path.Combine(_dir, "conf.d/a.conf"), 2), r.Config.Instances[0].Location);
    }

    [Fact]
    public void Load_IncludeThatIsNotRegularNonExecutable_SkippedWithKeepalivedsWarningAtTheIncludeLine()
    {
        Write("conf.d/a.conf", ConfText.Instance(name: "VI_A"));
        var odd = Write("conf.d/odd.conf", "this would be an error if it were read\n");
        var main = Write("keepalived.conf", "global_defs { router_id r }\ninclude conf.d/*.conf\n");
        var r = ConfigLoader.Load(main, new ConfigOptions { ConfigId = "node1", IsRegularNonExecutable = p => p != odd });
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        Assert.Equal(["VI_A"], r.Config!.Instances.Select(i => i.Name).ToArray());
        var w = Assert.Single(r.Warnings);
        Assert.Equal(new SourceLocation(main, 2), w.Location);
        Assert.Equal($"Configuration file '{odd}' is not a regular non-executable file - skipping", w.Message);
    }

    [Fact]
    public void Load_MainFileNotRegularNonExecutable_ErrorAndNoConfig()
    {
        // Stricter than keepalived, which skips it and runs with no configuration at all.
        var main = Write("keepalived.conf", "global_defs { router_id r }\n");
        var r = ConfigLoader.Load(main, new ConfigOptions { IsRegularNonExecutable = _ => false });
        Assert.Null(r.Config);
        var e = Assert.Single(r.Errors);
        Assert.Equal(new SourceLocation(main, 0), e.Location);
        Assert.Contains("is not a regular non-executable file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IncludeRelative_ResolvesAgainstIncludingFilesDirectory()
    {
        Write("sub/inner/last.conf", "global_defs { router_id deep }\n");
        Write("sub/mid.conf", "include inner/last.conf\n");
        var main = Write("keepalived.conf", "include sub/mid.conf\n");
        var r = Load(main);
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        Assert.Equal("deep", r.Config!.Global.RouterId);
    }

    [Fact]
    public void Load_IncludeBraceAlternatives_ExpandsLikeGlobBrace()
    {
        Write("x.conf", "global_defs { router_id x }\n");
        Write("y.conf", "global_defs { smtp_helo_name y }\n");
        var r = Load(Write("keepalived.conf", "include {x,y}.conf\n"));
        Assert.Equal(("x", "y"), (r.Config!.Global.RouterId, r.Config.Global.SmtpHeloName));
    }

    [Fact]
    public void Load_MissingInclude_WarningAtIncludeLine()
    {
        var main = Write("keepalived.conf", "\ninclude nothere.conf\n");
        var r = Load(main);
        Assert.False(r.HasErrors);
        Assert.Equal($"{main}:2: warning: include file 'nothere.conf' not found", ConfText.Single(r).ToString());
    }

    [Fact]
    public void Load_RecursiveInclude_ErrorAtIncludeLine()
    {
        Write("a.conf", "include b.conf\n");
        Write("b.conf", "\ninclude a.conf\n");
        var main = Write("keepalived.conf", "include a.conf\n");
        var r = Load(main);
        Assert.True(r.HasErrors);
        var d = Assert.Single(r.Errors);
        Assert.Equal(new SourceLocation(Path.Combine(_dir, "b.conf"), 2), d.Location);
        Assert.StartsWith("recursive include of ", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RelativeMainFile_IncludedFilesShownJoinedFromItsDirectory()
    {
        Write("conf/sub/a.conf", "global_defs {\n  routr_id x\n}\ninclude ../b.conf\n");
        Write("conf/b.conf", "global_defs {\n  smtp_srver y\n}\n");
        var main = Write("conf/keepalived.conf", "include sub/a.conf\nbogus\n");
        var given = Path.GetRelativePath(Environment.CurrentDirectory, main);
        var shownDir = Path.GetDirectoryName(given)!;
        var r = Load(given);
        Assert.Equal(
            [new SourceLocation(Path.Combine(shownDir, "sub/a.conf"), 2), new SourceLocation(Path.Combine(shownDir, "b.conf"), 2), new SourceLocation(given, 2)],
            r.Errors.Select(d => d.Location).ToArray());
        Assert.All(r.Errors, d => Assert.False(Path.IsPathRooted(d.Location.File), d.ToString()));
    }

    [Fact]
    public void Load_AbsoluteIncludeFromRelativeMainFile_ShownAbsolute()
    {
        var inc = Write("abs/a.conf", "global_defs {\n  routr_id x\n}\n");
        var main = Write("keepalived.conf", $"include {inc}\n");
        var r = Load(Path.GetRelativePath(Environment.CurrentDirectory, main));
        Assert.Equal(new SourceLocation(inc, 2), Assert.Single(r.Errors).Location);
    }

    [Fact]
    public void Load_ErrorInIncludedFile_PointsAtThatFile()
    {
        var inc = Write("inc.conf", "global_defs {\n  routr_id x\n}\n");
        var r = Load(Write("keepalived.conf", "include inc.conf\n"));
        var d = Assert.Single(r.Errors);
        Assert.Equal(new SourceLocation(inc, 2), d.Location);
        Assert.Equal("unknown keyword 'routr_id' in global_defs; did you mean 'router_id'?", d.Message);
    }

    [Fact]
    public void LoadText_Parameters_DollarAndBracedForms()
    {
        var r = ConfText.Load("$IF=eth1\n$VRID=42\nvrrp_instance V {\n interface $IF\n virtual_router_id ${VRID}\n virtual_ipaddress { 10.0.0.1 }\n}");
        var i = Assert.Single(r.Config!.Instances);
        Assert.Equal(("eth1", 42), (i.Interface, i.VirtualRouterId));
    }

    [Fact]
    public void LoadText_MultiLineParameter_ExpandsToLinesAtUseSite()
    {
        var r = ConfText.Load("$BODY=interface eth0 \\\n virtual_router_id 9 \\\n virtual_ipaddress { 10.0.0.9 }\n\nvrrp_instance V {\n $BODY\n}\n");
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        var i = Assert.Single(r.Config!.Instances);
        Assert.Equal((9, "10.0.0.9"), (i.VirtualRouterId, i.VirtualAddresses[0].Address.ToString()));
    }

    [Fact]
    public void LoadText_ErrorInParameterValue_PointsAtUseLine()
    {
        var r = ConfText.Load("$P=priority 999\n\nvrrp_instance V {\n interface eth0\n virtual_router_id 1\n $P\n}");
        ConfText.AssertError(r, 6, "'priority' value 999 is out of range (1..255)");
    }

    [Fact]
    public void LoadText_SelfReferentialParameter_ErrorNotHang()
    {
        ConfText.AssertError(ConfText.Load("$A=$A x\n$A\n"), 2, "parameter substitution does not terminate");
    }

    [Theory]
    [InlineData("node1", "r1")]
    [InlineData("node2", "r2")]
    public void LoadText_ConditionalLines_FollowConfigId(string id, string routerId)
    {
        var r = ConfText.Load("global_defs {\n@node1 router_id r1\n@^node1 router_id r2\n}", id);
        Assert.Equal(routerId, r.Config!.Global.RouterId);
    }

    [Fact]
    public void LoadText_IndentedPreprocessorLines_HandledAsUnindented()
    {
        var r = ConfText.Load(
            "\t$IF=eth1\nglobal_defs {\n    @node1 router_id r1\n  \t@^node1 router_id r2\n}\nvrrp_instance V {\n    interface $IF\n" +
            "    virtual_router_id 7\n    virtual_ipaddress {\n      ~SEQ(n, 1, 2) 10.0.0.${n}\n    }\n}\n");
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        var i = Assert.Single(r.Config!.Instances);
        Assert.Equal(("r1", "eth1"), (r.Config.Global.RouterId, i.Interface));
        Assert.Equal(["10.0.0.1", "10.0.0.2"], i.VirtualAddresses.Select(v => v.Address.ToString()).ToArray());
    }

    [Fact]
    public void LoadText_InstanceBuiltin_IsConfigId()
    {
        Assert.Equal("nodeX", ConfText.Load("global_defs { router_id $_INSTANCE }", "nodeX").Config!.Global.RouterId);
    }

    [Fact]
    public void LoadText_Seq_RepeatsLineWithVariable()
    {
        var r = ConfText.Load(ConfText.Instance("virtual_ipaddress_excluded {\n~SEQ(n, 2, 2, 8) 10.1.0.${n}/32\n }"));
        var e = r.Config!.Instances[0].ExcludedAddresses;
        Assert.Equal(["10.1.0.2", "10.1.0.4", "10.1.0.6", "10.1.0.8"], e.Select(a => a.Address.ToString()).ToArray());
        Assert.All(e, a => Assert.Equal(8, a.Location.Line));
    }

    [Theory]
    [InlineData("~SEQ(i, 3)", "1 2 3")]
    [InlineData("~SEQ(i, 5, 3)", "5 4 3")]
    [InlineData("~SEQx(i, 9, 11)", "9 a b")]
    public void LoadText_SeqShortForms_AsKeepalived(string seq, string expected)
    {
        var r = ConfText.Load($"global_defs {{\n notification_email {{\n{seq} m$i\n }}\n}}");
        Assert.Equal(expected.Split(' ').Select(v => "m" + v).ToArray(), r.Config!.Global.NotificationEmails.ToArray());
    }

    [Fact]
    public void LoadText_SeqOverMultiLineParameter_ExpandsWholeBlocks()
    {
        var r = ConfText.Load("""
            $INST=vrrp_instance VI_${v} { \
                interface eth0 \
                virtual_router_id ${v} \
                virtual_ipaddress { 10.0.0.${v} } \
            }

            ~SEQ(v, 1, 3) $INST
            """);
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        Assert.Equal([1, 2, 3], r.Config!.Instances.Select(i => i.VirtualRouterId).ToArray());
        Assert.Equal("VI_3", r.Config.Instances[2].Name);
    }

    [Fact]
    public void LoadText_Lst_RepeatsWithValueSets()
    {
        var r = ConfText.Load("global_defs {\n notification_email {\n~LST({u,d}, {a,x.org}, {b,y.org}) ${u}@${d}\n }\n}");
        Assert.Equal(["a@x.org", "b@y.org"], r.Config!.Global.NotificationEmails.ToArray());
    }

    [Fact]
    public void LoadText_InvalidSeq_Error()
    {
        ConfText.AssertError(ConfText.Load("~SEQ(i, 1, -1, 5) x\n"), 1, "Invalid ~SEQ values");
    }

    [Fact]
    public void LoadText_CommentsQuotesAndEscapes_AsKeepalived()
    {
        var r = ConfText.Load("# comment\n! another\nglobal_defs { # trailing\n router_id \"a # b\" ! c\n smtp_helo_name x\\#y\n}");
        Assert.False(r.HasErrors, string.Join("\n", r.Diagnostics));
        Assert.Equal(("a # b", "x#y"), (r.Config!.Global.RouterId, r.Config.Global.SmtpHeloName));
    }

    [Fact]
    public void LoadText_UnterminatedQuote_Error()
    {
        ConfText.AssertError(ConfText.Load("global_defs {\n router_id \"abc\n}"), 2, "unterminated quote");
    }
}
