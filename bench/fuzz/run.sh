#!/usr/bin/env bash
# bench/fuzz/run.sh TARGET SECONDS [libFuzzer flags...]
# Builds the fuzz project, instruments the target's assembly with SharpFuzz, builds the libFuzzer driver,
# seeds a corpus from examples/ and the test fixtures, and fuzzes for SECONDS under nice -n 19.
# TARGET: config | vrrp | netlink | control | http | dns | ipvs | nft. Output in bench/fuzz/out/TARGET: fuzz.log, corpus/, crashes in artifacts/.
# The build holds ks-heavy when present (shared machine); the fuzz run does not (long, not a timing run).
# KS_FUZZ_NO_BUILD=1 reuses out/build from an earlier run (the sources unchanged since).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${1:?usage: run.sh TARGET SECONDS [libFuzzer flags...]}
seconds=${2:?usage: run.sh TARGET SECONDS [libFuzzer flags...]}
shift 2

case $target in
    config)  assembly=KeepalivedSharp.Config;     max_len=32768 ;;
    vrrp)    assembly=KeepalivedSharp.Wire;       max_len=2048 ;;
    netlink) assembly=KeepalivedSharp.Linux;      max_len=4096 ;;
    control) assembly=KeepalivedSharp.Operations; max_len=8192 ;;
    http)    assembly=KeepalivedSharp.Probes;     max_len=16384 ;;
    dns)     assembly=KeepalivedSharp.Probes;     max_len=1024 ;;
    ipvs)    assembly=KeepalivedSharp.Linux;      max_len=4096 ;;
    nft)     assembly=KeepalivedSharp.Host;       max_len=16384 ;;
    *) echo "unknown target '$target' (config, vrrp, netlink, control, http, dns, ipvs, nft)" >&2; exit 2 ;;
esac

heavy=()
command -v ks-heavy >/dev/null && heavy=(ks-heavy)
out=$here/out
work=$out/$target
mkdir -p "$out"

# 1. The uninstrumented build (seeds are written with it), once for all targets.
[[ ${KS_FUZZ_NO_BUILD:-} == 1 && -f $out/build/ks-fuzz.dll ]] ||
    "${heavy[@]}" dotnet publish "$here/KeepalivedSharp.Fuzz.csproj" -c Release -o "$out/build" -nologo -v:q

# 2. A copy per target with only the target's assembly instrumented (its edges are the coverage reported).
(cd "$here" && dotnet tool restore >/dev/null)
rm -rf "$work/bin"
mkdir -p "$work"
cp -r "$out/build" "$work/bin"
(cd "$here" && dotnet tool run sharpfuzz "$work/bin/$assembly.dll")

# 3. The driver.
if [[ ! -x $out/libfuzzer-dotnet || $here/driver/libfuzzer-dotnet.c -nt $out/libfuzzer-dotnet ]]; then
    if ! command -v clang >/dev/null && ! command -v clang-14 >/dev/null || ! compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-14 libclang-rt-14-dev >/dev/null
    fi
    cc=$(command -v clang || command -v clang-14) || { echo "clang (or clang-14) is needed for the driver" >&2; exit 2; }
    "$cc" -Werror -Wall -O2 -fsanitize=fuzzer "$here/driver/libfuzzer-dotnet.c" -o "$out/libfuzzer-dotnet"
fi

# 4. Seeds (regenerated each run); corpus/ keeps what earlier runs found.
rm -rf "$work/seeds"
dotnet "$out/build/ks-fuzz.dll" seed "$target" "$work/seeds" "$root"
mkdir -p "$work/corpus" "$work/artifacts"

# 5. Fuzz. -timeout: one input running longer is a finding (unbounded work), as is an exception or a
# broken invariant (the target throws; libFuzzer saves the input under artifacts/).
echo "fuzzing $target for $seconds s: $(date -u +%FT%TZ), commit $(git -C "$root" rev-parse --short HEAD)" | tee "$work/fuzz.log"
set +e
nice -n 19 "$out/libfuzzer-dotnet" --target_path="$work/bin/ks-fuzz" --target_arg="$target" \
    -max_total_time="$seconds" -timeout=10 -max_len="$max_len" -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "$@" "$work/corpus" "$work/seeds" 2>&1 | tee -a "$work/fuzz.log"
rc=${PIPESTATUS[0]}
set -e
echo "exit $rc; corpus: $(find "$work/corpus" -type f | wc -l) files, $(du -sb "$work/corpus" | cut -f1) bytes; artifacts: $(find "$work/artifacts" -type f | wc -l)" | tee -a "$work/fuzz.log"
exit "$rc"
