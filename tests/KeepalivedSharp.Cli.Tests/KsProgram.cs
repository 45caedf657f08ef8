using KeepalivedSharp.Lab;
using KeepalivedSharp.TestKit;

namespace KeepalivedSharp.Cli.Tests;

/// <summary>
/// The real keepalived-sharp program, run as a process: <c>$KS_BINARY</c> (the NativeAOT build test.sh
/// publishes) when set, else the keepalived-sharp.dll copied next to this test assembly, through dotnet.
/// </summary>
internal static class KsProgram
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The words that start the program, before its own arguments.</summary>
    public static IReadOnlyList<string> Command { get; } = Resolve();

    private static string[] Resolve()
    {
        var binary = Environment.GetEnvironmentVariable("KS_BINARY");
        if (!string.IsNullOrEmpty(binary))
        {
            if (!File.Exists(binary)) throw new InvalidOperationException($"KS_BINARY={binary} does not exist (run ./build.sh)");
            return [binary];
        }
        var dll = Path.Combine(AppContext.BaseDirectory, "keepalived-sharp.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: the test project must reference src/KeepalivedSharp");
        // dotnet test sets DOTNET_HOST_PATH to the host running it; the same host runs the dll.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return [string.IsNullOrEmpty(host) ? "dotnet" : host, dll];
    }

    /// <summary>Runs the program on this host (for paths that never touch the network).</summary>
    public static ProcResult Run(params string[] args) => LabShell.Run(Command[0], [.. Command.Skip(1), .. args], Timeout);

    /// <summary>Runs the program inside a lab namespace.</summary>
    public static ProcResult RunIn(string ns, params string[] args) => NamespaceLab.Run(ns, Timeout, [.. Command, .. args]);

    /// <summary>A file of this repository (examples, docs).</summary>
    public static string RepoFile(string relative) => RepoPaths.File(relative);

    /// <summary>The non-empty lines of a text.</summary>
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
