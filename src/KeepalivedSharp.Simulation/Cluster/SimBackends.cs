using System.Net;
using KeepalivedSharp.Core.Check;
using KeepalivedSharp.Host.Check;
using KeepalivedSharp.Probes;

namespace KeepalivedSharp.Simulation.Cluster;

/// <summary>How a simulated backend answers: the scenario's <c>at T backend ADDRESS:PORT MODE</c>.</summary>
public enum BackendMode
{
    /// <summary>Accepts and answers (HTTP with its status, 200 by default).</summary>
    Up,
    /// <summary>Refuses connections (a TCP RST, an ICMP unreachable, a script's exit 1).</summary>
    Down,
    /// <summary>Never answers: every probe runs into its own timeout.</summary>
    Blackhole,
}

/// <summary>
/// The backends every node's checkers probe, shared by the whole simulated cluster: an event applies to
/// every checker that probes that address and port, on every node (issue 11 deliverable 7).
/// </summary>
public sealed class SimBackends
{
    /// <summary>How long a backend that answers takes to answer (a refusal or a reply): a LAN round trip.</summary>
    public static readonly TimeSpan AnswerDelay = TimeSpan.FromMilliseconds(1);

    private readonly Dictionary<IPEndPoint, (BackendMode Mode, int HttpStatus)> _state = [];

    public (BackendMode Mode, int HttpStatus) Of(IPEndPoint backend) => _state.GetValueOrDefault(backend, (BackendMode.Up, 200));

    public void Set(IPEndPoint backend, BackendMode mode, int? httpStatus)
        => _state[backend] = (mode, httpStatus ?? Of(backend).HttpStatus);

    /// <summary>
    /// What one attempt gets from its backend and when, as each checker judges it (check_*.c): a refusal fails at
    /// once; a blackhole fails at the checker's timeout, except UDP_CHECK without require_reply, where silence is
    /// success; HTTP_GET/SSL_GET fail on a status outside the url's status_code set (200-299 by default); MISC_CHECK
    /// exits 0, exits 1, or is killed at misc_timeout.
    /// </summary>
    public (ProbeFinished Answer, TimeSpan After) Answer(ProbeRequest request)
    {
        var spec = request.Spec;
        var (mode, status) = Of(spec.Target);
        var timeout = spec.Checker.Type == CheckerKind.Misc ? spec.MiscTimeout ?? spec.ConnectTimeout : spec.ConnectTimeout;
        ProbeFinished Done(bool ok, string? detail, int? exit = null) => new(request.Probe, ok, exit, detail);
        return (spec.Checker.Type, mode) switch
        {
            (CheckerKind.Misc, BackendMode.Up) => (Done(true, null, 0), AnswerDelay),
            (CheckerKind.Misc, BackendMode.Down) => (Done(false, "exit 1", 1), AnswerDelay),
            (CheckerKind.Misc, _) => (Done(false, "timed out"), timeout),
            (CheckerKind.Udp, BackendMode.Blackhole) => (Done(!spec.Checker.RequireReply, spec.Checker.RequireReply ? "no reply" : null), timeout),
            (_, BackendMode.Blackhole) => (Done(false, "timeout"), timeout),
            (_, BackendMode.Down) => (Done(false, "connection refused"), AnswerDelay),
            (CheckerKind.Http or CheckerKind.Ssl, _) => (Probes.Http.UrlVerdict.StatusAllowed(spec.Url(request.Url)?.StatusCodes ?? [], status)
                ? Done(true, null)
                : Done(false, $"HTTP status code error, status_code [{status}]"), AnswerDelay),
            _ => (Done(true, null), AnswerDelay),
        };
    }
}
