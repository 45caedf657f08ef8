using System.Collections.Frozen;
using KeepalivedSharp.Config;
using KeepalivedSharp.Core.Check;
using Microsoft.Extensions.Logging;

namespace KeepalivedSharp.Probes;

/// <summary>
/// What probes may need from the process: logging, the clock, SSL_GET's top-level SSL block, MISC_CHECK's
/// checked scripts (none: every MISC_CHECK fails as not loaded). More as checker types need them.
/// </summary>
public sealed record ProbeServices(ILoggerFactory Logs, TimeProvider Time, SslConfig? Ssl = null, Misc.MiscScripts? Misc = null);

/// <summary>
/// The probe of every checker type, in one place for the daemon, genhash and the tests. Each attempt
/// is bounded by its <see cref="Settings.CheckProbe.Budget"/> here as well, whatever the probe does.
/// </summary>
public sealed class ProbeSet
{
    private readonly FrozenDictionary<CheckerKind, IProbe> _probes;
    private readonly TimeProvider _time;

    public ProbeSet(IEnumerable<KeyValuePair<CheckerKind, IProbe>> probes, TimeProvider time)
    {
        _probes = probes.ToFrozenDictionary();
        _time = time;
    }

    /// <summary>Every checker type that has a probe; each branch adds its own.</summary>
    public static ProbeSet Create(ProbeServices services) => new(new Dictionary<CheckerKind, IProbe>
    {
        [CheckerKind.Tcp] = new Tcp.TcpProbe(),
        [CheckerKind.Udp] = new Udp.UdpProbe(),
        [CheckerKind.Ping] = new Ping.PingProbe(),
        [CheckerKind.Http] = Http.HttpProbe.Plain(),
        [CheckerKind.Ssl] = new Http.HttpProbe(new Http.TlsClient(services.Ssl)),
        [CheckerKind.Misc] = new Misc.MiscProbe(services.Misc ?? new Misc.MiscScripts()),
        [CheckerKind.Dns] = new Dns.DnsProbe(),
        [CheckerKind.Smtp] = new Smtp.SmtpProbe(),
    }, services.Time);

    public bool Supports(CheckerKind kind) => _probes.ContainsKey(kind);

    /// <summary>Runs one attempt; never throws for what the backend does (a bug in a probe is a failed check, with its reason).</summary>
    public async Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken cancel)
    {
        if (!_probes.TryGetValue(request.Spec.Checker.Type, out var probe))
            return ProbeOutcome.Failed($"{request.Spec.Checker.Type} has no probe");
        using var budget = new CancellationTokenSource(request.Spec.Budget, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, budget.Token);
        try
        {
            return await probe.RunAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            return ProbeOutcome.Failed("timeout");
        }
    }
}
