# Layer-4 backends for Layer4ProbeTests (run inside the server namespace). Logs one line per peer:
#   tcp|udp ADDR PORT
import socket, sys, threading
def log(*a):
    print(*a, flush=True)
def tcp(port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", port)); s.listen(64)
    while True:
        c, a = s.accept()
        log("tcp", a[0].removeprefix("::ffff:"), a[1])
        def serve(c=c):
            c.sendall(b"hello\n")  # a banner the checker must drain, or its close() is an RST
            while c.recv(512): pass
            c.close()
        threading.Thread(target=serve, daemon=True).start()
def udp(port, echo):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", port))
    while True:
        d, a = s.recvfrom(2048)
        log("udp", a[0].removeprefix("::ffff:"), a[1], len(d))
        if echo: s.sendto(d, a)
threading.Thread(target=tcp, args=(80,), daemon=True).start()
threading.Thread(target=udp, args=(5000, True), daemon=True).start()
threading.Thread(target=udp, args=(5002, False), daemon=True).start()
log("ready")
threading.Event().wait()
