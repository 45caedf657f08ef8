namespace KeepalivedSharp.Daemon.Tests.Daemon.Ipvs;

/// <summary>The start every IPVS guest script shares: $J (its job directory), a private $RUN, and the helpers.</summary>
internal static class GuestScript
{
    /// <summary>
    /// <c>alive PID</c>; <c>upto CONDITION</c>, every 0.1 s for at most $UPTO tries (the script sets UPTO);
    /// <c>has TEXT</c> in <c>ipvsadm -Ln</c>; <c>out NAME VALUE</c>, a result line in $J/out.
    /// </summary>
    public const string Preamble = """
        set -u
        J=$KS_JOB
        RUN=$(mktemp -d)
        export J RUN
        # A zombie still answers kill -0; /proc's state does not.
        alive() { grep -qs '^State:[[:space:]]*[^Z[:space:]]' "/proc/$1/status"; }
        upto() { i=0; until eval "$1"; do i=$((i + 1)); [ $i -ge "$UPTO" ] && return 1; sleep 0.1; done; }
        has() { ipvsadm -Ln | grep -qF -- "$1"; }
        out() { echo "$1 $2" >>"$J/out"; }

        """;
}
