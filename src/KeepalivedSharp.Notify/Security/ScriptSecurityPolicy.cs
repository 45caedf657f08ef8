using System.Collections.Immutable;
using KeepalivedSharp.Config;
using KeepalivedSharp.Config.Syntax;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Notify.Scripts;

namespace KeepalivedSharp.Notify.Security;

/// <summary>
/// keepalived's script checks (lib/notify.c check_script_secure, check_security, get_default_script_user), run once
/// when the config is loaded:
/// <list type="bullet">
/// <item>The command line is split without a shell; a bare name is searched in PATH (with keepalived's warning).</item>
/// <item>The path is resolved (realpath); the file must be executable by the uid/gid that will run it.</item>
/// <item>When it runs as root (uid or gid 0) or is setuid/setgid root, every component of the path as written and
/// of the resolved path must be owned by root and not writable by group (non-root group) or others, except
/// sticky directories. Otherwise "Unsafe permissions found for script '…'": with enable_script_security the script
/// is disabled, without it keepalived only warns.</item>
/// <item>The default user is script_user [group] from global_defs, else keepalived_script if it exists, else
/// ourselves; with script security on and no usable default user, scripts without a user are refused.</item>
/// </list>
/// </summary>
public sealed class ScriptSecurityPolicy
{
    public const string DefaultScriptUser = "keepalived_script";

    private readonly ProcessCredentials _current;

    public ScriptSecurityPolicy(bool enabled, ProcessCredentials? defaultUser, string? defaultUserError, ProcessCredentials? current = null)
    {
        Enabled = enabled;
        DefaultUser = defaultUser;
        DefaultUserError = defaultUserError;
        _current = current ?? ProcessCredentials.Current;
    }

    /// <summary>enable_script_security.</summary>
    public bool Enabled { get; }

    /// <summary>Who runs scripts that name no user; null when it could not be set (see <see cref="DefaultUserError"/>).</summary>
    public ProcessCredentials? DefaultUser { get; }

    public string? DefaultUserError { get; }

    /// <summary>From global_defs: script_user [script_group], else keepalived_script, else the daemon's own ids.</summary>
    public static ScriptSecurityPolicy FromGlobals(GlobalDefs globals)
    {
        var current = ProcessCredentials.Current;
        if (globals.ScriptUser is { } user)
        {
            return UserDatabase.TryResolve(user, globals.ScriptGroup, out var c, out var error)
                ? new ScriptSecurityPolicy(globals.EnableScriptSecurity, c, null, current)
                : new ScriptSecurityPolicy(globals.EnableScriptSecurity, null, error, current);
        }
        if (UserDatabase.FindUser(DefaultScriptUser) is { } ks) return new ScriptSecurityPolicy(globals.EnableScriptSecurity, ks, null, current);
        return globals.EnableScriptSecurity
            ? new ScriptSecurityPolicy(true, null, $"Unable to set default user {DefaultScriptUser} for script", current)
            : new ScriptSecurityPolicy(false, current, null, current);
    }

