using KeepalivedSharp.Config;

namespace KeepalivedSharp.Fuzz;

/// <summary>
/// keepalived.conf through the whole load (preprocessor, tree, binder, cross-checks). The input is the top file;
/// <c>include inc.conf</c> (or any glob in its directory) reads the input again, so include loops and repeated
/// expansion are reachable. Nothing touches the disk: files, interfaces and scripts are answered in memory.
/// </summary>
internal sealed class ConfigTarget : IFuzzTarget
{
    private const string Top = "/etc/keepalived/keepalived.conf";
    private const string Included = "/etc/keepalived/inc.conf";
    private static readonly string[] SeedDirectories = ["examples", "packaging", "tests"];

    // Not proportional to the input: include and ~SEQ may expand a few KB to the preprocessor's 1,000,000-line cap
    // (a 2.7 KB self-include under ~SEQ reaches it with 307 MB allocated in 0.9 s); the cap, not the input, bounds the work.
    public long AllocationBound(int inputLength) => 1024L * 1024 * 1024;

    public void Run(ReadOnlySpan<byte> input)
    {
        var files = new InputFiles(input.ToArray());
        var options = new ConfigOptions
        {
            ConfigId = "fuzz",
            FileSystem = files,
            InterfaceExists = name => name is "eth0" or "eth1" or "lo",
            ScriptExists = _ => true,
        };
        var seen = 0;
        var result = ConfigLoader.Load(Top, options, _ => seen++);
        // Never half a config: a model only without errors, and the bounded list is the first of what was streamed.
        WorkBound.Check((result.Config is null) == result.HasErrors, "a model was returned beside errors, or none without");
        WorkBound.Check(result.Diagnostics.Length <= options.MaxDiagnostics, $"{result.Diagnostics.Length} diagnostics kept (bound {options.MaxDiagnostics})");
        WorkBound.Check(seen == result.Diagnostics.Length, $"{seen} diagnostics streamed, {result.Diagnostics.Length} kept");
        WorkBound.Check(result.NotShown >= 0, $"NotShown {result.NotShown}");
        foreach (var d in result.Diagnostics)
            WorkBound.Check(d.Location.Line >= 0 && d.Message.Length > 0, $"malformed diagnostic '{d}'");
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds(string root)
    {
        var dirs = SeedDirectories.Select(d => Path.Combine(root, d)).Where(Directory.Exists);
        var files = dirs.SelectMany(d => Directory.EnumerateFiles(d, "*.conf*", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal));
        const string Samples = "/usr/share/doc/keepalived/samples"; // Debian's keepalived samples, when installed
        if (Directory.Exists(Samples)) files = files.Concat(Directory.EnumerateFiles(Samples, "keepalived.conf.*"));
        foreach (var f in files.Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(f);
            if (bytes.Length <= 64 * 1024) yield return ("file-" + Path.GetRelativePath(root, f).Replace('/', '_'), bytes);
        }
        foreach (var (name, text) in Snippets)
            yield return ("snippet-" + name, System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The preprocessor's constructs, which the sample files hardly use.</summary>
    private static readonly (string, string)[] Snippets =
    [
        ("macro", "$IF=eth0\n$VRID=51\nvrrp_instance VI_1 {\n interface $IF\n virtual_router_id ${VRID}\n priority 100\n virtual_ipaddress {\n  10.0.0.1/24\n }\n}\n"),
        ("multiline-macro", "$BLOCK= \\\n priority 100 \\\n advert_int 1\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n $BLOCK\n}\n"),
        ("seq", "~SEQ(ID,1,3) vrrp_instance VI_$ID {\n~SEQ(ID,1,3)  interface eth0\n~SEQ(ID,1,3)  virtual_router_id $ID\n~SEQ(ID,1,3) }\n"),
        ("conditional", "@fuzz global_defs {\n@fuzz  router_id fuzz\n@^fuzz  router_id other\n@fuzz }\n"),
        ("include", "include inc.conf\nglobal_defs {\n router_id a\n}\n"),
        ("glob-include", "include /etc/keepalived/*.conf\n"),
        ("script", "vrrp_script chk {\n script \"/bin/true\"\n interval 1\n weight -10\n fall 2\n rise 2\n}\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n track_script {\n  chk\n }\n}\n"),
        ("sync-group", "vrrp_sync_group G {\n group {\n  VI_1\n }\n notify_master /bin/true\n}\nvrrp_instance VI_1 {\n state MASTER\n interface eth0\n virtual_router_id 1\n unicast_peer {\n  10.0.0.2\n }\n}\n"),
    ];

    /// <summary>The input as both the top file and the included one.</summary>
    private sealed class InputFiles(byte[] input) : IConfigFileSystem
    {
        public byte[]? ReadAllBytes(string path) => path is Top or Included ? input : null;

        public IReadOnlyList<string> Glob(string absolutePattern)
            => absolutePattern is Top or Included ? [absolutePattern]
                : absolutePattern.StartsWith("/etc/keepalived/", StringComparison.Ordinal) && absolutePattern.IndexOfAny(['*', '?', '[']) >= 0
                    ? [Included, Top] : [];
    }
}
