#!/usr/bin/python3
"""How late checks start, from the wire (bench/check): for each real server, the director's SYN that
starts check k+1 against the director's FIN (or RST) that ended check k. keepalived schedules the next
check delay_loop after the previous one ends (check_tcp.c, check_http.c: thread_add_timer after the
epilog), so lateness = next SYN - previous end - delay_loop. Input: tshark fields
'frame.time_epoch ip.dst tcp.flags' of packets the director sent. Prints p50 p99 max (ms) and the count."""
import sys

delay = float(sys.argv[1])
ends, late = {}, []
for line in sys.stdin:
    parts = line.split()
    if len(parts) != 3:
        continue
    t, dst, flags = float(parts[0]), parts[1], int(parts[2], 16)
    syn, fin, rst, ack = flags & 0x02, flags & 0x01, flags & 0x04, flags & 0x10
    if syn and not ack:
        if dst in ends:
            late.append((t - ends.pop(dst) - delay) * 1000)
    elif (fin or rst) and dst not in ends:
        ends[dst] = t
late.sort()
if not late:
    print("nan nan nan 0")
    sys.exit(0)
pick = lambda q: late[min(len(late) - 1, int(q * len(late)))]
print(f"{pick(0.5):.3f} {pick(0.99):.3f} {late[-1]:.3f} {len(late)}")
