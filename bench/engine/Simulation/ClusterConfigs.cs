using System.Globalization;
using System.Text;

namespace KeepalivedSharp.Bench.Engine.Simulation;

/// <summary>
/// A cluster for the simulator benchmark: N nodes, each with the same M vrrp_instances (VRID 1..M),
/// priorities rotated so that mastership is spread over the nodes; node n1 crashes at a third of
/// the run and restarts at two thirds.
/// </summary>
public sealed class ClusterConfigs
{
    private const string Dir = "/bench";

    private ClusterConfigs(Dictionary<string, string> files, string scenario)
    {
        Files = files;
        ScenarioText = scenario;
    }

    public IReadOnlyDictionary<string, string> Files { get; }
    public string ScenarioText { get; }
    public const string ScenarioPath = Dir + "/cluster.scenario";

    /// <summary>The node whose priority is highest for <paramref name="vrid"/> (140 against 120 and 100).</summary>
    public static int ExpectedMaster(int vrid, int nodes) => Enumerable.Range(1, nodes).Single(n => Priority(vrid, n) == 140);

    public static ClusterConfigs Generate(int nodes, int instances, int version, double advertInterval, TimeSpan runFor)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var scenario = new StringBuilder();
        string interval = advertInterval.ToString(CultureInfo.InvariantCulture);
        for (int n = 1; n <= nodes; n++)
        {
            var conf = new StringBuilder();
            for (int k = 1; k <= instances; k++)
            {
                conf.Append(CultureInfo.InvariantCulture, $$"""
                    vrrp_instance VI_{{k}} {
                        state BACKUP
                        interface eth0
                        virtual_router_id {{k}}
                        priority {{Priority(k, n)}}
                        version {{version}}
                        advert_int {{interval}}
                        virtual_ipaddress {
                            10.20.{{k}}.1/24
                        }
                    }

                    """);
            }
            files[$"{Dir}/n{n}.conf"] = conf.ToString();
            scenario.Append(CultureInfo.InvariantCulture, $"node n{n} n{n}.conf\n");
        }
        string Seconds(double s) => s.ToString("0.###", CultureInfo.InvariantCulture);
        double run = runFor.TotalSeconds;
        scenario.Append(CultureInfo.InvariantCulture, $"at {Seconds(run / 3)} crash n1\n");
        scenario.Append(CultureInfo.InvariantCulture, $"at {Seconds(2 * run / 3)} start n1\n");
        scenario.Append(CultureInfo.InvariantCulture, $"run {Seconds(run)}\n");
        return new ClusterConfigs(files, scenario.ToString());
    }

    private static int Priority(int vrid, int node) => 100 + 20 * ((vrid + node) % 3);
}
