using System.Globalization;
using System.Text;

namespace KeepalivedSharp.Operations.Control;

/// <summary>The human table of <c>keepalived-sharp status</c>: one row per instance, columns padded to fit.</summary>
public static class StatusTable
{
    private static readonly string[] Header = ["INSTANCE", "STATE", "PRIO(CFG/EFF)", "MASTER", "VIPS", "SINCE", "ADVERTS(RX/TX)", "ERRORS"];

    public static string Format(StatusDocument s)
    {
        var rows = new List<string[]> { Header };
        foreach (var i in s.Instances)
        {
            rows.Add([
                i.Name,
                i.State,
                string.Create(CultureInfo.InvariantCulture, $"{i.Priority}/{i.EffectivePriority}"),
                i.State == "MASTER" ? "self" : i.MasterAddress ?? "-",
                i.VirtualAddresses.Count == 0 ? "-" : string.Join(',', i.VirtualAddresses.Select(FirstWord)),
                Ago(TimeSpan.FromSeconds(i.SinceTransitionSeconds)),
                string.Create(CultureInfo.InvariantCulture, $"{i.Counters.AdvertRcvd}/{i.Counters.AdvertSent}"),
                i.Counters.Errors.ToString(CultureInfo.InvariantCulture),
            ]);
        }
        var widths = Enumerable.Range(0, Header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"keepalived-sharp {s.Version}, pid {s.Pid}, up {Ago(TimeSpan.FromSeconds(s.UptimeSeconds))}, config {s.ConfigFile}, reloads {s.Reloads}\n");
        foreach (var r in rows)
        {
            for (int c = 0; c < r.Length; c++)
            {
                b.Append(r[c]);
                if (c < r.Length - 1) b.Append(' ', widths[c] - r[c].Length + 2);
            }
            b.Append('\n');
        }
        foreach (var g in s.Groups) b.Append(CultureInfo.InvariantCulture, $"sync group {g.Name}: {g.State} ({string.Join(", ", g.Members)})\n");
        foreach (var v in s.VirtualServers)
        {
            b.Append(CultureInfo.InvariantCulture, $"virtual server {v.Name}: quorum {(v.QuorumUp ? "up" : "down")} ({v.AliveWeight} alive, needs {v.Quorum}±{v.Hysteresis})");
            if (v.SorryServer is { } sorry) b.Append(CultureInfo.InvariantCulture, $", sorry server {sorry}{(v.SorryActive ? " in" : "")}");
            if (v.Suspended) b.Append(", suspended");
            b.Append('\n');
            foreach (var r in v.RealServers)
            {
                var checks = string.Join(' ', r.Checkers.Select(c => $"{c.Type}:{(c.Up ? "up" : "down")}"));
                b.Append(CultureInfo.InvariantCulture, $"  real server [{r.Address}]:{r.Port}  {(r.Alive ? "alive" : "down")}  weight {r.Weight}  {checks}\n");
            }
        }
        return b.ToString();
    }

    /// <summary>"45s", "3m12s", "2h05m", "3d04h".</summary>
    public static string Ago(TimeSpan t)
    {
        if (t < TimeSpan.Zero) t = TimeSpan.Zero;
        return t.TotalSeconds < 60 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalSeconds}s")
            : t.TotalMinutes < 60 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m{t.Seconds:D2}s")
            : t.TotalHours < 24 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:D2}m")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalDays}d{t.Hours:D2}h");
    }

    private static string FirstWord(string vip) => vip.Split(' ', 2)[0];
}
