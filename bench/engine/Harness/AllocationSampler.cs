using System.Diagnostics.Tracing;

namespace KeepalivedSharp.Bench.Engine.Harness;

/// <summary>
/// Which types a piece of code allocates, from the runtime's GCAllocationTick events (one event per
/// about 100 KB allocated, naming the type that crossed the threshold). Sampled: shares are
/// meaningful once a few hundred ticks have been seen. Runs outside the timed iterations.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEventId = 10;

    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _recording;
    private long _ticks;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource) EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEventId || eventData.PayloadNames is null || eventData.Payload is null) return;
        int typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        int amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0 || amountIndex < 0) return;
        var type = eventData.Payload[typeIndex] as string ?? "?";
        var amount = Convert.ToInt64(eventData.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture);
        lock (_gate)
        {
            if (!_recording) return;
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
            _ticks++;
        }
    }

    /// <summary>Runs <paramref name="body"/> and returns the sampled types with their share of the bytes, largest first.</summary>
    public IReadOnlyList<(string Type, double Share)> Sample(Action body)
    {
        lock (_gate)
        {
            _bytesByType.Clear();
            _recording = true;
        }
        body();
        WaitForQuiet();
        lock (_gate)
        {
            _recording = false;
            double total = _bytesByType.Values.Sum();
            return total == 0 ? [] : [.. _bytesByType.OrderByDescending(kv => kv.Value).Select(kv => (kv.Key, kv.Value / total))];
        }
    }

    /// <summary>Runtime events reach listeners asynchronously: wait until no tick has arrived for 200 ms (at most 3 s).</summary>
    private void WaitForQuiet()
    {
        var deadline = DateTime.UtcNow.AddSeconds(3);
        long seen = -1;
        while (DateTime.UtcNow < deadline)
        {
            long now;
            lock (_gate) now = _ticks;
            if (now == seen) return;
            seen = now;
            Thread.Sleep(200);
        }
    }
}
