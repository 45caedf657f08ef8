using KeepalivedSharp.Fuzz;
using SharpFuzz;

// ks-fuzz TARGET               serve libFuzzer (libfuzzer-dotnet starts this process with --target_arg=TARGET)
// ks-fuzz seed TARGET DIR ROOT write the seed corpus built from ROOT's examples and test fixtures
// ks-fuzz replay TARGET FILE.. run inputs without the engine (a crash's stack trace, a regression check)
// ks-fuzz coverage TARGET DIR  instrumented build only: the edge-map slots a corpus reaches
var targets = new Dictionary<string, IFuzzTarget>(StringComparer.Ordinal)
{
    ["config"] = new ConfigTarget(),
    ["vrrp"] = new VrrpTarget(),
    ["netlink"] = new NetlinkTarget(),
    ["control"] = new ControlTarget(),
    ["http"] = new HttpTarget(),
    ["dns"] = new DnsTarget(),
    ["ipvs"] = new IpvsTarget(),
    ["nft"] = new NftTarget(),
};
IFuzzTarget Target(string name) => targets.TryGetValue(name, out var t) ? t
    : throw new ArgumentException($"unknown target '{name}' ({string.Join(", ", targets.Keys)})");

switch (args)
{
    case [var name]:
        var target = Target(name);
        Fuzzer.LibFuzzer.Run(input => WorkBound.Run(target, input));
        return 0;
    case ["seed", var name, var dir, var root]:
        Directory.CreateDirectory(dir);
        var n = 0;
        foreach (var (seedName, bytes) in Target(name).Seeds(root))
        {
            File.WriteAllBytes(Path.Combine(dir, seedName), bytes);
            n++;
        }
        Console.WriteLine($"{name}: {n} seeds in {dir}");
        return n > 0 ? 0 : 1;
    case ["replay", var name, .. var files]:
        foreach (var file in files)
        {
            WorkBound.Run(Target(name), File.ReadAllBytes(file));
            Console.WriteLine($"{file}: ok");
        }
        return 0;
    case ["coverage", var name, var dir]:
        var inputs = Directory.GetFiles(dir);
        Console.WriteLine($"{name}: {Coverage.Count(Target(name), inputs)} of {Coverage.MapSize} edge-map slots hit by {inputs.Length} inputs");
        return 0;
    default:
        Console.Error.WriteLine("usage: ks-fuzz TARGET | seed TARGET DIR ROOT | replay TARGET FILE...");
        return 2;
}
