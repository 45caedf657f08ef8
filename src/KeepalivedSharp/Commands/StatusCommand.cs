using System.CommandLine;
using KeepalivedSharp.Cli;
using KeepalivedSharp.Operations.Control;

namespace KeepalivedSharp.Commands;

/// <summary><c>keepalived-sharp status [--json] [--socket PATH]</c>: the running daemon's instances, from its control socket.</summary>
public static class StatusCommand
{
    public static Command Build()
    {
        var json = new Option<bool>("--json") { Description = "Print the status as JSON" };
        var socket = SocketOption();
        var command = new Command("status", "Show the running daemon's instances: state, priorities, master, VIPs, last transition, counters");
        command.Options.Add(json);
        command.Options.Add(socket);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(socket) ?? ControlProtocol.DefaultSocketPath;
            var reply = await ControlClient.TryRequestAsync(path, ControlProtocol.Status, TimeSpan.FromSeconds(30), Console.Error, ct).ConfigureAwait(false);
            if (reply?.Status is null)
            {
                if (reply is not null) await Console.Error.WriteLineAsync("keepalived-sharp: no status in the reply").ConfigureAwait(false);
                return ExitCodes.Fatal;
            }
            await Console.Out.WriteAsync(parse.GetValue(json) ? ControlProtocol.Serialize(reply.Status) + "\n" : StatusTable.Format(reply.Status)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static Option<string> SocketOption() => new("--socket")
    {
        Description = "The daemon's control socket",
        DefaultValueFactory = _ => ControlProtocol.DefaultSocketPath,
        HelpName = "PATH",
    };
}
