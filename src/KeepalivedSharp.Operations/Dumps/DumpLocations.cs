using KeepalivedSharp.Config;

namespace KeepalivedSharp.Operations.Dumps;

/// <summary>
/// Where the dumps go, as keepalived 2.2.7 puts them: in <c>$TMPDIR</c> when it is an absolute path,
/// else <c>/tmp</c> (KA_TMP_DIR); <c>keepalived.data</c> (USR1), <c>keepalived.stats</c> (USR2 and
/// stats-clear), <c>keepalived.json</c> (JSON signal). With <c>data_use_instance</c> and an
/// <c>instance</c> or <c>net_namespace</c>, the data file is <c>keepalived.NS_INSTANCE.data</c>
/// (global_data.c open_dump_file). Later keepalived versions' <c>state_dump_file</c>,
/// <c>stats_dump_file</c> and <c>json_dump_file</c> keywords are honoured when present. The checkers' USR1 dump is
/// <c>keepalived_check.data</c> beside it (check_print.c check_print_data), <c>keepalived_check.NS_INSTANCE.data</c> likewise.
/// </summary>
public sealed record DumpLocations(string DataFile, string StatsFile, string JsonFile)
{
    /// <summary>keepalived_check.data; set by <see cref="For(KeepalivedConfig, string?)"/>, else beside <see cref="DataFile"/>.</summary>
    public string CheckDataFile { get; init; } = Path.Combine(Path.GetDirectoryName(DataFile) ?? DefaultTmpDir, "keepalived_check.data");

    public const string DefaultTmpDir = "/tmp";

    /// <summary>keepalived's set_tmp_dir(): TMPDIR if absolute, else /tmp.</summary>
    public static string TmpDir(string? tmpdirVariable)
        => tmpdirVariable is { Length: > 0 } t && t[0] == '/' ? t.TrimEnd('/') is { Length: > 0 } d ? d : "/" : DefaultTmpDir;

    public static DumpLocations For(KeepalivedConfig config) => For(config, Environment.GetEnvironmentVariable("TMPDIR"));

    public static DumpLocations For(KeepalivedConfig config, string? tmpdirVariable)
    {
        var tmp = TmpDir(tmpdirVariable);
        var instance = TopLevel(config, "instance");
        var ns = TopLevel(config, "net_namespace");
        // global_data.c open_dump_file: NAME.NS_INSTANCE.data with data_use_instance.
        var suffix = config.Global.DataUseInstance && (instance is not null || ns is not null)
            ? $".{ns}{(ns is not null && instance is not null ? "_" : "")}{instance}"
            : "";
        return new DumpLocations(
            Override(config, "state_dump_file", tmp) ?? Path.Combine(tmp, $"keepalived{suffix}.data"),
            Override(config, "stats_dump_file", tmp) ?? Path.Combine(tmp, "keepalived.stats"),
            Override(config, "json_dump_file", tmp) ?? Path.Combine(tmp, "keepalived.json"))
        {
            CheckDataFile = Path.Combine(tmp, $"keepalived_check{suffix}.data"),
        };
    }

    private static string? TopLevel(KeepalivedConfig config, string keyword)
        => config.OtherSettings.FirstOrDefault(s => s.Keyword == keyword) is { Arguments.Length: > 0 } s ? s.Arguments[0] : null;

    private static string? Override(KeepalivedConfig config, string keyword, string tmp)
        => config.Global.OtherSettings.FirstOrDefault(s => s.Keyword == keyword) is { Arguments.Length: > 0 } s
            ? s.Arguments[0].StartsWith('/') ? s.Arguments[0] : Path.Combine(tmp, s.Arguments[0])
            : null;
}
