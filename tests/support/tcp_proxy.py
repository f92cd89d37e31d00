"""A TCP proxy on loopback that a test can cut and restore: a Redis outage for the servers
behind it, without stopping the machine's Redis that other tests use.

`cut()` closes the listening socket and every connection (the servers see their Redis
connections drop and new ones refused, as when Redis stops); `restore()` listens again on the
same port. `mute()` is the nastier outage of a broken network path: connections stay open
and new ones are accepted, but nothing gets through and no error ever comes.
"""

from __future__ import annotations

import contextlib
import socket
import threading

from tests.support.servers import free_port


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self.muted = False

    def start(self) -> TcpProxy:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def restore(self) -> TcpProxy:
        """Back to normal after `cut()` or `mute()` (a muted connection is closed)."""
        if self.muted:
            self.cut()
            self.muted = False
        return self.start()

    def mute(self) -> None:
        self.muted = True

    def cut(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            victims, self._sockets = self._sockets, []
        for sock in ([listener] if listener else []) + victims:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    stop = cut

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            if self.muted:  # accepted, and then nothing: held open until restored
                with self._lock:
                    self._sockets.append(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                if self._listener is not listener:  # cut meanwhile
                    client.close()
                    upstream.close()
                    return
                self._sockets += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                if not self.muted:
                    dst.sendall(data)
        except OSError:
            pass
        for sock in (src, dst):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
