"""A round-robin TCP load balancer for the reliability suite: `python balancer.py PORT BACKEND...`.

Each incoming connection goes to the next backend port on 127.0.0.1; a
backend that refuses the connection is skipped, as nginx's
`proxy_next_upstream error` would. Gunicorn's sync and gthread workers
close the connection after each response to a client that does not keep it
alive, so balancing connections balances requests.

It runs as its own process, so the suite can stop it like any other
service (the S3 endpoint sits behind one too: stopping that balancer takes
S3 away while moto keeps its objects).
"""

import asyncio
import itertools
import sys

CHUNK = 64 * 1024


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
        # Half-close only: a client that shuts its sending side down still
        # waits for the response coming the other way.
        if writer.can_write_eof():
            writer.write_eof()
    except (OSError, RuntimeError):  # the other side went away first
        writer.close()


async def _connect(backends, order):
    for _ in range(len(backends)):
        port = next(order)
        try:
            return await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            continue
    return None


async def main(port: int, backends: list[int]) -> None:
    order = itertools.cycle(backends)

    async def handle(client_reader, client_writer):
        upstream = await _connect(backends, order)
        if upstream is None:
            client_writer.close()
            return
        upstream_reader, upstream_writer = upstream
        request = asyncio.ensure_future(_pipe(client_reader, upstream_writer))
        try:
            # The exchange is over when the server has sent its answer and closed;
            # the request direction may still wait on a client that keeps the
            # connection open, and is cancelled rather than left pending.
            await _pipe(upstream_reader, client_writer)
        finally:
            request.cancel()
            client_writer.close()
            upstream_writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=512)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), [int(arg) for arg in sys.argv[2:]]))
