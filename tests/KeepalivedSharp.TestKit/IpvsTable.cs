namespace KeepalivedSharp.TestKit;

/// <summary>
/// <c>ipvsadm -Ln</c> output reduced to what two daemons driving the same config must agree on:
/// no header, single spaces, services sorted and each service's real servers sorted under it.
/// </summary>
public static class IpvsTable
{
    public static string Normalize(string ipvsadmLn)
    {
        var services = new List<(string Service, List<string> Servers)>();
        foreach (var raw in ipvsadmLn.Split('\n'))
        {
            var line = string.Join(' ', raw.Split(' ', '\t', '\r').Where(w => w.Length > 0));
            if (line.Length == 0 || line.StartsWith("IP Virtual Server", StringComparison.Ordinal)
                || line.StartsWith("Prot LocalAddress", StringComparison.Ordinal)
                || line.StartsWith("-> RemoteAddress", StringComparison.Ordinal))
                continue;
            if (line.StartsWith("->", StringComparison.Ordinal) && services.Count > 0)
                services[^1].Servers.Add(line);
            else
                services.Add((line, []));
        }
        return string.Join('\n', services
            .OrderBy(s => s.Service, StringComparer.Ordinal)
            .SelectMany(s => s.Servers.Order(StringComparer.Ordinal).Select(r => "  " + r).Prepend(s.Service)));
    }
}
