#!/usr/bin/python3
"""bench/lb: time from a checker's verdict to the kernel's table change, run in the director namespace.
For each trial one real server is turned down (its next HTTP_GET answer is a 503) and then up again
(a 200); the clock starts when the backend sent that answer (bench/check/backend.py reports it) and stops when the
kernel's table no longer has (or has again) the server:
  ipvs      /proc/net/ip_vs polled every 0.5 ms;
  nftables  the first `nft monitor` event after the answer (only the daemon changes this namespace's ruleset).
Prints one TSV line per change: direction, latency in ms."""
import argparse
import random
import socket
import subprocess
import sys
import threading
import time


def hexaddr(ip, port):
    return "%08X:%04X" % (int.from_bytes(socket.inet_aton(ip), "big"), port)


def ipvs_has(key):
    with open("/proc/net/ip_vs") as f:
        return key in f.read()


class NftEvents:
    """Arrival times of `nft monitor` lines, read on a thread."""

    def __init__(self):
        self.times = []
        self.cond = threading.Condition()
        self.proc = subprocess.Popen(["nft", "monitor"], stdout=subprocess.PIPE, bufsize=0)
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for _ in iter(self.proc.stdout.readline, b""):
            with self.cond:
                self.times.append(time.time())
                self.cond.notify_all()

    def first_after(self, t, bound):
        end = time.time() + bound
        with self.cond:
            while True:
                later = [x for x in self.times if x > t]
                if later:
                    return later[0]
                left = end - time.time()
                if left <= 0:
                    return None
                self.cond.wait(left)


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--backend", choices=["ipvs", "nftables"], required=True)
    a.add_argument("--control", required=True)
    a.add_argument("--servers", nargs="+", required=True)
    a.add_argument("--trials", type=int, default=10)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--bound", type=float, default=30)
    o = a.parse_args()
    events = NftEvents() if o.backend == "nftables" else None
    if events:
        time.sleep(0.2)  # nft monitor subscribes
    ctl = socket.socket(socket.AF_UNIX)
    ctl.connect(o.control)
    lines = ctl.makefile("r")
    rnd = random.Random(o.seed)
    for trial in range(o.trials):
        ip = rnd.choice(o.servers)
        key = hexaddr(ip, 80)
        for verb in ("down", "up"):
            ctl.sendall(("%s %s\n" % (verb, ip)).encode())
            assert lines.readline().strip() == "ok"
            ctl.settimeout(o.bound)
            reply = lines.readline().split()
            ctl.settimeout(None)
            assert reply[0] == "sent" and reply[1] == ip and reply[2] == ("503" if verb == "down" else "200"), reply
            sent = float(reply[3])
            if events:
                seen = events.first_after(sent, o.bound)
            else:
                want = verb == "up"
                end = time.time() + o.bound
                seen = None
                while time.time() < end:
                    if ipvs_has(key) == want:
                        seen = time.time()
                        break
                    time.sleep(0.0005)
            if seen is None:
                print("measure.py: %s %s: no kernel change within %.0f s" % (verb, ip, o.bound), file=sys.stderr)
                sys.exit(1)
            print("%s\t%.3f" % (verb, 1000 * (seen - sent)), flush=True)
            # A short gap so the change's own kernel events are past before the next command (nft monitor counts any).
            time.sleep(0.2)
    if events:
        events.proc.terminate()


main()
