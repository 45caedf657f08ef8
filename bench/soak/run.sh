#!/usr/bin/env bash
# Chaos soak (issue 10): bench/soak/run.sh MINUTES SEED [--plan]
# Two keepalived-sharp nodes and keepalived 2.2.7 on a bridge, all in network namespaces made for
# the run; random faults from SEED for MINUTES; results in bench/soak/results/SEED-MINUTESm/.
# Needs root, keepalived, tcpdump, nft and the NativeAOT binary (./build.sh makes out/keepalived-sharp).
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-2}; seed=${2:-1}; shift 2 || true
binary=${KS_BINARY:-$PWD/out/keepalived-sharp}
out=bench/soak/results/${seed}-${minutes}m
dotnet build bench/soak/KeepalivedSharp.Soak.csproj -c Release -nologo -v:q >/dev/null
exec dotnet bench/soak/bin/Release/net10.0/ks-soak.dll --minutes "$minutes" --seed "$seed" --ours "$binary" --out "$out" "$@"
