using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using KeepalivedSharp.Cli;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Timing;

namespace KeepalivedSharp.Lab;

/// <summary>
/// <c>keepalived-sharp lab</c>: builds a throw-away cluster in network namespaces, shows the
/// election, kills the master, shows the failover with its measured time, and cleans up (also on
/// Ctrl-C). Only addresses inside the lab's own namespaces are used.
/// </summary>
public static class LabCommand
{
    public static Command Build()
    {
        var configs = new Option<string[]>("--config") { Description = "A node's keepalived.conf (repeat: one node each); default: an embedded 3-node lab", AllowMultipleArgumentsPerToken = false };
        var peer = new Option<string?>("--peer") { Description = "Run the last node with another implementation: 'keepalived'" };
        peer.AcceptOnlyFromAmong("keepalived");
        var cmd = new Command("lab", "Run a throw-away VRRP cluster in network namespaces (root): election, kill the master, measured failover")
        {
            configs,
            peer,
        };
        cmd.SetAction((parse, ct) => RunAsync(parse.GetValue(configs) ?? [], parse.GetValue(peer), Console.Out, ct));
        return cmd;
    }

    public static async Task<int> RunAsync(string[] configFiles, string? peer, TextWriter output, CancellationToken cancel)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            await Console.Error.WriteLineAsync("keepalived-sharp lab: needs root (it creates network namespaces)").ConfigureAwait(false);
            return ExitCodes.Fatal;
        }
        if (peer == "keepalived" && !File.Exists("/usr/sbin/keepalived"))
        {
            await Console.Error.WriteLineAsync("keepalived-sharp lab: --peer keepalived needs /usr/sbin/keepalived (apt-get install keepalived)").ConfigureAwait(false);
            return ExitCodes.Fatal;
        }

        var texts = configFiles.Length > 0
            ? configFiles.Select(File.ReadAllText).ToArray()
            : LabConfigs.Priorities.Select(LabConfigs.Default).ToArray();
        if (texts.Length < 2)
        {
            await Console.Error.WriteLineAsync("keepalived-sharp lab: give at least two --config files").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // Check every config first: the lab never runs half a config either.
        var models = new List<KeepalivedConfig>();
        for (int k = 0; k < texts.Length; k++)
        {
            var name = configFiles.Length > 0 ? configFiles[k] : $"lab-n{k + 1}.conf";
            var r = ConfigLoader.LoadText(texts[k], Path.GetFullPath(name), new ConfigOptions { ConfigId = $"n{k + 1}" });
            foreach (var d in r.Diagnostics) await Console.Error.WriteLineAsync(d.ToString()).ConfigureAwait(false);
            if (r.Config is null) return ExitCodes.Config;
            models.Add(r.Config);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        var dir = Directory.CreateTempSubdirectory("ks-lab-");
        using var net = new NamespaceLab();
        var nodes = new List<LabNode>();
        var clock = Stopwatch.StartNew();
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        var gate = new object();
        var changed = new SemaphoreSlim(0);
        void OnState(LabNode node, string instance, string state)
        {
            lock (gate)
            {
                states[node.Name] = state;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  t={clock.Elapsed.TotalSeconds,7:0.000}s  {node.Name} ({node.Kind}) {instance} -> {state}"));
            }
            changed.Release();
        }
        string? MasterName()
        {
            lock (gate) return states.FirstOrDefault(s => s.Value == "MASTER").Key;
        }

        try
        {
            output.WriteLine($"Building a {texts.Length}-node lab in network namespaces {net.Prefix}* (addresses 10.77.0.0/24 exist only there)");
            for (int k = 0; k < texts.Length; k++)
            {
                string name = $"n{k + 1}";
                var ns = net.AddHost(name, "eth0", prefixRoute: true, $"{Address4(k + 1)}/24", $"{Address6(k + 1)}/64");
                foreach (var iface in models[k].Instances.Select(i => i.Interface).OfType<string>().Distinct().Where(i => i != "eth0"))
                    net.AddInterface(ns, iface, bridged: true);
                var conf = Path.Combine(dir.FullName, $"{name}.conf");
                await File.WriteAllTextAsync(conf, texts[k], stop.Token).ConfigureAwait(false);
                bool keepalived = peer == "keepalived" && k == texts.Length - 1;
                string[] command = keepalived
                    ? ["/usr/sbin/keepalived", "-n", "-l", "-P", "-f", conf, "-p", Path.Combine(dir.FullName, $"{name}.pid"), "-r", Path.Combine(dir.FullName, $"{name}.vrrp.pid"), "-c", Path.Combine(dir.FullName, $"{name}.chk.pid")]
                    : [.. SelfCommand(), "-n", "-l", "-f", conf, "-i", name, "--control-socket", Path.Combine(dir.FullName, name, "control.sock")];
                nodes.Add(LabNode.Start(name, ns, keepalived ? "keepalived" : "keepalived-sharp", command, OnState));
                output.WriteLine($"  {name}: {(keepalived ? "keepalived" : "keepalived-sharp")}, {Address4(k + 1)}, priority {string.Join('/', models[k].Instances.Select(i => i.Priority))}");
            }

            output.WriteLine("Waiting for the election...");
            var first = models[0].Instances[0];
            var mdi = VrrpTimers.MasterDownInterval(first.Version, 255, VrrpTimers.NormalizeAdvertInterval(first.Version, first.AdvertInterval));
            var master = await WaitFor(() => MasterName(), changed, mdi * 3 + TimeSpan.FromSeconds(5), stop.Token).ConfigureAwait(false);
            if (master is null)
            {
                output.WriteLine("No master was elected in time.");
                return ExitCodes.Fatal;
            }
            // Nodes start a little apart, so an early master may still yield to a higher priority: settle first.
            await Task.Delay(TimeSpan.FromSeconds(2), stop.Token).ConfigureAwait(false);
            master = MasterName() ?? master;
            output.WriteLine($"Elected: {master} is MASTER.");
            ShowHolders(output, nodes);

            var victim = nodes.Single(n => n.Name == master);
            output.WriteLine($"Killing the master {victim.Name} with SIGKILL (no priority-0 advert)...");
            lock (gate) states.Remove(victim.Name);
            var killedAt = clock.Elapsed;
            victim.Kill();
            var next = await WaitFor(() => MasterName(), changed, mdi * 2 + TimeSpan.FromSeconds(5), stop.Token).ConfigureAwait(false);
            if (next is null)
            {
                output.WriteLine("No node took over in time.");
                return ExitCodes.Fatal;
            }
            var failover = clock.Elapsed - killedAt;
            var newMaster = models[nodes.FindIndex(n => n.Name == next)].Instances[0];
            var interval = VrrpTimers.NormalizeAdvertInterval(newMaster.Version, newMaster.AdvertInterval);
            var expected = VrrpTimers.MasterDownInterval(newMaster.Version, newMaster.Priority, interval);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Failover: {next} took over {failover.TotalMilliseconds:0} ms after the kill. RFC: Master_Down_Interval {expected.TotalMilliseconds:0.0} ms after the old master's last advert, so {(expected - interval).TotalMilliseconds:0}-{expected.TotalMilliseconds:0} ms after a kill."));
            await Task.Delay(TimeSpan.FromSeconds(1), stop.Token).ConfigureAwait(false);
            ShowHolders(output, nodes.Where(n => n != victim));
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException)
        {
            output.WriteLine("Interrupted.");
            return ExitCodes.Fatal;
        }
        finally
        {
            output.WriteLine("Cleaning up: stopping nodes, removing namespaces.");
            foreach (var n in nodes) n.Dispose();
            net.Dispose();
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    // Private test addresses that exist only inside the lab's namespaces.
    private static string Address4(int host) => string.Create(CultureInfo.InvariantCulture, $"10.77.0.{host}");
    private static string Address6(int host) => string.Create(CultureInfo.InvariantCulture, $"fd77::{host}");

    private static void ShowHolders(TextWriter output, IEnumerable<LabNode> nodes)
    {
        foreach (var n in nodes)
        {
            // IPv4 addresses of the node's interfaces: its own, plus any VIP it holds.
            var vips = LabShell.Run(n.Namespace, TimeSpan.FromSeconds(10), "ip", "-o", "addr", "show").Output.Split('\n')
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(w => w.Length > 3 && w[2] == "inet" && w[1] != "lo")
                .Select(w => $"{w[3]} on {w[1]}");
            output.WriteLine($"  {n.Name} addresses: {string.Join(", ", vips)}");
        }
    }

    private static async Task<string?> WaitFor(Func<string?> probe, SemaphoreSlim changed, TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (probe() is { } found) return found;
            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero) return null;
            await changed.WaitAsync(left, cancel).ConfigureAwait(false);
        }
    }

    /// <summary>How to run this very program again (the NativeAOT binary, or dotnet with the dll).</summary>
    private static string[] SelfCommand()
    {
        var path = Environment.ProcessPath ?? "keepalived-sharp";
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
            return [path, Path.Combine(AppContext.BaseDirectory, "keepalived-sharp.dll")];
        return [path];
    }
}
