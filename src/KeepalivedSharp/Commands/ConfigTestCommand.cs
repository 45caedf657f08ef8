using KeepalivedSharp.Cli;
using KeepalivedSharp.Config;

namespace KeepalivedSharp.Commands;

/// <summary>
/// <c>-t</c>: every problem as <c>file:line: error|warning: message</c>, in file order, then exit
/// 0 (valid), 4 (file missing), 5 (errors) or 6 (only security violations), keepalived's config-test exit codes.
/// </summary>
public static class ConfigTestCommand
{
    public static int Run(DaemonOptions options, TextWriter stderr)
    {
        if (!File.Exists(options.ConfigFile))
        {
            stderr.WriteLine($"{options.ConfigFile}:0: error: configuration file not found");
            return ExitCodes.ConfigTestFatal;
        }
        var result = ConfigLoading.Load(options);
        TextWriter output = stderr;
        StreamWriter? log = null;
        if (!string.IsNullOrEmpty(options.ConfigTestLog))
        {
            log = new StreamWriter(options.ConfigTestLog, append: false);
            output = log;
        }
        try
        {
            foreach (var d in result.Diagnostics) output.WriteLine(d.ToString());
            int errors = result.Errors.Count();
            int warnings = result.Warnings.Count();
            int security = result.SecurityViolations.Count();
            if (errors > 0 || warnings > 0 || security > 0)
                output.WriteLine($"{options.ConfigFile}: {errors} error(s), {security} security violation(s), {warnings} warning(s)");
            return errors > 0 ? ExitCodes.ConfigTestErrors : security > 0 ? ExitCodes.ConfigTestSecurity : ExitCodes.Ok;
        }
        finally
        {
            log?.Dispose();
        }
    }
}
