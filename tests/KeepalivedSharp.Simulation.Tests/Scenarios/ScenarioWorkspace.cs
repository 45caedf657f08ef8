using KeepalivedSharp.Simulation.Cluster;
using KeepalivedSharp.Simulation.Scenarios;

namespace KeepalivedSharp.Simulation.Tests.Scenarios;

/// <summary>A private temporary folder holding a scenario and its config files.</summary>
internal sealed class ScenarioWorkspace : IDisposable
{
    public DirectoryInfo Dir { get; } = Directory.CreateTempSubdirectory("ks-sim-");

    public string Write(string name, string text)
    {
        var path = Path.Combine(Dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    public ScenarioResult Run(string scenarioText)
    {
        var path = Write("test.scenario", scenarioText);
        var (scenario, errors) = ScenarioParser.ParseFile(path);
        Assert.True(scenario is not null, string.Join('\n', errors));
        var result = ScenarioRunner.Run(scenario!);
        Assert.True(result.Diagnostics.All(d => d.Severity != Config.Severity.Error), string.Join('\n', result.Diagnostics));
        return result;
    }

    /// <summary>A minimal instance block with the given body lines.</summary>
    public static string Instance(string name, int vrid, int priority, string extra = "", string state = "BACKUP", string vip = "192.168.200.10/24")
        => $$"""
        vrrp_instance {{name}} {
            state {{state}}
            interface eth0
            virtual_router_id {{vrid}}
            priority {{priority}}
            virtual_ipaddress {
                {{vip}}
            }
        {{extra}}
        }

        """;

    public void Dispose() => Dir.Delete(recursive: true);
}

internal static class TransitionQueries
{
    public static TimeSpan? FirstTo(this ScenarioResult r, string node, Core.Vrrp.VrrpState state, double after = -1)
        => r.Transitions.Where(t => t.Node == node && t.To == state && t.Time.TotalSeconds > after).Select(t => (TimeSpan?)t.Time).FirstOrDefault();

    public static string Holder(this ScenarioResult r, byte vrid = 51)
        => string.Join(' ', r.FinalHolders.Single(h => h.VirtualRouterId == vrid).Holders);

    public static double Ms(this TimeSpan? t) => Math.Round(t!.Value.TotalMilliseconds, 3);
}
