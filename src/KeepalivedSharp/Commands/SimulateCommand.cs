using System.CommandLine;
using KeepalivedSharp.Cli;
using KeepalivedSharp.Simulation.Scenarios;

namespace KeepalivedSharp.Commands;

/// <summary><c>keepalived-sharp simulate SCENARIO [--json]</c>: a cluster in virtual time, from real configs.</summary>
public static class SimulateCommand
{
    public static Command Build()
    {
        var scenario = new Argument<string>("scenario") { Description = "The scenario file (node/link/at/run directives)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per line" };
        var cmd = new Command("simulate", "Run a cluster of keepalived.conf files in virtual time: no root, no network, deterministic")
        {
            scenario,
            json,
        };
        cmd.SetAction(parse => Run(parse.GetValue(scenario)!, parse.GetValue(json), Console.Out, Console.Error));
        return cmd;
    }

    public static int Run(string path, bool json, TextWriter stdout, TextWriter stderr)
    {
        var (parsed, errors) = ScenarioParser.ParseFile(path);
        if (parsed is null)
        {
            foreach (var e in errors) stderr.WriteLine(e.ToString());
            return ExitCodes.Usage;
        }
        var result = ScenarioRunner.Run(parsed);
        foreach (var d in result.Diagnostics) stderr.WriteLine(d.ToString());
        if (result.Diagnostics.Any(d => d.Severity == Config.Severity.Error)) return ExitCodes.Config;
        // OrderBy is stable: a state change comes before the announcements and notifies it causes.
        foreach (var (_, text, line) in result.Timeline()) stdout.WriteLine(json ? line : text);
        foreach (var h in result.FinalHolders) stdout.WriteLine(json ? h.ToJson() : h.ToText());
        return ExitCodes.Ok;
    }
}
