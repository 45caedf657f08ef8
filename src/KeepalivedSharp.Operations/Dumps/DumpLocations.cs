using KeepalivedSharp.Config;

namespace KeepalivedSharp.Operations.Dumps;

/// <summary>
/// Where the dumps go, as keepalived 2.2.7 puts them: in <c>$TMPDIR</c> when it is an absolute path,
/// else <c>/tmp</c> (KA_TMP_DIR); <c>keepalived.data</c> (USR1), <c>keepalived.stats</c> (USR2 and
/// stats-clear), <c>keepalived.json</c> (JSON signal). With <c>data_use_instance</c> and an
/// <c>instance</c> or <c>net_namespace</c>, the data file is <c>keepalived.NS_INSTANCE.data</c>
/// (global_data.c open_dump_file). Later keepalived versions' <c>state_dump_file</c>,
/// <c>stats_dump_file</c> and <c>json_dump_file</c> keywords are honoured when present.
/// </summary>
public sealed record DumpLocations(string DataFile, string StatsFile, string JsonFile)
{
    public const string DefaultTmpDir = "/tmp";

    /// <summary>keepalived's set_tmp_dir(): TMPDIR if absolute, else /tmp.</summary>
    public static string TmpDir(string? tmpdirVariable)
        => tmpdirVariable is { Length: > 0 } t && t[0] == '/' ? t.TrimEnd('/') is { Length: > 0 } d ? d : "/" : DefaultTmpDir;

    public static DumpLocations For(KeepalivedConfig config) => For(config, Environment.GetEnvironmentVariable("TMPDIR"));

    public static DumpLocations For(KeepalivedConfig config, string? tmpdirVariable)
    {
        var tmp = TmpDir(tmpdirVariable);
        var data = Path.Combine(tmp, "keepalived.data");
        var instance = TopLevel(config, "instance");
        var ns = TopLevel(config, "net_namespace");
        if (config.Global.DataUseInstance && (instance is not null || ns is not null))
            data = Path.Combine(tmp, $"keepalived.{ns}{(ns is not null && instance is not null ? "_" : "")}{instance}.data");
        return new DumpLocations(
            Override(config, "state_dump_file", tmp) ?? data,
            Override(config, "stats_dump_file", tmp) ?? Path.Combine(tmp, "keepalived.stats"),
            Override(config, "json_dump_file", tmp) ?? Path.Combine(tmp, "keepalived.json"));
    }

    private static string? TopLevel(KeepalivedConfig config, string keyword)
        => config.OtherSettings.FirstOrDefault(s => s.Keyword == keyword) is { Arguments.Length: > 0 } s ? s.Arguments[0] : null;

    private static string? Override(KeepalivedConfig config, string keyword, string tmp)
        => config.Global.OtherSettings.FirstOrDefault(s => s.Keyword == keyword) is { Arguments.Length: > 0 } s
            ? s.Arguments[0].StartsWith('/') ? s.Arguments[0] : Path.Combine(tmp, s.Arguments[0])
            : null;
}
