using System.Globalization;
using System.Text;

namespace KeepalivedSharp.Soak;

/// <summary>
/// The lab's configs: two VRRP instances on every node, the two ours nodes and keepalived each
/// first for one of them. A "changed" reload swaps a node to its alternate priorities, which moves
/// masters (preemption); a "broken" one is a file that does not parse.
/// </summary>
public static class SoakConfigs
{
    public static readonly SoakInstance[] Instances = [new("VI_1", 51, "10.78.0.100"), new("VI_2", 52, "10.78.0.101")];

    /// <summary>Priorities per node and instance: [node][instance].</summary>
    public static readonly int[][] Base = [[150, 50], [100, 100], [50, 150]];

    public static int Alternate(int priority) => priority >= 100 ? priority - 70 : priority + 70;

    public static int LowestPriority => Base.SelectMany(p => p).Concat(Base.SelectMany(p => p).Select(Alternate)).Min();

    public static string Address(int node) => string.Create(CultureInfo.InvariantCulture, $"10.78.0.{node + 1}");

    public static string Render(int node, bool alternate, double advertInterval)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"! chaos soak node n{node + 1}{(alternate ? " (alternate priorities)" : "")}\nglobal_defs {{\n    router_id soak_n{node + 1}\n}}\n");
        for (int k = 0; k < Instances.Length; k++)
        {
            var p = alternate ? Alternate(Base[node][k]) : Base[node][k];
            sb.Append(CultureInfo.InvariantCulture, $$"""

                vrrp_instance {{Instances[k].Name}} {
                    state BACKUP
                    interface eth0
                    virtual_router_id {{Instances[k].Vrid}}
                    priority {{p}}
                    advert_int {{advertInterval}}
                    virtual_ipaddress {
                        {{Instances[k].Vip}}/24
                    }
                }

                """);
        }
        return sb.ToString();
    }

    /// <summary>A config that does not load: an unterminated block with an impossible VRID.</summary>
    public const string Broken = "! chaos soak: a broken config\nvrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 300\n    priority nine\n    virtual_ipaddress {\n        10.78.0.100/24 dev\n";
}
