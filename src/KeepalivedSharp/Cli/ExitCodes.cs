namespace KeepalivedSharp.Cli;

/// <summary>Exit codes, keepalived's where it has one (lib/scheduler.h).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Fatal = 1;
    /// <summary>Daemon refused to start on a bad config (KEEPALIVED_EXIT_CONFIG).</summary>
    public const int Config = 2;
    /// <summary>-t: the file is missing (KEEPALIVED_CHK_EXIT_CONFIG).</summary>
    public const int ConfigTestFatal = 4;
    /// <summary>-t: the config has errors (KEEPALIVED_CHK_EXIT_CONFIG_TEST).</summary>
    public const int ConfigTestErrors = 5;
    /// <summary>-t: only script-security violations (KEEPALIVED_CHK_EXIT_CONFIG_TEST_SECURITY).</summary>
    public const int ConfigTestSecurity = 6;
    /// <summary>Bad command line or scenario.</summary>
    public const int Usage = 64;
}
