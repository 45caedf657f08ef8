using System.CommandLine;
using System.Reflection;
using KeepalivedSharp.Commands;

namespace KeepalivedSharp.Cli;

/// <summary>keepalived's flags (through System.CommandLine) plus keepalived-sharp's subcommands.</summary>
public static class CommandLine
{
    public static RootCommand Build()
    {
        var useFile = new Option<string>("--use-file", "-f")
        {
            Description = "Use the specified configuration file",
            DefaultValueFactory = _ => DaemonOptions.DefaultConfigFile,
            HelpName = "FILE",
        };
        var dontFork = new Option<bool>("--dont-fork", "-n") { Description = "Don't fork the daemon process (keepalived-sharp never forks)" };
        var logConsole = new Option<bool>("--log-console", "-l") { Description = "Log messages to the local console" };
        var logDetail = new Option<bool>("--log-detail", "-D") { Description = "Detailed log messages" };
        var logFacility = new Option<int?>("--log-facility", "-S") { Description = "0-7 Set syslog facility to LOG_LOCAL[0-7]", HelpName = "0-7" };
        logFacility.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } v && v is < 0 or > 7) r.AddError("--log-facility must be 0..7");
        });
        var configTest = new Option<string?>("--config-test", "-t")
        {
            Description = "Check the configuration for errors, print file:line: diagnostics and exit",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "LOG_FILE",
        };
        var pid = new Option<string?>("--pid", "-p") { Description = "Use specified pidfile for parent process", HelpName = "FILE" };
        var vrrpPid = new Option<string?>("--vrrp_pid", "-r") { Description = "Use specified pidfile for VRRP child process", HelpName = "FILE" };
        var checkersPid = new Option<string?>("--checkers_pid", "-c") { Description = "Use specified pidfile for checkers child process", HelpName = "FILE" };
        var configId = new Option<string?>("--config-id", "-i") { Description = "Skip any configuration lines beginning '@' that don't match id", HelpName = "ID" };
        var vrrp = new Option<bool>("--vrrp", "-P") { Description = "Only run with VRRP subsystem" };
        var check = new Option<bool>("--check", "-C") { Description = "Only run with Health-checker subsystem" };
        var version = new Option<bool>("--version", "-v") { Description = "Display the version number" };
        var metrics = new Option<string?>("--metrics") { Description = "Serve Prometheus metrics on ADDRESS:PORT (opt-in; e.g. 127.0.0.1:9650)", HelpName = "ADDRESS:PORT" };
        var lbBackend = new Option<string>("--lb-backend")
        {
            Description = "Load balancer the checkers program: auto (IPVS if the kernel has it, else nftables), nftables, ipvs, none",
            DefaultValueFactory = _ => Host.LoadBalancer.LoadBalancerBackends.Auto,
            HelpName = "BACKEND",
        };
        lbBackend.AcceptOnlyFromAmong(Host.LoadBalancer.LoadBalancerBackends.Names);
        var umask = new Option<string?>("--umask", "-u") { Description = "Set the umask: octal (0nnn), hex (0xnnn) or decimal; overrides the config's umask", HelpName = "MASK" };
        umask.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } v && !Config.UmaskValue.TryParse(v, out _)) r.AddError($"Invalid --umask option {v}");
        });
        var dontRelease = new Option<bool>("--dont-release-ipvs", "-I") { Description = "Don't remove IPVS topology on daemon stop" };
        var control = new Option<string?>("--control-socket") { Description = "Control socket for status/reload (default /run/keepalived-sharp/control.sock)", HelpName = "PATH" };

        var root = new RootCommand("keepalived-sharp: keepalived's VRRP daemon, rebuilt in C#. With no subcommand it runs the daemon.");
        root.Options.Remove(root.Options.First(o => o is VersionOption));
        foreach (var o in new Option[] { useFile, dontFork, logConsole, logDetail, logFacility, configTest, pid, vrrpPid, checkersPid, configId, vrrp, check, version, metrics, lbBackend, control, umask, dontRelease })
            root.Options.Add(o);

        root.SetAction((parse, ct) =>
        {
            if (parse.GetValue(version))
            {
                Console.Out.WriteLine(VersionText());
                return Task.FromResult(ExitCodes.Ok);
            }
            var options = new DaemonOptions
            {
                ConfigFile = parse.GetValue(useFile) ?? DaemonOptions.DefaultConfigFile,
                DontFork = parse.GetValue(dontFork),
                LogConsole = parse.GetValue(logConsole),
                LogDetail = parse.GetValue(logDetail),
                LogFacility = parse.GetValue(logFacility),
                ConfigTest = parse.GetResult(configTest) is not null,
                ConfigTestLog = parse.GetValue(configTest),
                PidFile = parse.GetValue(pid),
                VrrpPidFile = parse.GetValue(vrrpPid),
                CheckersPidFile = parse.GetValue(checkersPid),
                ConfigId = parse.GetValue(configId),
                VrrpOnly = parse.GetValue(vrrp),
                CheckOnly = parse.GetValue(check),
                MetricsEndpoint = parse.GetValue(metrics),
                ControlSocket = parse.GetValue(control),
                Umask = parse.GetValue(umask) is { } u && Config.UmaskValue.TryParse(u, out var mask) ? mask : null,
                DontReleaseIpvs = parse.GetValue(dontRelease),
                LbBackend = parse.GetValue(lbBackend) ?? Host.LoadBalancer.LoadBalancerBackends.Auto,
            };
            if (options.ConfigTest) return Task.FromResult(ConfigTestCommand.Run(options, Console.Error));
            return DaemonCommand.RunAsync(options, ct);
        });

        root.Subcommands.Add(SimulateCommand.Build());
        root.Subcommands.Add(GenhashCommand.Build());
        root.Subcommands.Add(Lab.LabCommand.Build());
        foreach (var c in Operations.OperationsCommands.Build()) root.Subcommands.Add(c);
        root.Subcommands.Add(CompletionCommand.Build(root));
        return root;
    }

    /// <summary>keepalived's main.c: <c>-T</c>/<c>--genhash</c> as the first argument runs genhash with the rest (its own options).</summary>
    public static string[] Rewrite(string[] args)
        => args is ["-T" or "--genhash", .. var rest] ? ["genhash", .. rest] : args;

    public static string VersionText()
    {
        var asm = typeof(CommandLine).Assembly;
        var info = asm.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return $"keepalived-sharp {info}";
    }
}
