using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using KeepalivedSharp.Config;
using KeepalivedSharp.Simulation.Cluster;

namespace KeepalivedSharp.Simulation.Scenarios;

/// <summary>Parses the plain-text scenario language, one directive a line, <c>#</c> for comments.</summary>
public static class ScenarioParser
{
    public static (Scenario? Scenario, ImmutableArray<Diagnostic> Diagnostics) ParseFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, [new Diagnostic(Severity.Error, new SourceLocation(path, 0), $"cannot read scenario: {e.Message}")]);
        }
        return Parse(text, path);
    }

    public static (Scenario? Scenario, ImmutableArray<Diagnostic> Diagnostics) Parse(string text, string fileName)
    {
        var errors = ImmutableArray.CreateBuilder<Diagnostic>();
        var nodes = ImmutableArray.CreateBuilder<ScenarioNode>();
        var links = ImmutableArray.CreateBuilder<ScenarioLink>();
        var events = ImmutableArray.CreateBuilder<ScenarioEvent>();
        TimeSpan? runUntil = null;
        int seed = 1;
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? ".";
        var lines = text.Split('\n');

        for (int n = 0; n < lines.Length; n++)
        {
            int lineNo = n + 1;
            var line = lines[n];
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0) line = line[..hash];
            var w = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (w.Length == 0) continue;

            void Error(string message) => errors.Add(new Diagnostic(Severity.Error, new SourceLocation(fileName, lineNo), message));

            switch (w[0])
            {
                case "node":
                    if (w.Length is < 3 or > 4) { Error("expected: node NAME CONFIG-FILE [CONFIG-ID]"); break; }
                    if (nodes.Any(x => x.Name == w[1])) { Error($"node '{w[1]}' is already defined"); break; }
                    nodes.Add(new ScenarioNode(w[1], Path.GetFullPath(Path.Combine(baseDir, w[2])), w.Length == 4 ? w[3] : null, lineNo));
                    break;
                case "link":
                    if (ParseLink(w[1..], Error) is { } link) links.Add(new ScenarioLink(link.A, link.B, link.Delay, link.Loss, lineNo));
                    break;
                case "run":
                    if (w.Length != 2 || !TryParseTime(w[1], out var until)) { Error("expected: run SECONDS"); break; }
                    runUntil = until;
                    break;
                case "seed":
                    if (w.Length != 2 || !int.TryParse(w[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out seed)) Error("expected: seed INTEGER");
                    break;
                case "at":
                    var e = ParseEvent(w, lineNo, Error);
                    if (e is not null) events.Add(e);
                    break;
                default:
                    Error($"unknown directive '{w[0]}' (expected node, link, at, run or seed)");
                    break;
            }
        }

        // Names used by links and events must be defined nodes.
        var names = nodes.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var l in links)
        {
            foreach (var name in new[] { l.A, l.B }.Where(x => !names.Contains(x)))
                errors.Add(new Diagnostic(Severity.Error, new SourceLocation(fileName, l.Line), $"unknown node '{name}'"));
        }
        foreach (var e in events)
        {
            var used = e.Sides.SelectMany(s => s).Concat(e.Node is null ? [] : [e.Node])
                .Concat(e.Action == ScenarioAction.Link ? [e.Name!] : []);
            foreach (var name in used.Where(x => !names.Contains(x)))
                errors.Add(new Diagnostic(Severity.Error, new SourceLocation(fileName, e.Line), $"unknown node '{name}'"));
        }
        if (nodes.Count == 0) errors.Add(new Diagnostic(Severity.Error, new SourceLocation(fileName, lines.Length), "no node defined"));
        if (runUntil is null) errors.Add(new Diagnostic(Severity.Error, new SourceLocation(fileName, lines.Length), "missing 'run SECONDS'"));

        if (errors.Count > 0) return (null, [.. errors.OrderBy(e => e.Location.Line)]);
        var ordered = events.OrderBy(e => e.At).ThenBy(e => e.Line).ToImmutableArray();
        return (new Scenario(fileName, nodes.ToImmutable(), links.ToImmutable(), ordered, runUntil!.Value, seed), []);
    }

    /// <summary>Parses <c>A B [delay TIME] [loss PERCENT%]</c>.</summary>
    private static (string A, string B, TimeSpan Delay, double Loss)? ParseLink(string[] w, Action<string> error)
    {
        if (w.Length < 2) { error("expected: link A B [delay TIME] [loss PERCENT%]"); return null; }
        var delay = TimeSpan.Zero;
        double loss = 0;
        for (int k = 2; k < w.Length; k++)
        {
            if (w[k] == "delay" && k + 1 < w.Length && TryParseTime(w[k + 1], out delay)) k++;
            else if (w[k] == "loss" && k + 1 < w.Length && TryParsePercent(w[k + 1], out loss)) k++;
            else { error($"bad link option '{w[k]}' (expected delay TIME or loss PERCENT%)"); return null; }
        }
        return (w[0], w[1], delay, loss);
    }

    private static ScenarioEvent? ParseEvent(string[] w, int lineNo, Action<string> error)
    {
        if (w.Length < 3 || !TryParseTime(w[1], out var at))
        {
            error("expected: at SECONDS ACTION ...");
            return null;
        }
        string verb = w[2];
        ScenarioEvent? Node(ScenarioAction a, int count)
        {
            if (w.Length != 3 + count) { error($"'{verb}' takes {count} argument(s)"); return null; }
            return new ScenarioEvent(at, a, lineNo) { Node = w[3], Name = count > 1 ? w[4] : null };
        }
        switch (verb)
        {
            case "crash": return Node(ScenarioAction.Crash, 1);
            case "start": return Node(ScenarioAction.Start, 1);
            case "stop": return Node(ScenarioAction.Stop, 1);
            case "link-down": return Node(ScenarioAction.LinkDown, 2);
            case "link-up": return Node(ScenarioAction.LinkUp, 2);
            case "link":
                if (ParseLink(w[3..], error) is not { } link) return null;
                return new ScenarioEvent(at, ScenarioAction.Link, lineNo) { Node = link.A, Name = link.B, Delay = link.Delay, Loss = link.Loss };
            case "heal":
                if (w.Length != 3) { error("'heal' takes no argument"); return null; }
                return new ScenarioEvent(at, ScenarioAction.Heal, lineNo);
            case "script":
            case "process":
                if (w.Length != 6 || (w[5] != "ok" && w[5] != "fail" && (verb != "script" || w[5] != "hang")))
                {
                    error(verb == "script" ? "expected: at T script NODE NAME ok|fail|hang" : "expected: at T process NODE NAME ok|fail");
                    return null;
                }
                return new ScenarioEvent(at, verb == "script" ? ScenarioAction.Script : ScenarioAction.Process, lineNo)
                { Node = w[3], Name = w[4], Ok = w[5] == "ok", Hang = w[5] == "hang" };
            case "file":
                if (w.Length != 6 || !long.TryParse(w[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                {
                    error("expected: at T file NODE NAME VALUE");
                    return null;
                }
                return new ScenarioEvent(at, ScenarioAction.File, lineNo) { Node = w[3], Name = w[4], Value = value };
            case "backend":
                return ParseBackend(w, at, lineNo, error);
            case "partition":
                var sides = string.Join(' ', w[3..]).Split('/')
                    .Select(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToImmutableArray())
                    .ToImmutableArray();
                if (sides.Length < 2 || sides.Any(s => s.IsEmpty))
                {
                    error("expected: at T partition A [B ...] / C [D ...]");
                    return null;
                }
                return new ScenarioEvent(at, ScenarioAction.Partition, lineNo) { Sides = sides };
            default:
                error($"unknown action '{verb}' (crash, start, stop, script, process, file, link-down, link-up, link, partition, heal, backend)");
                return null;
        }
    }

    /// <summary><c>at T backend ADDRESS:PORT down|up|blackhole|http-status N</c>; IPv6 as <c>[fd00::5]:80</c>.</summary>
    private static ScenarioEvent? ParseBackend(string[] w, TimeSpan at, int lineNo, Action<string> error)
    {
        const string usage = "expected: at T backend ADDRESS:PORT down|up|blackhole|http-status N";
        if (w.Length < 5 || !IPEndPoint.TryParse(w[3], out var backend) || backend.Port == 0) { error(usage); return null; }
        var e = new ScenarioEvent(at, ScenarioAction.Backend, lineNo) { Backend = backend };
        switch (w[4])
        {
            case "down" when w.Length == 5: return e with { Mode = BackendMode.Down };
            case "up" when w.Length == 5: return e with { Mode = BackendMode.Up };
            case "blackhole" when w.Length == 5: return e with { Mode = BackendMode.Blackhole };
            case "http-status" when w.Length == 6 && int.TryParse(w[5], NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 999:
                return e with { Mode = BackendMode.Up, HttpStatus = status };
            default: error(usage); return null;
        }
    }

    /// <summary>Seconds, or a number with an <c>ms</c> or <c>s</c> suffix.</summary>
    public static bool TryParseTime(string s, out TimeSpan value)
    {
        double scale = 1;
        if (s.EndsWith("ms", StringComparison.Ordinal)) { scale = 0.001; s = s[..^2]; }
        else if (s.EndsWith('s')) s = s[..^1];
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 && d < 1e7)
        {
            value = TimeSpan.FromMicroseconds(Math.Round(d * scale * 1e6));
            return true;
        }
        value = default;
        return false;
    }

    private static bool TryParsePercent(string s, out double value)
    {
        if (s.EndsWith('%')) s = s[..^1];
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value is >= 0 and <= 100)
        {
            value /= 100;
            return true;
        }
        return false;
    }
}
