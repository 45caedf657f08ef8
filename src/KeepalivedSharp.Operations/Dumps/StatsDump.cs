using System.Globalization;
using System.Text;

namespace KeepalivedSharp.Operations.Dumps;

/// <summary>keepalived.stats (USR2, and the stats-clear signal before clearing): vrrp_print_stats() of keepalived 2.2.7, line for line.</summary>
public static class StatsDump
{
    public static string Format(DaemonStatus status)
    {
        var w = new StringBuilder();
        foreach (var i in status.Instances)
        {
            var s = i.Engine.Counters;
            w.Append("VRRP Instance: ").Append(i.Engine.Name).Append('\n');
            w.Append("  Advertisements:\n");
            Value(w, "    Received: ", s.AdvertReceived);
            Value(w, "    Sent: ", s.AdvertSent);
            Value(w, "  Became master: ", s.BecomeMaster);
            Value(w, "  Released master: ", s.ReleaseMaster);
            w.Append("  Packet Errors:\n");
            Value(w, "    Length: ", s.PacketLengthErrors);
            Value(w, "    TTL: ", s.TtlErrors);
            Value(w, "    Invalid Type: ", s.InvalidTypeReceived);
            Value(w, "    Advertisement Interval: ", s.AdvertIntervalErrors);
            Value(w, "    Address List: ", s.AddressListErrors);
            w.Append("  Authentication Errors:\n");
            Value(w, "    Invalid Type: ", s.InvalidAuthType);
            Value(w, "    Type Mismatch: ", s.AuthTypeMismatch);
            Value(w, "    Failure: ", s.AuthFailure);
            w.Append("  Priority Zero:\n");
            Value(w, "    Received: ", s.PriorityZeroReceived);
            Value(w, "    Sent: ", s.PriorityZeroSent);
        }
        return w.ToString();
    }

    private static void Value(StringBuilder w, string label, long value)
        => w.Append(label).Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
