using System.CommandLine;
using KeepalivedSharp.Commands;

namespace KeepalivedSharp.Operations;

/// <summary>The operations subcommands (<c>status</c>, <c>reload</c>), for the root command to add.</summary>
public static class OperationsCommands
{
    public static IReadOnlyList<Command> Build() => [StatusCommand.Build(), ReloadCommand.Build()];
}
