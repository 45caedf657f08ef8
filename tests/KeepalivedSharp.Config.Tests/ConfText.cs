namespace KeepalivedSharp.Config.Tests;

/// <summary>Loads configuration text as /etc/keepalived/test.conf with a fixed config id and interfaces eth0/eth1.</summary>
internal static class ConfText
{
    public const string File = "/etc/keepalived/test.conf";

    public static ConfigResult Load(string text, string id = "node1", Func<string, bool>? interfaces = null)
        => ConfigLoader.LoadText(text, File, new ConfigOptions { ConfigId = id, InterfaceExists = interfaces ?? (n => n is "eth0" or "eth1") });

    /// <summary>A valid minimal instance body to build on.</summary>
    public static string Instance(string body = "", string name = "VI_1") => $$"""
        vrrp_instance {{name}} {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority 100
            virtual_ipaddress { 10.0.0.1/24 }
        {{body}}
        }
        """;

    /// <summary>The single diagnostic of a result, asserting there is exactly one.</summary>
    public static Diagnostic Single(ConfigResult r) => Assert.Single(r.Diagnostics);

    public static void AssertError(ConfigResult r, int line, string messageStart)
    {
        Assert.True(r.HasErrors, "expected errors, got: " + string.Join("\n", r.Diagnostics));
        Assert.Null(r.Config);
        Assert.Contains(r.Diagnostics, d => d.Severity == Severity.Error && d.Location == new SourceLocation(File, line) && d.Message.StartsWith(messageStart, StringComparison.Ordinal));
    }
}
