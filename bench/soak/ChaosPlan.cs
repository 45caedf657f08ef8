using System.Globalization;
using System.Text;

namespace KeepalivedSharp.Soak;

public enum FaultKind
{
    Crash,
    Freeze,
    LinkFlap,
    Recreate,
    Partition,
    ReloadChanged,
    ReloadBroken,
}

/// <summary>One fault of the schedule: at <see cref="At"/> s, on node index <see cref="Node"/>, held for <see cref="Hold"/> s.</summary>
public sealed record PlannedFault(int Index, double At, FaultKind Kind, int Node, double Hold)
{
    /// <summary>When the fault is healed (restart, SIGCONT, link up, rule removed, good config back).</summary>
    public double HealAt => At + Hold;
}

/// <summary>
/// The seeded fault schedule. Kinds come in shuffled rounds (every kind once per round), so even a
/// 2-minute run meets each one. Each fault is followed by a quiet time long enough for the heal
/// check (settle, then the check window) before the next one starts: faults never overlap.
/// </summary>
public sealed class ChaosPlan
{
    public int Seed { get; }
    public double Duration { get; }
    public IReadOnlyList<PlannedFault> Faults { get; }

    private ChaosPlan(int seed, double duration, IReadOnlyList<PlannedFault> faults)
    {
        Seed = seed;
        Duration = duration;
        Faults = faults;
    }

    /// <param name="seed">The seed: same seed, same plan.</param>
    /// <param name="duration">Run length in seconds.</param>
    /// <param name="nodes">Node kinds, index = node; ReloadBroken targets only ours (keepalived would run a half-parsed file).</param>
    /// <param name="bounds">Timing bounds: the start delay and the quiet time come from them.</param>
    public static ChaosPlan Create(int seed, double duration, IReadOnlyList<NodeKind> nodes, SoakBounds bounds)
    {
        var random = new Random(seed);
        var faults = new List<PlannedFault>();
        var round = new List<FaultKind>();
        double t = bounds.Startup;
        while (true)
        {
            if (round.Count == 0)
            {
                round.AddRange(Enum.GetValues<FaultKind>());
                random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(round));
            }
            var kind = round[0];
            var hold = kind switch
            {
                FaultKind.ReloadChanged => 0,
                // Long enough for the cut-off side to elect its own master (split brain by design).
                FaultKind.Partition => Math.Round(bounds.MasterDown + 1 + random.NextDouble() * 3, 1),
                _ => Math.Round(1 + random.NextDouble() * 4, 1),
            };
            if (t + hold + bounds.Quiet > duration) break;
            round.RemoveAt(0);
            int[] targets = kind == FaultKind.ReloadBroken
                ? [.. Enumerable.Range(0, nodes.Count).Where(n => nodes[n] == NodeKind.Ours)]
                : [.. Enumerable.Range(0, nodes.Count)];
            var node = targets[random.Next(targets.Length)];
            faults.Add(new PlannedFault(faults.Count, Math.Round(t, 1), kind, node, hold));
            t = Math.Round(t + hold + bounds.Quiet + random.NextDouble() * 2, 1);
        }
        return new ChaosPlan(seed, duration, faults);
    }

    public string Format(IReadOnlyList<string> nodeNames)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# chaos plan: seed {Seed}, {Duration:0} s, {Faults.Count} faults\n");
        sb.Append("#   idx      at  kind           node  hold(s)\n");
        foreach (var f in Faults)
            sb.Append(CultureInfo.InvariantCulture, $"  {f.Index,5} {f.At,7:0.0}  {f.Kind,-13}  {nodeNames[f.Node],-4}  {f.Hold,5:0.0}\n");
        return sb.ToString();
    }
}
