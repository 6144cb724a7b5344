"""A TCP relay from the web processes to the broker, for the fault suite.

Usage: python relay.py LISTEN_PORT UPSTREAM_PORT (both on 127.0.0.1)

SIGUSR1 holds every byte the clients send (kept per connection, nothing reaches the
broker); SIGUSR2 sends what was held and lets traffic through again. What a client sent
while held is dropped if the client goes away first: as when a process dies before its
message has left the machine. When the broker refuses a connection, the client's is
closed at once.
"""

import asyncio
import signal
import sys


class Connection:
    def __init__(self, client_writer, upstream_writer):
        self.client_writer = client_writer
        self.upstream_writer = upstream_writer
        self.held = []

    def flush(self):
        for chunk in self.held:
            self.upstream_writer.write(chunk)
        self.held.clear()


class Relay:
    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.holding = False
        self.connections = set()

    def hold(self):
        self.holding = True
        print("relay: holding", flush=True)

    def release(self):
        self.holding = False
        for connection in list(self.connections):
            connection.flush()
        print("relay: released", flush=True)

    async def serve(self, client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", self.upstream_port), timeout=3)
        except (TimeoutError, OSError):
            client_writer.transport.abort()
            return
        connection = Connection(client_writer, upstream_writer)
        self.connections.add(connection)
        try:
            await asyncio.gather(self._to_upstream(client_reader, connection),
                                 self._to_client(upstream_reader, client_writer))
        finally:
            self.connections.discard(connection)
            connection.held.clear()  # the client went away before its bytes were sent
            for writer in (client_writer, upstream_writer):
                writer.transport.abort()

    async def _to_upstream(self, reader, connection):
        while chunk := await _read(reader):
            if self.holding:
                connection.held.append(chunk)
            else:
                connection.flush()
                connection.upstream_writer.write(chunk)
        connection.upstream_writer.transport.abort()

    async def _to_client(self, reader, writer):
        while chunk := await _read(reader):
            writer.write(chunk)
        writer.transport.abort()


async def _read(reader):
    try:
        return await reader.read(65536)
    except OSError:
        return b""


async def main(port, upstream_port):
    relay = Relay(upstream_port)
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, relay.hold)
    loop.add_signal_handler(signal.SIGUSR2, relay.release)
    server = await asyncio.start_server(relay.serve, "127.0.0.1", port)
    print(f"relay: 127.0.0.1:{port} -> 127.0.0.1:{upstream_port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
