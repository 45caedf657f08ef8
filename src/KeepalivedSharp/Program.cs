using KeepalivedSharp.Cli;

var parse = CommandLine.Build().Parse(CommandLine.Rewrite(args));
if (parse.Errors.Count > 0)
{
    // A bad command line is a usage error (EX_USAGE), reported without the whole help text.
    foreach (var error in parse.Errors) await Console.Error.WriteLineAsync($"keepalived-sharp: {error.Message}").ConfigureAwait(false);
    await Console.Error.WriteLineAsync("Try 'keepalived-sharp --help'.").ConfigureAwait(false);
    return ExitCodes.Usage;
}
// Signals are ours to handle: the daemon through its host, the lab through its own registrations
// (so Ctrl-C always cleans up, however long that takes).
return await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
