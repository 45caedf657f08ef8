using System.Collections.Immutable;
using System.Net;
using KeepalivedSharp.Core.Tracking;
using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Core.Tests.Vrrp;

/// <summary>Drives one engine in virtual time and keeps every action with the time it was emitted.</summary>
internal sealed class EngineHarness
{
    public static readonly IPAddress Us = IPAddress.Parse("10.0.0.2");
    public static readonly IPAddress Peer = IPAddress.Parse("10.0.0.1");
    public static readonly IPAddress HighPeer = IPAddress.Parse("10.0.0.9");
    public static readonly IPAddress Vip = IPAddress.Parse("10.0.0.100");

    private readonly List<EngineAction> _buffer = [];
    public VrrpEngine Engine { get; }
    public TimeSpan Now { get; private set; }
    public List<(TimeSpan At, EngineAction Action)> Log { get; } = [];

    public EngineHarness(InstanceSettings settings, ScriptSettings[]? scripts = null, ProcessSettings[]? processes = null)
        : this([settings], [], scripts, processes) { }

    public EngineHarness(InstanceSettings[] settings, SyncGroupSettings[] groups, ScriptSettings[]? scripts = null, ProcessSettings[]? processes = null)
        => Engine = new VrrpEngine(settings, groups, scripts ?? [], processes ?? []);

    /// <summary>
    /// The outcome each script's runs end with at once, as a host would report them; a script
    /// without one (or with <see cref="AutoAnswer"/> off) leaves its runs in progress.
    /// </summary>
    public Dictionary<string, bool> Outcomes { get; } = new(StringComparer.Ordinal);

    public bool AutoAnswer { get; set; } = true;

    public static InstanceSettings Instance(int priority = 100, int version = 2, Func<InstanceSettings, InstanceSettings>? tweak = null, string name = "VI_1", byte vrid = 51)
    {
        var s = new InstanceSettings
        {
            Name = name,
            Interface = "eth0",
            VirtualRouterId = vrid,
            Version = version,
            Priority = priority,
            AdvertInterval = TimeSpan.FromSeconds(1),
            VirtualAddresses = [Vip],
            SourceAddress = Us,
        };
        return tweak is null ? s : tweak(s);
    }

    public static Advertisement Advert(int priority, int version = 2, TimeSpan? interval = null, byte vrid = 51, ImmutableArray<IPAddress>? addresses = null)
        => new()
        {
            Version = version,
            VirtualRouterId = vrid,
            Priority = priority,
            Interval = interval ?? TimeSpan.FromSeconds(1),
            Addresses = addresses ?? [Vip],
        };

    public void Start() => Call(e => e.Start(Now, _buffer));

    public void Receive(Advertisement a, IPAddress? from = null, bool multicast = true, int ttl = -1)
        => Call(e => e.Receive(new ReceivedAdvert("eth0", from ?? Peer, multicast, a, ttl), Now, _buffer));

    /// <summary>
    /// The script now returns <paramref name="ok"/>: the run in progress ends with it (or, with
    /// none, the result counts at once), and later runs end with it too.
    /// </summary>
    public void Script(string name, bool ok)
    {
        Outcomes[name] = ok;
        long run = Engine.ScriptRunInProgress(name);
        Call(e => e.ScriptResult(name, ok, Now, _buffer, run));
    }

    /// <summary>Reports the end of run <paramref name="run"/> as the host would.</summary>
    public void Answer(string name, long run, bool ok) => Call(e => e.ScriptResult(name, ok, Now, _buffer, run));

    public void Process(string name, bool quorum) => Call(e => e.ProcessQuorum(name, quorum, Now, _buffer));

    public void Reconfigure(InstanceSettings[] instances, ScriptSettings[] scripts, ProcessSettings[]? processes = null)
        => Call(e => e.Reconfigure(instances, [], scripts, Now, _buffer, processes));

    /// <summary>Reconfigures with <paramref name="instances"/> (no groups, no scripts) and returns that call's actions only.</summary>
    public static List<EngineAction> Reload(EngineHarness h, params InstanceSettings[] instances)
    {
        var output = new List<EngineAction>();
        h.Engine.Reconfigure(instances, [], [], h.Now, output);
        return output;
    }

    public void Link(string name, bool up) => Call(e => e.InterfaceState(name, up, Now, _buffer));

    public void Stop() => Call(e => e.Stop(Now, _buffer));

    /// <summary>Advances virtual time to <paramref name="until"/>, firing every timer on the way.</summary>
    public void RunUntil(TimeSpan until)
    {
        while (Engine.NextDeadline is { } d && d <= until)
        {
            Now = d;
            Call(e => e.Tick(Now, _buffer));
        }
        Now = until;
    }

    public void RunUntil(double seconds) => RunUntil(TimeSpan.FromMicroseconds(Math.Round(seconds * 1e6)));

    /// <summary>Runs until a master advert's timer; sends adverts from a peer every interval meanwhile.</summary>
    public void Feed(double fromSeconds, double untilSeconds, double everySeconds, Func<Advertisement> advert, IPAddress? source = null)
    {
        int count = (int)Math.Round((untilSeconds - fromSeconds) / everySeconds);
        for (int k = 0; k <= count; k++)
        {
            RunUntil(TimeSpan.FromMicroseconds(Math.Round((fromSeconds + k * everySeconds) * 1e6)));
            Receive(advert(), source);
        }
    }

    public IEnumerable<(TimeSpan At, StateChanged Change)> Transitions
        => Log.Where(l => l.Action is StateChanged).Select(l => (l.At, (StateChanged)l.Action));

    public VrrpState State => Engine.Snapshot()[0].State;

    public TimeSpan? BecameMasterAt(string instance = "VI_1")
        => Transitions.Where(t => t.Change.Instance == instance && t.Change.To == VrrpState.Master).Select(t => (TimeSpan?)t.At).FirstOrDefault();

    public IEnumerable<T> Actions<T>() where T : EngineAction => Log.Select(l => l.Action).OfType<T>();

    private void Call(Action<VrrpEngine> call)
    {
        _buffer.Clear();
        call(Engine);
        var runs = _buffer.OfType<RunScript>().ToList();
        foreach (var a in _buffer) Log.Add((Now, a));
        foreach (var r in runs)
        {
            if (AutoAnswer && Outcomes.TryGetValue(r.Script, out var ok)) Answer(r.Script, r.Run, ok);
        }
    }
}
