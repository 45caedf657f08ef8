using System.Globalization;

namespace KeepalivedSharp.Lab;

/// <summary>The lab's embedded default: one VRRP instance on three nodes with priorities 150, 100 and 50.</summary>
public static class LabConfigs
{
    public const string Vip = "10.77.0.100";
    public static readonly int[] Priorities = [150, 100, 50];

    public static string Default(int priority) => string.Create(CultureInfo.InvariantCulture, $$"""
        ! keepalived-sharp lab: a node of the default 3-node lab
        global_defs {
            router_id lab_{{priority}}
        }

        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority {{priority}}
            advert_int 1
            authentication {
                auth_type PASS
                auth_pass labpass
            }
            virtual_ipaddress {
                {{Vip}}/24
            }
        }

        """);
}
