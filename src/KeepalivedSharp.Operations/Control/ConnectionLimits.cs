namespace KeepalivedSharp.Operations.Control;

/// <summary>
/// What one client of the control socket or the metrics endpoint may cost: the request size, the
/// connections open at once, the time to send a complete request and the time to take the reply.
/// Bounded so that idle, slow or huge clients cannot hold memory or slots (hardening list item 30).
/// </summary>
public sealed record ConnectionLimits(int MaxRequestBytes, int MaxConnections, TimeSpan ReadTimeout, TimeSpan WriteTimeout)
{
    /// <summary>Control requests are one short JSON line (<c>{"command":"status"}</c>).</summary>
    public static ConnectionLimits Control { get; } = new(4 * 1024, 8, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

    /// <summary>A scrape is a GET with a few headers.</summary>
    public static ConnectionLimits Metrics { get; } = new(8 * 1024, 8, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

    /// <summary>A token cancelled at <paramref name="timeout"/> or when <paramref name="stop"/> is.</summary>
    internal static CancellationTokenSource Deadline(TimeSpan timeout, CancellationToken stop)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        cts.CancelAfter(timeout);
        return cts;
    }
}
