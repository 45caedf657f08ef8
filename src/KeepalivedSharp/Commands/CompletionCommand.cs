using System.CommandLine;
using KeepalivedSharp.Cli;

namespace KeepalivedSharp.Commands;

/// <summary><c>keepalived-sharp completion bash</c> (hidden): prints the bash completion script the Debian package installs.</summary>
public static class CompletionCommand
{
    public static Command Build(RootCommand root)
    {
        var shell = new Argument<string>("shell") { Description = "The shell: bash" };
        shell.AcceptOnlyFromAmong("bash");
        var cmd = new Command("completion", "Print the shell completion script") { shell };
        cmd.Hidden = true;
        cmd.SetAction(_ =>
        {
            Console.Out.Write(BashCompletion.Write(root));
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
