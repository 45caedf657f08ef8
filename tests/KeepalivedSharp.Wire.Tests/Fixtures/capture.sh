#!/bin/bash
# Regenerates the fixture pcaps from a real keepalived (run as root; tested with keepalived 2.2.7).
# Everything runs in two throw-away network namespaces (ks-<pid>x<rand>-br / -a, the NetLab naming,
# so a crashed run is swept by the tests' stale-lab cleanup); nothing touches the host's interfaces.
#   keepalived (./keepalived.conf) becomes MASTER of 4 instances on eth0 of namespace "a";
#   tcpdump records eth0 for a bounded time; tcpdump -r then splits out one file per case.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix="ks-$$x$(printf '%04x' $((RANDOM)))-"
br="${prefix}br"; a="${prefix}a"
work=$(mktemp -d /tmp/ks-capture-XXXXXX)
cleanup() {
    for ns in "$a" "$br"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns delete "$ns" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$br"; ip netns add "$a"
ip -n "$br" link set lo up; ip -n "$a" link set lo up
ip -n "$br" link add br0 type bridge; ip -n "$br" link set br0 up
ip link add v1 netns "$br" type veth peer name eth0 netns "$a"
ip -n "$br" link set v1 master br0; ip -n "$br" link set v1 up
# Fixed MAC so the GARP/NA fixtures are reproducible.
ip -n "$a" link set eth0 address 02:00:00:00:09:01
ip netns exec "$a" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.eth0.accept_dad=0
ip -n "$a" addr add 10.9.0.1/24 dev eth0
ip -n "$a" addr add fd00:9::1/64 dev eth0 nodad
ip -n "$a" link set eth0 up

# Capture first, then start keepalived, so its first adverts, GARPs and NAs are all seen.
timeout 12 ip netns exec "$a" tcpdump -i eth0 -U -s 0 -w "$work/all.pcap" 2>"$work/tcpdump.log" &
tcpdump_pid=$!
for _ in $(seq 50); do grep -q 'listening on' "$work/tcpdump.log" && break; sleep 0.1; done
timeout 8 ip netns exec "$a" /usr/sbin/keepalived -n -l -D -P -f "$here/keepalived.conf" \
    -p "$work/keepalived.pid" -r "$work/vrrp.pid" -c "$work/checkers.pid" >"$work/keepalived.log" 2>&1 || true
wait "$tcpdump_pid" || true

split() { # name count filter
    tcpdump -r "$work/all.pcap" -c "$2" -w "$here/$1.pcap" "$3" 2>/dev/null
    echo "$1.pcap: $(tcpdump -r "$here/$1.pcap" -nn 2>/dev/null | wc -l) packet(s)"
}
split v2-none 2 'ip proto 112 and ip[21] = 51'
split v2-pass 2 'ip proto 112 and ip[21] = 52'
split v3-ipv4 2 'ip proto 112 and ip[21] = 53'
split v3-ipv6 2 'ip6 proto 112 and ip6[41] = 54'
split garp 1 'arp and arp[24:4] = 0x0a090033'
split unsolicited-na 1 'icmp6 and ip6[40] = 136'
