using System.Globalization;
using KeepalivedSharp.Linux.Native;
using KeepalivedSharp.Linux.Processes;
using KeepalivedSharp.Settings;

namespace KeepalivedSharp.Probes.Misc;

/// <summary>
/// MISC_CHECK (check_misc.c): one run of misc_path, without a shell, as its checked user, in its own process
/// group. At misc_timeout (default the virtual server's delay_loop) the group gets SIGTERM, 2 s later SIGKILL,
/// and once the script is gone SIGKILL again for what it left behind (misc_check_child_thread). The exit code
/// goes to the engine, which applies misc_dynamic; <see cref="ProbeOutcome.Detail"/> is keepalived's reason
/// ("exited with status N", "due to signal N") or <see cref="TimedOut"/>. Output is discarded, as keepalived's.
/// </summary>
public sealed class MiscProbe(MiscScripts scripts) : IProbe
{
    /// <summary>The detail of a run killed at misc_timeout: keepalived logs "... timed out" without a reason.</summary>
    public const string TimedOut = "timed out";

    public async Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken cancel)
    {
        var spec = request.Spec;
        if (scripts.Find(spec.Checker) is not { } command)
            return ProbeOutcome.Failed($"misc script {spec.Checker.MiscPath} is not loaded");
        var start = command.ToSpec(spec.MiscTimeout ?? spec.ConnectTimeout) with { KillGrace = CheckProbe.MiscKillGrace, OutputLimit = 0 };
        cancel.ThrowIfCancellationRequested();
        RunningProcess process;
        try
        {
            // Shutdown or reload stops the run (TERM, then KILL, to the group); it is then no verdict.
            process = ProcessRunner.Start(start, cancel);
        }
        catch (LinuxNativeException e)
        {
            return ProbeOutcome.Failed($"could not be run: {e.Message}");
        }
        var outcome = await process.Completion.ConfigureAwait(false);
        if (outcome.Stopped) cancel.ThrowIfCancellationRequested();
        return Verdict(outcome);
    }

    /// <summary>misc_check_child_thread: an exit code is a verdict even after SIGTERM; TERM or KILL after the timeout is "timed out".</summary>
    internal static ProbeOutcome Verdict(ProcessOutcome outcome)
    {
        var status = outcome.Status;
        if (status.Exited)
        {
            return status.Code == 0
                ? new ProbeOutcome(true, null, 0)
                : new ProbeOutcome(false, string.Create(CultureInfo.InvariantCulture, $"exited with status {status.Code}"), status.Code);
        }
        return outcome.TimedOut && status.Signal is Signals.SIGTERM or Signals.SIGKILL
            ? ProbeOutcome.Failed(TimedOut)
            : ProbeOutcome.Failed(string.Create(CultureInfo.InvariantCulture, $"due to signal {status.Signal}"));
    }
}
