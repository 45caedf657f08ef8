using KeepalivedSharp.Core.Timing;

namespace KeepalivedSharp.Core.Check;

/// <summary>
/// One checker's state (keepalived's is_up, has_run, retry_it) and schedule. Counting follows
/// check_api.c and the checkers' epilogs: retry_it starts at retry, so a non-alpha checker's first
/// failure takes it down at once; while up, a failure is retried after delay_before_retry
/// <c>retry</c> times, so retry+1 consecutive failures take it down; while down one attempt runs
/// per delay_loop and one success brings it up (there is no rise count); HTTP_GET and SSL_GET count
/// by url (<see cref="CountUrl"/>).
/// </summary>
internal sealed class CheckerRuntime(CheckerRef id, CheckerSettings settings) : Timed
{
    public CheckerRef Id { get; } = id;
    public CheckerSettings Settings { get; } = settings;
    public bool IsUp { get; set; } = !settings.Alpha;
    public bool HasRun { get; set; }
    public int RetryIt { get; set; } = settings.Retry;
    /// <summary>The HTTP url to check next.</summary>
    public int Url { get; set; }
    /// <summary>While down: the url that failed, which alone is polled until it passes.</summary>
    public int? FailedUrl { get; set; }
    /// <summary>Weight added to the real server (misc_dynamic, FILE_CHECK).</summary>
    public long Contribution { get; set; }
    /// <summary>FILE_CHECK: the last value read from the file.</summary>
    public long? FileValue { get; set; }
    public long Probe { get; set; }
    public bool InFlight { get; set; }
    public TimeSpan StartedAt { get; set; }
    private TimeSpan? _next;

    public TimeSpan? Next
    {
        get => _next;
        set { _next = value; Touch(); }
    }

    public override TimeSpan? Deadline =>
        InFlight ? (Settings.ProbeLimit is { } limit ? StartedAt + limit : null) : Next;

    public void Started(TimeSpan now, long probe)
    {
        InFlight = true;
        Probe = probe;
        StartedAt = now;
        Touch();
    }

    /// <summary>Counts one verdict; returns whether the checker went up or down.</summary>
    public bool Count(bool ok, TimeSpan now, out int retry)
    {
        InFlight = false;
        bool first = !HasRun;
        HasRun = true;
        bool wasUp = IsUp;
        var s = Settings;
        var from = s.ScheduledFromStart ? StartedAt : now;
        retry = 0;
        if (s.UrlCount > 0 && s.Kind is CheckerKind.Http or CheckerKind.Ssl) return CountUrl(ok, first, from, out retry);
        if (ok)
        {
            RetryIt = 0;
            IsUp = true;
            Next = from + s.DelayLoop;
        }
        else if ((IsUp || first) && RetryIt < s.Retry)
        {
            retry = ++RetryIt;
            Next = from + s.DelayBeforeRetry;
        }
        else
        {
            retry = RetryIt;
            RetryIt = 0;
            IsUp = false;
            Next = from + s.DelayLoop;
        }
        return wasUp != IsUp;
    }

    /// <summary>
    /// HTTP_GET/SSL_GET url sequencing (check_http.c): one url per delay_loop; up only after the
    /// whole list passed; after retry+1 failures of a url the checker goes down and polls only that
    /// url every max(delay_before_retry, delay_loop); when it passes the list restarts from the top.
    /// fast_recovery drops the delay_loop gaps while the checker is coming up. A single url is no
    /// exception: after a failure keepalived needs two passes, one clearing failed_url and one the list.
    /// </summary>
    private bool CountUrl(bool ok, bool first, TimeSpan from, out int retry)
    {
        retry = 0;
        var s = Settings;
        bool wasUp = IsUp;
        var downGap = s.DelayBeforeRetry > s.DelayLoop ? s.DelayBeforeRetry : s.DelayLoop;
        if (ok)
        {
            RetryIt = 0;
            if (IsUp)
            {
                Url = (Url + 1) % s.UrlCount;
                Next = from + s.DelayLoop;
            }
            else if (FailedUrl is not null)
            {
                FailedUrl = null;
                Url = 0;
                Next = from + (s.FastRecovery ? TimeSpan.Zero : s.DelayLoop);
            }
            else if (Url == s.UrlCount - 1)
            {
                IsUp = true;
                Url = 0;
                Next = from + s.DelayLoop;
            }
            else
            {
                Url++;
                Next = from + (s.FastRecovery ? TimeSpan.Zero : s.DelayLoop);
            }
        }
        else if ((IsUp || first) && RetryIt < s.Retry)
        {
            retry = ++RetryIt;
            Next = from + s.DelayBeforeRetry;
        }
        else
        {
            retry = RetryIt;
            RetryIt = 0;
            IsUp = false;
            FailedUrl = Url;
            Next = from + downGap;
        }
        return wasUp != IsUp;
    }

    /// <summary>Copies the state of the equal checker it replaces on reload (migrate_checkers).</summary>
    public void Inherit(CheckerRuntime old)
    {
        IsUp = old.IsUp;
        HasRun = old.HasRun;
        RetryIt = old.RetryIt;
        Url = old.Url;
        FailedUrl = old.FailedUrl;
        Contribution = old.Contribution;
        FileValue = old.FileValue;
        Probe = old.Probe;
        InFlight = old.InFlight;
        StartedAt = old.StartedAt;
        Next = old.Next;
    }
}
