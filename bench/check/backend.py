#!/usr/bin/python3
"""Many HTTP backends in one process for bench/check and bench/lb: one asyncio server on 0.0.0.0:PORT answers
every request with a short 200 (the namespace routes a whole prefix to lo, so one socket serves every real
server's address). With CONTROL (a UNIX path, bench/lb), that socket takes "down IP" and "up IP":
from then on that address answers 503 (down) or 200 (up), and the first such answer is reported back on the
control connection as "sent IP STATUS EPOCH", the moment the checker's verdict becomes possible.
Runs only inside the benchmark's backend namespace."""
import asyncio
import os
import sys
import time

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"
DOWN = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 5\r\nConnection: close\r\n\r\ndown\n"
down = set()
pending = {}  # ip -> the control writer waiting for its first answer in the new state


async def serve(reader, writer):
    try:
        await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        ip = writer.get_extra_info("sockname")[0]
        is_down = ip in down
        sent = time.time()
        writer.write(DOWN if is_down else OK)
        await writer.drain()
        # Only an answer in the commanded state counts: one decided before the command came is not it.
        waiter = pending.get(ip)
        if waiter is not None and waiter[1] == is_down:
            del pending[ip]
            waiter[0].write(b"sent %s %d %.6f\n" % (ip.encode(), 503 if is_down else 200, sent))
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ConnectionError):
        pass
    finally:
        writer.close()


async def control(reader, writer):
    while line := await reader.readline():
        verb, ip = line.decode().split()
        (down.add if verb == "down" else down.discard)(ip)
        pending[ip] = (writer, verb == "down")
        writer.write(b"ok\n")


async def main(port, path):
    server = await asyncio.start_server(serve, "0.0.0.0", port, backlog=4096, reuse_address=True)
    servers = [server]
    if path:
        if os.path.exists(path):
            os.unlink(path)
        servers.append(await asyncio.start_unix_server(control, path))
    print("listening", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


asyncio.run(main(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None))
