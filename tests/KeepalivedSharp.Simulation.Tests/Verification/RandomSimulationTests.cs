using System.Globalization;
using KeepalivedSharp.Simulation.Verification;
using Xunit.Abstractions;

namespace KeepalivedSharp.Simulation.Tests.Verification;

/// <summary>
/// Seeded randomized cluster runs with invariants. CI runs KS_SIM_SEEDS (default 300) seeds;
/// `KS_SIM_SEEDS=10000 dotnet test tests/KeepalivedSharp.Simulation.Tests` is the long mode.
/// A failing seed prints its scenario and configs, and writes them to KS_SIM_FAILED (if set).
/// </summary>
public class RandomSimulationTests(ITestOutputHelper output)
{
    private static int SeedCount
        => int.TryParse(Environment.GetEnvironmentVariable("KS_SIM_SEEDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 300;

    [Fact]
    public void Check_ManySeeds_InvariantsHoldAfterHeal()
    {
        var failures = new List<string>();
        int first = int.TryParse(Environment.GetEnvironmentVariable("KS_SIM_FIRST_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var f) ? f : 1;
        for (int seed = first; seed < first + SeedCount && failures.Count < 3; seed++)
        {
            var scenario = RandomScenario.Generate(seed);
            var problems = InvariantChecker.Check(scenario);
            if (problems.Count == 0) continue;
            failures.Add($"seed {seed}:\n  {string.Join("\n  ", problems)}\n{scenario.Reproduction()}");
            if (Environment.GetEnvironmentVariable("KS_SIM_FAILED") is { Length: > 0 } dir)
                scenario.WriteTo(Path.Combine(dir, $"seed-{seed}"));
        }
        foreach (var failure in failures) output.WriteLine(failure);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void Generate_SameSeed_SameScenario()
    {
        Assert.Equal(RandomScenario.Generate(42).Reproduction(), RandomScenario.Generate(42).Reproduction());
        Assert.NotEqual(RandomScenario.Generate(42).Reproduction(), RandomScenario.Generate(43).Reproduction());
    }

    /// <summary>The sweep exercises the checkers: virtual servers in some seeds, with backends failing and recovering.</summary>
    [Fact]
    public void Generate_ManySeeds_SomeHaveCheckersAndBackendEvents()
    {
        var seeds = Enumerable.Range(1, 100).Select(RandomScenario.Generate).ToList();
        int withChecks = seeds.Count(s => s.Files.Values.Any(f => f.Contains("virtual_server", StringComparison.Ordinal)));
        int failures = seeds.Sum(s => s.ScenarioText.Split('\n').Count(l => l.Contains(" backend ", StringComparison.Ordinal) && !l.EndsWith(" up", StringComparison.Ordinal) && !l.EndsWith("http-status 200", StringComparison.Ordinal)));
        Assert.InRange(withChecks, 20, 60);
        Assert.True(failures > 50, $"{failures} backend failures in 100 seeds");
    }

    [Fact]
    public void Check_SameSeedTwice_IdenticalTransitions()
    {
        // Determinism: the whole run, not only the verdict, repeats exactly.
        var a = Run(7);
        var b = Run(7);
        Assert.Equal(a, b);
        Assert.NotEmpty(a);
    }

    private static List<string> Run(int seed)
    {
        var r = RandomScenario.Generate(seed);
        var (s, _) = KeepalivedSharp.Simulation.Scenarios.ScenarioParser.Parse(r.ScenarioText, r.ScenarioPath);
        var result = KeepalivedSharp.Simulation.Scenarios.ScenarioRunner.Run(s!, new InMemoryFiles(r.Files));
        return [.. result.Transitions.Select(t => t.ToText())];
    }
}
