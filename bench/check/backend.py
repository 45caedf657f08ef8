#!/usr/bin/python3
"""Many HTTP backends in one process for bench/check: listens on 0.0.0.0:PORT and answers every request
with a short 200 (the namespace routes a whole prefix to lo, so one socket serves every real server's
address). Runs only inside the benchmark's backend namespace."""
import asyncio
import sys

BODY = b"ok\n"
REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\n" + BODY


async def serve(reader, writer):
    try:
        # TCP_CHECK connects and closes; HTTP_GET sends a request: answer once the header is in.
        await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        writer.write(REPLY)
        await writer.drain()
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(port):
    server = await asyncio.start_server(serve, "0.0.0.0", port, backlog=4096, reuse_address=True)
    print("listening", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main(int(sys.argv[1])))
