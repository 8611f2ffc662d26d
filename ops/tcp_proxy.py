"""A small TCP proxy on 127.0.0.1 that can be cut and restored, for fault tests.

Point the application at the proxy's port instead of a service's (PostgreSQL,
Redis); `cut()` drops every open connection and refuses new ones, as when the
service goes away, and `restore()` listens again on the same port. The shared
services themselves are never touched.

    proxy = TcpProxy(("127.0.0.1", 5432)).start()
    ... DATABASE_URL=postgres://postgres@127.0.0.1:{proxy.port}/db ...
    proxy.cut(); ...; proxy.restore(); ...; proxy.stop()

Also usable by hand: `python ops/tcp_proxy.py 6380 127.0.0.1:6379`.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import sys
import threading

BUFFER = 64 * 1024


class TcpProxy:
    def __init__(self, target: tuple[str, int], port: int = 0, host: str = "127.0.0.1"):
        self.target = target
        self.host = host
        self.port = port
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    # -- control -----------------------------------------------------------

    def start(self) -> TcpProxy:
        self._listen()
        return self

    def cut(self) -> None:
        """Refuse new connections and break the open ones."""
        self._close_listener()
        with self._lock:
            connections, self._connections = self._connections, set()
        for sock in connections:
            _close(sock)

    def restore(self) -> None:
        if self._listener is None:
            self._listen()

    def stop(self) -> None:
        self._stopped.set()
        self.cut()

    @property
    def is_cut(self) -> bool:
        return self._listener is None

    # -- plumbing ----------------------------------------------------------

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            _close(listener)

    def _accept(self, listener: socket.socket) -> None:
        while not self._stopped.is_set():
            try:
                client, _address = listener.accept()
            except OSError:
                return  # the listener was closed: cut or stopped
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self._lock:
                if self._listener is not listener:  # cut meanwhile
                    _close(client)
                    _close(upstream)
                    return
                self._connections.update((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        peers = {client: upstream, upstream: client}
        try:
            selector.register(client, selectors.EVENT_READ)
            selector.register(upstream, selectors.EVENT_READ)
            while True:
                for key, _events in selector.select(timeout=1.0):
                    data = key.fileobj.recv(BUFFER)
                    if not data:
                        return
                    peers[key.fileobj].sendall(data)
                if self._stopped.is_set():
                    return
        except (OSError, ValueError):
            return  # a socket was closed under us (cut)
        finally:
            selector.close()
            with self._lock:
                self._connections.discard(client)
                self._connections.discard(upstream)
            _close(client)
            _close(upstream)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


if __name__ == "__main__":  # pragma: no cover - manual use
    listen_port = int(sys.argv[1])
    target_host, target_port = sys.argv[2].rsplit(":", 1)
    proxy = TcpProxy((target_host, int(target_port)), port=listen_port).start()
    sys.stdout.write(f"127.0.0.1:{proxy.port} -> {sys.argv[2]}; Enter toggles cut/restore\n")
    for _line in sys.stdin:
        proxy.restore() if proxy.is_cut else proxy.cut()
        sys.stdout.write("cut\n" if proxy.is_cut else "restored\n")
