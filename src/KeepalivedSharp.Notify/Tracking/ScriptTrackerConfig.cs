using System.Collections.Immutable;
using KeepalivedSharp.Config;
using KeepalivedSharp.Notify.Security;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Notify.Tracking;

/// <summary>Builds the <see cref="TrackedScript"/> list from the config's vrrp_script blocks, checking each script.</summary>
public static class ScriptTrackerConfig
{
    /// <summary>
    /// <c>Disabled</c> are scripts keepalived would disable ("Disabling track script X due to insecure" /
    /// "since not found/accessible"): keepalived then removes them from every instance's and group's track_script,
    /// so the daemon must drop them from the engine's tracking too.
    /// </summary>
    public static (ImmutableArray<TrackedScript> Scripts, ImmutableArray<string> Disabled, ImmutableArray<string> Messages) Build(KeepalivedConfig config, ScriptSecurityPolicy policy)
    {
        var scripts = ImmutableArray.CreateBuilder<TrackedScript>();
        var disabled = ImmutableArray.CreateBuilder<string>();
        var messages = ImmutableArray.CreateBuilder<string>();
        foreach (var s in config.Scripts)
        {
            var check = policy.Check(s.Script, $"vrrp_script {s.Name}", s.User, s.Group);
            messages.AddRange(check.Messages);
            if (check.Command is { } c)
            {
                scripts.Add(new TrackedScript(s.Name, c));
                continue;
            }
            disabled.Add(s.Name);
            messages.Add(check.Insecure
                ? $"Disabling track script {s.Name} due to insecure"
                : $"Disabling track script {s.Name} since not found/accessible");
        }
        return (scripts.ToImmutable(), disabled.ToImmutable(), messages.ToImmutable());
    }
}
