using System.Collections.Immutable;
using System.Globalization;

namespace KeepalivedSharp.Linux.Processes;

/// <summary>
/// Running a script as another user. .NET cannot run managed code between fork and exec, and posix_spawn has no
/// setuid step, so the child execs util-linux's setpriv(1), a small audited program, which does what keepalived's
/// set_script_env() does in its forked child: setgid(gid), setgroups to just that gid, setuid(uid) (real, effective
/// and saved ids), then drops every inheritable capability and execs the script. setpriv is looked up at this fixed
/// path only (never through PATH). When the target ids equal ours no wrapper is used.
/// </summary>
public static class PrivilegeDrop
{
    public const string SetprivPath = "/usr/bin/setpriv";

    /// <summary>The argv to spawn so that <paramref name="argv"/> runs as <paramref name="runAs"/>.</summary>
    public static ImmutableArray<string> Wrap(ImmutableArray<string> argv, ProcessCredentials? runAs, ProcessCredentials current)
    {
        if (runAs is not { } who || who == current) return argv;
        var uid = who.Uid.ToString(CultureInfo.InvariantCulture);
        var gid = who.Gid.ToString(CultureInfo.InvariantCulture);
        return [SetprivPath, $"--reuid={uid}", $"--regid={gid}", $"--groups={gid}", "--inh-caps=-all", "--", .. argv];
    }
}
