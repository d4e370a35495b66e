"""The four services' ports: one base, intake on +1 … reporting on +4 (as ``make up``)."""

from __future__ import annotations

import errno
import socket
from dataclasses import dataclass

SERVICES = ("intake", "casework", "meetingplace", "reporting")


class PortInUse(Exception):
    pass


@dataclass(frozen=True)
class Addresses:
    host: str
    port_base: int

    def port(self, service: str) -> int:
        return self.port_base + 1 + SERVICES.index(service)

    def url(self, service: str) -> str:
        return f"http://{self.host}:{self.port(service)}"


def check_ports(addresses: Addresses) -> list[socket.socket]:
    """Bind every port now (one line if one is taken); the sockets are handed to uvicorn."""
    bound: list[socket.socket] = []
    for service in SERVICES:
        port = addresses.port(service)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((addresses.host, port))
        except OSError as exc:
            sock.close()
            for other in bound:
                other.close()
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(f"port {port} ({service}) on {addresses.host} is in use: stop what "
                                "holds it or choose another base (--port-base)") from None
            raise PortInUse(f"cannot listen on {addresses.host}:{port} ({service}): {exc.strerror}") from None
        sock.listen(128)
        sock.set_inheritable(True)
        bound.append(sock)
    return bound


def free_port_base(host: str = "127.0.0.1", start: int = 20400) -> int:
    """A base whose four ports are free now (for tests and measurements: the services' own
    8001-8004 are left alone)."""
    for base in range(start, 30000, 10):
        try:
            for sock in check_ports(Addresses(host, base)):
                sock.close()
            return base
        except PortInUse:
            continue
    raise PortInUse(f"no four free ports on {host} from {start}")
