namespace KeepalivedSharp.Core.Tracking;

/// <summary>The verdict of an instance's trackers.</summary>
public readonly record struct TrackerVerdict(bool Pending, bool Fault, int EffectivePriority, string? FaultCause);

/// <summary>
/// Pure policy that turns tracker states into an effective priority and a FAULT verdict, as
/// keepalived does (vrrp_track.c): a boolean tracker with weight W &gt; 0 adds W while up, one with
/// W &lt; 0 adds W while down, `reverse` flips the sign, weight 0 means FAULT while down. A file
/// adds value*weight (capped at 253; -254 or less is FAULT). The result is clamped to [1,254];
/// an owner (255) is never adjusted.
/// </summary>
public static class TrackerPolicy
{
    public static TrackerVerdict Evaluate(int basePriority, string primaryInterface, bool trackPrimary,
        IEnumerable<TrackBinding> bindings, TrackerStates states)
    {
        bool pending = false;
        string? fault = null;
        int total = basePriority;

        if (trackPrimary && !states.InterfaceUp(primaryInterface))
            fault = $"interface {primaryInterface} down";

        foreach (var b in bindings)
        {
            int multiplier = b.Reverse ? -1 : 1;
            if (b.Kind == TrackerKind.File)
            {
                long value = states.FileValue(b.Name);
                long status = b.Weight == 0
                    ? ((value != 0) == (multiplier == 1) ? -254 : 0)
                    : value * b.Weight * multiplier;
                if (status <= -254)
                    fault ??= $"tracked file {b.Name} has status {status}";
                else
                    total += (int)Math.Min(status, 253);
                continue;
            }

            bool up;
            switch (b.Kind)
            {
                case TrackerKind.Script:
                    if (states.ScriptInitialising(b.Name))
                    {
                        // Only a weight-0 script holds the instance back until its first result.
                        if (b.Weight == 0) pending = true;
                        continue;
                    }
                    up = states.ScriptUp(b.Name);
                    break;
                case TrackerKind.Interface:
                    up = states.InterfaceUp(b.Name);
                    break;
                default:
                    up = states.ProcessQuorum(b.Name);
                    break;
            }

            if (b.Weight == 0)
            {
                if (up != (multiplier == 1))
                    fault ??= $"{Describe(b.Kind)} {b.Name} {(up ? "up (reversed)" : "down")}";
            }
            else if (up ? b.Weight > 0 : b.Weight < 0)
            {
                total += b.Weight * multiplier;
            }
        }

        int effective = basePriority == 255 ? 255 : Math.Clamp(total, 1, 254);
        return new TrackerVerdict(pending, fault is not null, effective, fault);
    }

    private static string Describe(TrackerKind kind) => kind switch
    {
        TrackerKind.Script => "script",
        TrackerKind.Interface => "interface",
        TrackerKind.Process => "process",
        _ => "file",
    };
}
