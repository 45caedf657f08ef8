using KeepalivedSharp.Core.Vrrp;

namespace KeepalivedSharp.Bench.Engine.Engine;

/// <summary>
/// Feeds prepared adverts to an engine round-robin, as a host's receive loop would: the action list
/// is cleared before each call, the clock moves 1 ms per advert. Counts what it fed so the caller
/// can check the engine accepted all of it.
/// </summary>
public sealed class ReceiveLoop(VrrpEngine engine, IReadOnlyList<ReceivedAdvert> adverts, TimeSpan start)
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);
    private readonly ReceivedAdvert[] _adverts = [.. adverts];
    private readonly List<EngineAction> _output = new(16);
    private TimeSpan _now = start;
    private int _next;

    public VrrpEngine Engine { get; } = engine;
    public long Fed { get; private set; }
    /// <summary>Actions the last call produced (for checking what the engine did).</summary>
    public IReadOnlyList<EngineAction> LastOutput => _output;

    public void Run(long count)
    {
        for (long k = 0; k < count; k++)
        {
            _output.Clear();
            _now += Step;
            Engine.Receive(_adverts[_next], _now, _output);
            if (++_next == _adverts.Length) _next = 0;
        }
        Fed += count;
    }
}
