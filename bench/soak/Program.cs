using System.Globalization;
using KeepalivedSharp.Soak;

// ks-soak --minutes M --seed S [--plan] [--out DIR] [--ours PATH]: the chaos soak (root, namespaces only).
double minutes = 2;
int seed = 1;
bool planOnly = false;
string output = Path.Combine(Directory.GetCurrentDirectory(), "soak-out");
string ours = Environment.GetEnvironmentVariable("KS_BINARY") ?? "out/keepalived-sharp";
for (int k = 0; k < args.Length; k++)
{
    switch (args[k])
    {
        case "--minutes": minutes = double.Parse(args[++k], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[++k], CultureInfo.InvariantCulture); break;
        case "--plan": planOnly = true; break;
        case "--out": output = args[++k]; break;
        case "--ours": ours = args[++k]; break;
        default:
            Console.Error.WriteLine("usage: ks-soak --minutes M --seed S [--plan] [--out DIR] [--ours PATH]");
            return 2;
    }
}
var run = new SoakRun(new SoakOptions(minutes, seed, [Path.GetFullPath(ours)], Path.GetFullPath(output)), Console.Out);
if (planOnly)
{
    Console.Write(run.Plan.Format(SoakRun.NodeNames));
    return 0;
}
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var (_, verdict) = run.Run(cancel.Token);
foreach (var v in verdict.Violations)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"VIOLATION {v.Class}{(InvariantAnalysis.Known.Contains(v.Class) ? " (known)" : "")} at {v.Start:0.0}s for {v.Duration:0.00}s: {v.Detail}"));
var unknown = verdict.Violations.Count(v => !InvariantAnalysis.Known.Contains(v.Class));
Console.WriteLine($"{verdict.Violations.Count} violations ({unknown} not known defects); summary in {Path.Combine(output, "summary.json")}");
return unknown == 0 ? 0 : 1;
