using System.Collections.Immutable;
using KeepalivedSharp.Linux.Processes;

namespace KeepalivedSharp.Notify.Scripts;

/// <summary>
/// A script ready to run: argv (argv[0] an absolute, resolved path), the uid/gid it runs as, and the command
/// line as written (for logs). Built by <see cref="Security.ScriptSecurityPolicy.Check"/>.
/// </summary>
public sealed record ScriptCommand(string Text, ImmutableArray<string> Argv, ProcessCredentials RunAs)
{
    /// <summary>argv plus <paramref name="extra"/> (notify's INSTANCE name STATE priority, a fifo's path).</summary>
    public ProcessStartSpec ToSpec(TimeSpan timeout, params string[] extra) => new([.. Argv, .. extra])
    {
        RunAs = RunAs,
        Timeout = timeout,
    };
}
