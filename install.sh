#!/usr/bin/env bash
# Installs keepalived-sharp: the NativeAOT binary, the systemd unit (not enabled, not started) and a
# sample config (only when /etc/keepalived/keepalived.conf does not exist yet).
#   ./install.sh [--prefix DIR]        default prefix /usr/local (binary in PREFIX/sbin)
#   DESTDIR=/tmp/stage ./install.sh    stage into a directory (packaging, tests); root not needed then
set -euo pipefail
cd "$(dirname "$0")"

prefix=/usr/local
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 64; }; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (try --help)" >&2; exit 64 ;;
    esac
done
case "$prefix" in /*) ;; *) echo "install.sh: --prefix must be absolute, got '$prefix'" >&2; exit 64 ;; esac
destdir=${DESTDIR:-}

if [ -z "$destdir" ] && [ "$(id -u)" != 0 ]; then
    echo "install.sh: run as root (or set DESTDIR to stage the files elsewhere)" >&2
    exit 1
fi
if [ ! -x out/keepalived-sharp ]; then
    echo "install.sh: out/keepalived-sharp is missing; building it with ./build.sh" >&2
    ./build.sh
fi

sbin="$destdir$prefix/sbin"
unitdir="$destdir/etc/systemd/system"
confdir="$destdir/etc/keepalived"
docdir="$destdir$prefix/share/doc/keepalived-sharp"

install -d -m 0755 "$sbin" "$unitdir" "$docdir"
install -d -m 0755 "$confdir"
install -m 0755 out/keepalived-sharp "$sbin/keepalived-sharp"
sed "s#/usr/local/sbin/keepalived-sharp#$prefix/sbin/keepalived-sharp#g; s#/usr/local/share/doc#$prefix/share/doc#g" \
    packaging/keepalived-sharp.service > "$unitdir/keepalived-sharp.service.new"
chmod 0644 "$unitdir/keepalived-sharp.service.new"
mv -f "$unitdir/keepalived-sharp.service.new" "$unitdir/keepalived-sharp.service"
for doc in docs/operations.md docs/metrics.md; do
    [ -f "$doc" ] && install -m 0644 "$doc" "$docdir/"
done
# Prometheus alert rules (docs/operations.md, "Alert rules"), with their promtool unit tests.
install -d -m 0755 "$docdir/examples/prometheus"
install -m 0644 packaging/prometheus/keepalived-sharp.rules.yml packaging/prometheus/keepalived-sharp.rules.test.yml "$docdir/examples/prometheus/"
if [ -e "$confdir/keepalived.conf" ]; then
    echo "install.sh: keeping the existing $confdir/keepalived.conf"
else
    install -m 0640 packaging/keepalived.conf.sample "$confdir/keepalived.conf"
    echo "install.sh: installed a sample config at $confdir/keepalived.conf; edit it before starting"
fi
echo "install.sh: installed $sbin/keepalived-sharp ($("$sbin/keepalived-sharp" --version 2>/dev/null || echo 'version unknown'))"
echo "install.sh: unit at $unitdir/keepalived-sharp.service (not enabled)."
if [ -z "$destdir" ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
fi
echo "Next: systemctl disable --now keepalived; systemctl enable --now keepalived-sharp"
