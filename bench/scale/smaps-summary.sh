#!/usr/bin/env bash
# Where a process's memory goes: Rss, Pss and Private (USS) of each /proc/PID/smaps file given, by
# kind of mapping: the executable itself, shared libraries, [heap], [stack], anonymous (for .NET:
# the GC's regions, thread stacks, the runtime's own allocations), other ([vdso], files).
# Usage: bench/scale/smaps-summary.sh SMAPS...   (files kept by run.sh with KS_BSC_SMAPS=1)
set -euo pipefail
for f in "$@"; do
    awk -v name="$(basename "$f")" '
        /^[0-9a-f]+-[0-9a-f]+ / { path = $6; kind = "other"
            if (path == "") kind = "anonymous"
            else if (path ~ /(keepalived-sharp|keepalived|\/bin\/[^\/]+)$/ && path !~ /\.so/) kind = "executable"
            else if (path ~ /\.so/) kind = "libraries"
            else if (path == "[heap]") kind = "[heap]"
            else if (path == "[stack]") kind = "[stack]"
            if (kind == "anonymous") n[kind]++
            next }
        $1 == "Rss:" { r[kind] += $2 } $1 == "Pss:" { p[kind] += $2 }
        $1 ~ /^Private_(Clean|Dirty):$/ { u[kind] += $2 }
        END { printf "%s\n  %-12s %8s %8s %8s\n", name, "kind", "Rss kB", "Pss kB", "USS kB"
              split("executable libraries [heap] [stack] anonymous other", ks, " ")
              for (i = 1; i <= 6; i++) { k = ks[i]; tr += r[k]; tp += p[k]; tu += u[k]
                  printf "  %-12s %8d %8d %8d%s\n", k, r[k], p[k], u[k], k == "anonymous" ? "  (" n[k] + 0 " mappings)" : "" }
              printf "  %-12s %8d %8d %8d\n", "total", tr, tp, tu }' "$f"
done
