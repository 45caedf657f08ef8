using System.Diagnostics;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Probes;
using KeepalivedSharp.Settings;
using Microsoft.Extensions.Logging.Abstractions;

// Usage: ProbeHarness CONFIG [ROUNDS]. Each round runs every checker (every url of HTTP/SSL) once, in
// config order, and prints one tab-separated line per attempt:
//   round  vs-id  rs  checker-index  kind  url  up|down  exit-status|-  elapsed-ms  detail
if (args.Length < 1) { Console.Error.WriteLine("usage: ProbeHarness CONFIG [ROUNDS]"); return 2; }
var loaded = ConfigLoader.Load(args[0], new ConfigOptions());
foreach (var d in loaded.Diagnostics) Console.Error.WriteLine(d);
if (loaded.Config is null || loaded.HasErrors) return 2;
var setup = CheckSetupBuilder.Build(loaded.Config);
// As the daemon does with a PING_CHECK configured (check_ping.c); restored when the harness exits.
using var pingRange = setup.VirtualServers.Any(v => v.RealServers.Any(r => r.Checkers.Any(c => c.Kind == CheckerKind.Ping)))
    ? KeepalivedSharp.Probes.Ping.PingGroupRange.Widen(NullLogger.Instance) : null;
var probes = ProbeSet.Create(new ProbeServices(NullLoggerFactory.Instance, TimeProvider.System, setup.Ssl));
int rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
long n = 0;
for (int round = 1; round <= rounds; round++)
{
    foreach (var vs in setup.VirtualServers)
    foreach (var rs in vs.RealServers)
    for (int i = 0; i < rs.Checkers.Length; i++)
    {
        var c = rs.Checkers[i];
        if (c.Probe is not CheckProbe spec || !c.Polled) continue;
        for (int url = 0; url < c.UrlCount; url++)
        {
            var started = Stopwatch.GetTimestamp();
            var o = await probes.RunAsync(new ProbeRequest(new CheckerRef(vs.Id, rs.Endpoint, i), ++n, url, spec), CancellationToken.None);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Console.WriteLine(string.Join('\t', round, vs.Id, rs.Endpoint, i, c.Kind, url, o.Success ? "up" : "down",
                o.ExitStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", ((int)ms).ToString(System.Globalization.CultureInfo.InvariantCulture), o.Detail ?? ""));
        }
    }
}
return 0;
