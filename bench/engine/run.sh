#!/usr/bin/env bash
# Builds the engine benchmarks (Release), runs them pinned to one core and plots the figures.
#   bench/engine/run.sh            full run: bench/engine/results/ and docs/img/bench-engine.png
#   bench/engine/run.sh --quick    smoke run into a temporary folder (rough numbers, no plot update)
#   extra arguments go to the program, e.g. --suite engine --suite writer
# KS_BENCH_CPU picks the core (default 1). See docs/bench-engine.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cpu="${KS_BENCH_CPU:-1}"

quick=0
for a in "$@"; do [[ "$a" == "--quick" ]] && quick=1; done
if (( quick )); then out="$(mktemp -d /tmp/ks-bench-engine.XXXXXX)"; else out="$here/results"; fi

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "gnuplot not found: installing gnuplot-nox" >&2
    if [[ $(id -u) -eq 0 ]]; then DEBIAN_FRONTEND=noninteractive apt-get install -y gnuplot-nox >/dev/null
    else sudo DEBIAN_FRONTEND=noninteractive apt-get install -y gnuplot-nox >/dev/null; fi
fi

dotnet build "$here/KeepalivedSharp.Bench.Engine.csproj" -c Release -nologo -v q -clp:ErrorsOnly
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# One core, workstation non-concurrent GC (set in the project), tiered PGO on (the default).
taskset -c "$cpu" dotnet "$here/bin/Release/net10.0/ks-bench-engine.dll" --out "$out" "$@"

if (( ! quick )); then
    mkdir -p "$root/docs/img"
    gnuplot -e "results='$out/results.tsv'; output='$root/docs/img/bench-engine.png'" "$here/plot.gp"
    echo "plot written to $root/docs/img/bench-engine.png" >&2
fi
echo "results in $out" >&2