    /// <summary>
    /// Checks <paramref name="commandLine"/> to run as <paramref name="user"/> [<paramref name="group"/>] (null = the
    /// default user). <paramref name="type"/> names the keyword for messages ("notify_master", "vrrp_script chk").
    /// </summary>
    public ScriptCheck Check(string commandLine, string type, string? user = null, string? group = null)
    {
        var messages = ImmutableArray.CreateBuilder<string>();
        if (!ScriptWords.TrySplit(commandLine, out var argv, out var splitError))
            return Refuse(messages, $"Unable to parse script '{commandLine}' - ignoring ({splitError})");

        ProcessCredentials runAs;
        if (user is not null)
        {
            if (!UserDatabase.TryResolve(user, group, out runAs, out var error))
            {
                messages.Add(error!);
                return Refuse(messages, $"Invalid user/group for {type} script {argv[0]} - ignoring");
            }
        }
        else if (DefaultUser is { } d)
        {
            runAs = d;
        }
        else
        {
            if (DefaultUserError is not null) messages.Add(DefaultUserError);
            return Refuse(messages, $"Failed to set default user for {type} script {argv[0]} - ignoring");
        }

        var program = argv[0];
        if (program.Length > 0 && program[0] == '<')
            return Refuse(messages, $"Script '{program}' needs a shell (file test); keepalived-sharp runs scripts without a shell - disabling");
        if (!program.Contains('/', StringComparison.Ordinal))
        {
            var found = SearchPath(program, runAs, out var denied);
            if (found is null)
                return Refuse(messages, denied ? $"Permissions failure for script {program} in path - disabling" : $"Cannot find script {program} in path - disabling");
            messages.Add($"WARNING - script `{program}` resolved by path search to `{found}`. Please specify full path.");
            program = found;
        }

        var real = FileStatus.RealPath(program, out var errno);
        if (real is null) return Refuse(messages, $"Script {program} cannot be accessed - {Linux.Native.Errno.Describe(errno)}");

        // keepalived keeps the name as written when only the directory part differs (some programs act on argv[0]).
        var runPath = real;
        string? realFile = null;
        if (!string.Equals(program, real, StringComparison.Ordinal)
            && !string.Equals(Path.GetFileName(program), Path.GetFileName(real), StringComparison.Ordinal))
        {
            var renamed = Path.Combine(Path.GetDirectoryName(real)!, Path.GetFileName(program));
            if (SameFile(renamed, real))
            {
                runPath = renamed;
                realFile = real;
            }
        }

        if (FileStatus.TryStat(realFile ?? runPath, out _) is not { } st)
            return Refuse(messages, $"Unable to access script `{runPath}` - disabling");
        if (!st.IsExecutableBy(runAs))
            return Refuse(messages, $"WARNING - script '{runPath}' is not executable for uid:gid {runAs.Uid}:{runAs.Gid} - disabling.");

        var insecure = false;
        var needsProtection = runAs.Uid == 0 || runAs.Gid == 0
            || (st.Uid == 0 && (st.Mode & (FileStatus.S_IXUSR | FileStatus.S_ISUID)) == (FileStatus.S_IXUSR | FileStatus.S_ISUID))
            || (st.Gid == 0 && (st.Mode & (FileStatus.S_IXGRP | FileStatus.S_ISGID)) == (FileStatus.S_IXGRP | FileStatus.S_ISGID));
        if (needsProtection)
        {
            foreach (var path in realFile is null ? [runPath] : new[] { runPath, realFile })
            {
                var verdict = PathSecurity.Check(path, Enabled);
                if (verdict.Message is not null) messages.Add(verdict.Message);
                if (verdict.NotFound || verdict.WrongType) return new ScriptCheck(null, false, messages.ToImmutable());
                if (verdict.Insecure)
                {
                    insecure = true;
                    if (Enabled) return new ScriptCheck(null, true, messages.ToImmutable());
                }
            }
        }
        return new ScriptCheck(new ScriptCommand(commandLine, [runPath, .. argv[1..]], runAs), insecure, messages.ToImmutable());
    }

    private static ScriptCheck Refuse(ImmutableArray<string>.Builder messages, string message)
    {
        messages.Add(message);
        return new ScriptCheck(null, false, messages.ToImmutable());
    }

    private static bool SameFile(string a, string b) =>
        File.Exists(a) && string.Equals(FileStatus.RealPath(a, out _), b, StringComparison.Ordinal);

    /// <summary>glibc execvp's search, as keepalived's find_path(): the first regular file executable by <paramref name="runAs"/>.</summary>
    private static string? SearchPath(string name, ProcessCredentials runAs, out bool denied)
    {
        denied = false;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/bin:/usr/bin";
        foreach (var dir in path.Split(':'))
        {
            var candidate = Path.Combine(dir.Length == 0 ? "." : dir, name);
            if (FileStatus.TryStat(candidate, out _) is not { } st) continue;
            if (st.IsRegular && st.IsExecutableBy(runAs)) return candidate;
            denied = true;
        }
        return null;
    }
}
