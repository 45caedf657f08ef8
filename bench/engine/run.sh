#!/usr/bin/env bash
# Builds the engine benchmarks in Release, runs them pinned to one core under the JIT and as
# NativeAOT (how the daemon ships), and plots the figures.
#   bench/engine/run.sh            full run: bench/engine/results/{jit,aot}/ and docs/img/bench-engine.png
#   bench/engine/run.sh --quick    smoke run into a temporary folder (rough numbers, no plot update)
#   extra arguments go to the program, e.g. --suite engine --suite writer
# KS_BENCH_CPU picks the core (default 1); KS_BENCH_MODES="jit aot" picks the builds. See docs/bench-engine.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cpu="${KS_BENCH_CPU:-1}"
modes="${KS_BENCH_MODES:-jit aot}"
project="$here/KeepalivedSharp.Bench.Engine.csproj"

quick=0
for a in "$@"; do [[ "$a" == "--quick" ]] && quick=1; done
if (( quick )); then out="$(mktemp -d /tmp/ks-bench-engine.XXXXXX)"; else out="$here/results"; fi

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "gnuplot not found: installing gnuplot-nox" >&2
    if [[ $(id -u) -eq 0 ]]; then DEBIAN_FRONTEND=noninteractive apt-get install -y gnuplot-nox >/dev/null
    else sudo DEBIAN_FRONTEND=noninteractive apt-get install -y gnuplot-nox >/dev/null; fi
fi

# Without this the JIT keeps postponing tier-1 while the first case runs (the first case of a
# suite then measures tier-0 code); it changes when tier-up happens, not the code it produces.
export DOTNET_TC_CallCountingDelayMs=0

for mode in $modes; do
    case "$mode" in
        jit)
            dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly
            cmd=(dotnet "$here/bin/Release/net10.0/ks-bench-engine.dll") ;;
        aot)
            dotnet publish "$project" -c Release -p:PublishAot=true -o "$here/bin/aot" -nologo -v q -clp:ErrorsOnly
            cmd=("$here/bin/aot/ks-bench-engine") ;;
        *) echo "unknown mode '$mode' (jit or aot)" >&2; exit 2 ;;
    esac
    echo "== $mode, load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    taskset -c "$cpu" "${cmd[@]}" --out "$out/$mode" "$@"
done

if (( ! quick )) && [[ -f "$out/jit/results.tsv" && -f "$out/aot/results.tsv" ]]; then
    mkdir -p "$root/docs/img"
    gnuplot -e "jit='$out/jit/results.tsv'; aot='$out/aot/results.tsv'; output='$root/docs/img/bench-engine.png'" "$here/plot.gp"
    echo "plot written to $root/docs/img/bench-engine.png" >&2
    # The figures in docs/bench-engine.md sit between markers; replace them with this run's tables.
    doc="$root/docs/bench-engine.md"
    if [[ -f "$doc" ]] && grep -q '<!-- results:begin -->' "$doc"; then
        {
            sed '/<!-- results:begin -->/q' "$doc"
            for mode in jit aot; do
                [[ $mode == jit ]] && echo "## Results: JIT (tiered, dynamic PGO)" || echo "## Results: NativeAOT (as the daemon ships)"
                echo
                cat "$out/$mode/results.md"
            done
            sed -n '/<!-- results:end -->/,$p' "$doc"
        } > "$doc.tmp" && mv "$doc.tmp" "$doc"
        echo "tables updated in $doc" >&2
    fi
fi
echo "results in $out" >&2
