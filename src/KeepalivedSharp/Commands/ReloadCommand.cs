using System.CommandLine;
using KeepalivedSharp.Cli;
using KeepalivedSharp.Operations.Control;

namespace KeepalivedSharp.Commands;

/// <summary><c>keepalived-sharp reload [--socket PATH]</c>: asks the daemon to re-read its config; exits non-zero when it was not applied.</summary>
public static class ReloadCommand
{
    public static Command Build()
    {
        var socket = StatusCommand.SocketOption();
        var command = new Command("reload", "Reload the running daemon's configuration (checked first; a broken config leaves the running one untouched)");
        command.Options.Add(socket);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(socket) ?? ControlProtocol.DefaultSocketPath;
            var reply = await ControlClient.TryRequestAsync(path, ControlProtocol.Reload, TimeSpan.FromSeconds(120), Console.Error, ct).ConfigureAwait(false);
            if (reply?.Reload is not { } r)
            {
                if (reply is not null) await Console.Error.WriteLineAsync("keepalived-sharp: no reload result in the reply").ConfigureAwait(false);
                return ExitCodes.Fatal;
            }
            foreach (var d in r.Diagnostics) await Console.Error.WriteLineAsync(d).ConfigureAwait(false);
            if (!r.Applied)
            {
                await Console.Error.WriteLineAsync("keepalived-sharp: reload not applied; the running configuration stays").ConfigureAwait(false);
                return ExitCodes.Config;
            }
            foreach (var c in r.Changes) await Console.Out.WriteLineAsync(c).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(r.Changes.Count == 0 ? "reload applied: no changes" : "reload applied").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
