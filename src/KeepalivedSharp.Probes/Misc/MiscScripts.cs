using System.Collections.Frozen;
using System.Collections.Immutable;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Notify.Scripts;
using KeepalivedSharp.Notify.Security;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Probes.Misc;

/// <summary>
/// The MISC_CHECK scripts of the running config, each checked once by script security when the config is
/// loaded (check_misc.c check_misc_script_security), as vrrp_script's are. A checker whose script is refused
/// is removed ("Disabling misc script ... due to insecure" / "since not found/accessible"). Replaced whole on
/// reload; read by <see cref="MiscProbe"/> from any thread.
/// </summary>
public sealed class MiscScripts
{
    private FrozenDictionary<string, ScriptCommand> _commands = FrozenDictionary<string, ScriptCommand>.Empty;

    /// <summary>The command a MISC_CHECK runs; null when it was not loaded or was refused.</summary>
    public ScriptCommand? Find(CheckerConfig checker) =>
        Volatile.Read(ref _commands).TryGetValue(Key(checker), out var c) ? c : null;

    /// <summary>
    /// Checks every MISC_CHECK's script of <paramref name="setup"/> under <paramref name="policy"/>, with keepalived's
    /// messages in <paramref name="messages"/>; the result's setup has no refused checker. Nothing runs differently
    /// until <see cref="Use"/> (on the check loop, with the engine's reload, so no probe of the old config meets the new table).
    /// </summary>
    public static Checked Check(CheckSetup setup, ScriptSecurityPolicy policy, ICollection<string> messages)
    {
        var commands = new Dictionary<string, ScriptCommand>(StringComparer.Ordinal);
        var refused = new HashSet<string>(StringComparer.Ordinal);
        var servers = ImmutableArray.CreateBuilder<VirtualServerSettings>(setup.VirtualServers.Length);
        foreach (var vs in setup.VirtualServers)
        {
            var reals = ImmutableArray.CreateBuilder<RealServerSettings>(vs.RealServers.Length);
            foreach (var rs in vs.RealServers)
            {
                var kept = rs.Checkers.Where(c => c.Kind != CheckerKind.Misc || c.Probe is not CheckProbe p || Runnable(p.Checker, policy, commands, refused, messages));
                reals.Add(rs with { Checkers = [.. kept] });
            }
            servers.Add(vs with { RealServers = reals.ToImmutable() });
        }
        return new Checked(setup with { VirtualServers = servers.ToImmutable() }, commands.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>From now on probes run <paramref name="scripts"/>' commands.</summary>
    public void Use(Checked scripts) => Volatile.Write(ref _commands, scripts.Commands);

    /// <summary>A checked config: its setup without refused checkers, and the commands of the others.</summary>
    public sealed record Checked(CheckSetup Setup, FrozenDictionary<string, ScriptCommand> Commands);

    private static bool Runnable(CheckerConfig c, ScriptSecurityPolicy policy, Dictionary<string, ScriptCommand> commands,
        HashSet<string> refused, ICollection<string> messages)
    {
        var key = Key(c);
        if (commands.ContainsKey(key)) return true;
        if (refused.Contains(key) || c.MiscPath is null) return false;
        var check = policy.Check(c.MiscPath, "misc checker", c.User, c.Group);
        foreach (var m in check.Messages) messages.Add(m);
        if (check.Command is { } command)
        {
            commands[key] = command;
            return true;
        }
        refused.Add(key);
        messages.Add(check.Insecure
            ? $"Disabling misc script {c.MiscPath} due to insecure"
            : $"Disabling misc script {c.MiscPath} since not found/accessible");
        return false;
    }

    private static string Key(CheckerConfig c) => $"{c.MiscPath}\0{c.User}\0{c.Group}";
}
