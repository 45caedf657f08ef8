using CsCheck;

namespace KeepalivedSharp.Config.Tests;

/// <summary>Whatever the input, loading returns diagnostics (or a model), never an exception or a hang.</summary>
public class ConfigLoaderPropertyTests
{
    private static readonly string[] Words =
    [
        "{", "}", "vrrp_instance", "VI_1", "global_defs", "vrrp_script", "vrrp_sync_group", "group", "interface", "eth0",
        "virtual_router_id", "priority", "255", "0", "-1", "advert_int", "0.5", "virtual_ipaddress", "10.0.0.1/24", "fd00::1/64",
        "dev", "track_script", "weight", "reverse", "authentication", "auth_type", "AH", "PASS", "auth_pass", "state", "MASTER",
        "include", "*.conf", "$X=", "$X", "${X}", "@node1", "@^node1", "~SEQ(i,1,3)", "~SEQx(i,", "~LST({a,b},{1,2})", "\"", "#", "!",
        "\\", "virtual_server", "real_server", "HTTP_GET", "static_routes", "via", "no_track", "unicast_peer", "\n", "\n", "\n",
    ];

    private static ConfigResult Load(string text)
        => ConfigLoader.LoadText(text, "/nonexistent-dir/fuzz.conf", new ConfigOptions { ConfigId = "node1", InterfaceExists = _ => true });

    private static void AssertSane(ConfigResult r)
    {
        Assert.Equal(r.HasErrors, r.Config is null);
        Assert.All(r.Diagnostics, d => Assert.False(string.IsNullOrEmpty(d.Message)));
    }

    [Fact]
    public void LoadText_RandomStrings_OnlyDiagnostics()
        => Gen.String.Sample(s => AssertSane(Load(s)), iter: 2000);

    [Fact]
    public void LoadText_RandomBytes_OnlyDiagnostics()
        => Gen.Byte.Array[0, 400].Sample(b => AssertSane(Load(System.Text.Encoding.Latin1.GetString(b))), iter: 2000);

    /// <summary>Found by the token soup below (CsCheck seed eoiCghdW0901): a '{' right after a block of items closed.</summary>
    [Fact]
    public void LoadText_BraceAfterClosedItemsBlock_OnlyDiagnostics()
        => AssertSane(Load("vrrp_instance VI_1 {\n virtual_ipaddress {\n 10.0.0.1\n }\n {\n }\n}\n"));

    [Fact]
    public void LoadText_RandomTokenSoup_OnlyDiagnostics()
        => Gen.Int[0, Words.Length - 1].Array[0, 80].Sample(ws => AssertSane(Load(string.Join(' ', ws.Select(i => Words[i])))), iter: 3000);

    [Fact]
    public void LoadText_ValidInstanceWithRandomPriority_BindsOrReportsRange()
        => Gen.Int[-1000, 1000].Sample(p =>
        {
            var r = ConfText.Load(ConfText.Instance().Replace("priority 100", $"priority {p}", StringComparison.Ordinal));
            if (p is >= 1 and <= 255) Assert.Equal(p, r.Config!.Instances[0].Priority);
            else ConfText.AssertError(r, 5, "'priority' value");
        }, iter: 500);
}
