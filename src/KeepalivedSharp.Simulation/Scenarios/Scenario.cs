using System.Collections.Immutable;

namespace KeepalivedSharp.Simulation.Scenarios;

/// <summary>A cluster scenario: nodes with their real config files, links, timed events and a run length.</summary>
public sealed record Scenario(
    string File,
    ImmutableArray<ScenarioNode> Nodes,
    ImmutableArray<ScenarioLink> Links,
    ImmutableArray<ScenarioEvent> Events,
    TimeSpan RunUntil,
    int Seed);

/// <summary><c>node NAME FILE [CONFIG-ID]</c>. The file path is resolved against the scenario's folder.</summary>
public sealed record ScenarioNode(string Name, string ConfigPath, string? ConfigId, int Line);

/// <summary><c>link A B delay 1ms loss 0%</c>: both directions between two nodes.</summary>
public sealed record ScenarioLink(string A, string B, TimeSpan Delay, double Loss, int Line);

public enum ScenarioAction
{
    Crash,
    Start,
    Stop,
    Script,
    LinkDown,
    LinkUp,
    Partition,
    Heal,
    File,
    Process,
    /// <summary><c>at T link A B delay X loss Y%</c>: change a link during the run.</summary>
    Link,
    /// <summary><c>at T backend ADDRESS:PORT down|up|blackhole|http-status N</c>: every node's checkers of that backend see it.</summary>
    Backend,
}

/// <summary>
/// <c>at T ACTION ...</c>. Node is the target node (null for partition/heal); Name is the script,
/// interface, file or process; Ok the script/process outcome; Value a track_file value; Sides the
/// partition's groups of nodes.
/// </summary>
public sealed record ScenarioEvent(TimeSpan At, ScenarioAction Action, int Line)
{
    public string? Node { get; init; }
    public string? Name { get; init; }
    public bool Ok { get; init; }
    /// <summary>A script's runs hang from now on (the engine's timeout kills each one).</summary>
    public bool Hang { get; init; }
    public long Value { get; init; }
    public TimeSpan Delay { get; init; }
    public double Loss { get; init; }
    public ImmutableArray<ImmutableArray<string>> Sides { get; init; } = [];
    /// <summary>The backend of a <see cref="ScenarioAction.Backend"/> event, its mode and the HTTP status it serves.</summary>
    public System.Net.IPEndPoint? Backend { get; init; }
    public Cluster.BackendMode Mode { get; init; }
    public int? HttpStatus { get; init; }
}
