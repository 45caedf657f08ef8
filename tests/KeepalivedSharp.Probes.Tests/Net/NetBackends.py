# Backends for NetProbeTests (run inside the server namespace with /usr/bin/python3). One line per event:
#   smtp EHLO|HELO NAME ADDR PORT / smtp QUIT ADDR PORT      aiosmtpd on 25 (v4 and v6)
#   dns ADDR PORT FLAGS QNAME QTYPE HEX                      a scripted DNS responder on 5353 (v4 and v6)
# 2526 accepts and never greets; 2527 greets with 554. DNS behaviour by the first label of the name:
# "tricky": garbage, another ID, a QR=0 copy, then the answer; "silent": nothing; "servfail": RCODE 2.
import socket, struct, sys, threading
from aiosmtpd.controller import Controller

def log(*a):
    print(*a, flush=True)

def peer(session):
    return session.peer[0].removeprefix("::ffff:"), session.peer[1]

class Handler:
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        log("smtp EHLO", hostname, *peer(session))
        return responses
    async def handle_HELO(self, server, session, envelope, hostname):
        log("smtp HELO", hostname, *peer(session))
        return "250 " + server.hostname
    async def handle_QUIT(self, server, session, envelope):
        log("smtp QUIT", *peer(session))
        return "221 Bye"

controllers = [Controller(Handler(), hostname=h, port=25) for h in ("10.0.0.2", "fd00::2")]
for c in controllers:
    c.start()

def tcp(port, greeting):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("10.0.0.2", port)); s.listen(64)
    while True:
        c, a = s.accept()
        def serve(c=c):
            if greeting: c.sendall(greeting)
            while c.recv(512): pass
            c.close()
        threading.Thread(target=serve, daemon=True).start()

def qname(d):
    labels, i = [], 12
    while i < len(d) and d[i] != 0:
        n = d[i]; labels.append(d[i + 1:i + 1 + n].decode("ascii", "replace")); i += 1 + n
    return ".".join(labels) or ".", struct.unpack("!H", d[i + 1:i + 3])[0] if i + 3 <= len(d) else -1

def dns(family, addr):
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.bind((addr, 5353))
    while True:
        d, a = s.recvfrom(2048)
        if len(d) < 12: continue
        qid, flags = struct.unpack("!HH", d[:4])
        name, qtype = qname(d)
        log("dns", a[0], a[1], "%04x" % flags, name, qtype, d[2:].hex())
        question = d[12:]
        def answer(i, f): return struct.pack("!HHHHHH", i, f, 1, 0, 0, 0) + question
        first = name.split(".")[0]
        if first == "silent": continue
        if first == "tricky":
            s.sendto(b"\x00\x01\x02\x03\x04", a)
            s.sendto(answer((qid + 1) & 0xFFFF, 0x8180), a)
            s.sendto(answer(qid, 0x0100), a)
        s.sendto(answer(qid, 0x8182 if first == "servfail" else 0x8180), a)

threading.Thread(target=tcp, args=(2526, None), daemon=True).start()
threading.Thread(target=tcp, args=(2527, b"554 no service here\r\n"), daemon=True).start()
threading.Thread(target=dns, args=(socket.AF_INET, "10.0.0.2"), daemon=True).start()
threading.Thread(target=dns, args=(socket.AF_INET6, "fd00::2"), daemon=True).start()
log("ready")
threading.Event().wait()
