using System.Runtime.CompilerServices;
using KeepalivedSharp.Bench.Engine.Engine;
using KeepalivedSharp.Bench.Engine.Harness;
using KeepalivedSharp.Bench.Engine.LoadBalancer;
using KeepalivedSharp.Bench.Engine.ReceivePath;
using KeepalivedSharp.Bench.Engine.Simulation;
using KeepalivedSharp.Bench.Engine.Writer;

// ks-bench-engine [--quick] [--out DIR] [--suite engine|receive-path|writer|simulator|lb-change]...
// Measures the engine, the receive path, the writer and the simulator; see docs/bench-engine.md.
bool quick = false;
string outDir = "results";
var suites = new HashSet<string>(StringComparer.Ordinal);
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick": quick = true; break;
        case "--out" when i + 1 < args.Length: outDir = args[++i]; break;
        case "--suite" when i + 1 < args.Length: suites.Add(args[++i]); break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'\nusage: ks-bench-engine [--quick] [--out DIR] [--suite engine|receive-path|writer|simulator|lb-change]...");
            return 2;
    }
}

bool jit = RuntimeFeature.IsDynamicCodeSupported;
var machine = MachineInfo.Read().ToList();
machine.Add(("code", jit ? "JIT (tiered, dynamic PGO)" : "NativeAOT"));
if (jit) machine.Add(("DOTNET_TC_CallCountingDelayMs", Environment.GetEnvironmentVariable("DOTNET_TC_CallCountingDelayMs") ?? "unset (run.sh sets 0; unset, first cases may measure tier-0 code)"));
machine.Add(("load average at start", MachineInfo.LoadAverage()));
foreach (var (k, v) in machine) Console.WriteLine($"{k}: {v}");

var runner = new Runner(quick ? BenchOptions.Quick : BenchOptions.Default);
var cases = new List<CaseResult>();
void Take(string suite, Func<IEnumerable<CaseResult>> run)
{
    if (suites.Count > 0 && !suites.Contains(suite)) return;
    foreach (var c in run())
    {
        var m = c.Measurement;
        Console.WriteLine($"{m.Suite,-13} {m.Case,-66} {m.MedianCpuRate,14:N0} {m.Unit}/CPU s (p90 {m.P90CpuRate:N0}, wall {m.MedianRate:N0})  {m.BytesPerUnit,8:N1} B");
        cases.Add(c);
    }
}

Take(EngineReceiveBench.Suite, () => EngineReceiveBench.Run(runner));
Take(ReceivePathBench.Suite, () => ReceivePathBench.Run(runner));
Take(WriterBench.Suite, () => WriterBench.Run(runner));
Take(SimulatorBench.Suite, () => SimulatorBench.Run(runner, quick));
Take(LbChangeBench.Suite, () => LbChangeBench.Run(runner));
machine.Add(("load average at end", MachineInfo.LoadAverage()));

// What allocates: enough work for a few hundred allocation ticks (about 100 KB each), outside the
// timing. NativeAOT builds do not carry the runtime's EventSource, so this is JIT only.
var profiles = new List<(Measurement, IReadOnlyList<(string, double)>)>();
if (jit)
{
    using var sampler = new AllocationSampler();
    foreach (var c in cases)
    {
        var m = c.Measurement;
        if (m.BytesPerUnit < 1) continue;
        long units = (long)Math.Clamp((quick ? 8e6 : 40e6) / m.BytesPerUnit, 1, m.UnitsPerIteration * 3);
        profiles.Add((m, sampler.Sample(() => c.Work(units))));
    }
}

ResultFiles.Write(outDir, [.. cases.Select(c => c.Measurement)], profiles, machine);
Console.WriteLine($"results written to {Path.GetFullPath(outDir)}");
return 0;
