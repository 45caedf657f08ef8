using KeepalivedSharp.Cli;
using KeepalivedSharp.Config;

namespace KeepalivedSharp.Commands;

/// <summary>
/// <c>-t</c>: every problem as <c>file:line: error|warning: message</c>, in file order and printed as it is found,
/// then exit 0 (valid), 4 (file missing), 5 (errors, or fix-ups keepalived reports) or 6 (only security violations), keepalived's config-test exit
/// codes. Past <see cref="ConfigOptions.MaxDiagnostics"/> problems are counted, not printed (one line says so).
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
        TextWriter output = stderr;
        StreamWriter? log = null;
        if (!string.IsNullOrEmpty(options.ConfigTestLog))
        {
            log = new StreamWriter(options.ConfigTestLog, append: false);
            output = log;
        }
        try
        {
            var result = ConfigLoading.Load(options, d => output.WriteLine(d.ToString()));
            int errors = result.ErrorCount;
            int warnings = result.WarningCount;
            // Only for a config that loads: what this machine's load balancer will do differently from IPVS.
            if (result.Config is { } config && errors == 0)
            {
                foreach (var w in Host.LoadBalancer.LoadBalancerConfigTest.Warnings(config, options.LbBackend))
                {
                    output.WriteLine(w.ToString());
                    warnings++;
                }
            }
            int security = result.SecurityCount;
            if (result.NotShown > 0)
                output.WriteLine($"{options.ConfigFile}: ... {result.NotShown} more diagnostic(s) not shown (only the first {result.Diagnostics.Length} are)");
            if (errors > 0 || warnings > 0 || security > 0)
                output.WriteLine($"{options.ConfigFile}: {errors} error(s), {security} security violation(s), {warnings} warning(s)"
                    + (result.FixUpCount > 0 ? $" ({result.FixUpCount} of them fix-ups keepalived -t fails on)" : ""));
            return result.ConfigTestExitCode switch
            {
                5 => ExitCodes.ConfigTestErrors,
                6 => ExitCodes.ConfigTestSecurity,
                _ => ExitCodes.Ok,
            };
        }
        finally
        {
            log?.Dispose();
        }
    }
}
