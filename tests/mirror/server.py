"""A real HTTP server on 127.0.0.1 for the harvest tests, with the faults real sites produce.

Routes are exact "path?query" keys (query as the client sends it) or path handlers (OAI-PMH, OData) that get the
parsed query. Static resources answer conditional GETs (ETag / Last-Modified -> 304). Faults are queued per route
and consumed one per request: an HTTP status, a 429 with Retry-After, a slow answer (read timeout), a connection
reset, a truncated body, a redirect. Every request is recorded with its arrival time (time.monotonic()).
"""

from __future__ import annotations

import hashlib
import socket
import struct
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LAST_MODIFIED = "Mon, 06 Nov 2023 10:00:00 GMT"


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = "auto"  # "auto": a strong ETag from the bytes; None: no ETag
    last_modified: str | None = LAST_MODIFIED

    def __post_init__(self) -> None:
        if self.etag == "auto":
            self.etag = '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass
class Fault:
    kind: str  # status | retry_after | slow | reset | truncate | redirect
    status: int = 500
    seconds: float = 0.0
    location: str = ""


def status(code: int) -> Fault:
    return Fault("status", status=code)


def retry_after(seconds: int) -> Fault:
    return Fault("retry_after", status=429, seconds=seconds)


def slow(seconds: float) -> Fault:
    return Fault("slow", seconds=seconds)


def reset() -> Fault:
    return Fault("reset")


def truncate() -> Fault:
    return Fault("truncate")


def redirect(location: str, code: int = 302) -> Fault:
    return Fault("redirect", status=code, location=location)


@dataclass(frozen=True)
class SeenRequest:
    at: float  # time.monotonic() when the request line arrived
    path: str  # path?query as received
    headers: dict[str, str]


Handler = Callable[[str, dict[str, list[str]]], Resource]


class MirrorServer:
    """Start with `with MirrorServer() as server:`; `server.base_url` is http://127.0.0.1:<port>."""

    def __init__(self) -> None:
        self.routes: dict[str, Resource] = {}
        self.handlers: dict[str, Handler] = {}
        self.faults: dict[str, deque[Fault]] = defaultdict(deque)
        self.seen: list[SeenRequest] = []
        self._lock = threading.Lock()
        self.routes["/robots.txt"] = Resource(b"User-agent: *\nDisallow:\n", "text/plain")
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self._server.handle_error = lambda request, address: None  # resets and timeouts are on purpose here
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # lifecycle
    def __enter__(self) -> MirrorServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    # configuration
    def add(self, path: str, resource: Resource | bytes | str, content_type: str | None = None) -> None:
        if not isinstance(resource, Resource):
            body = resource.encode("utf-8") if isinstance(resource, str) else resource
            resource = Resource(body, content_type or "text/html; charset=utf-8")
        self.routes[path] = resource

    def handle(self, path: str, handler: Handler) -> None:
        self.handlers[path] = handler

    def fault(self, path: str, *faults: Fault) -> None:
        self.faults[path].extend(faults)

    def robots(self, text: str) -> None:
        self.routes["/robots.txt"] = Resource(text.encode(), "text/plain")

    # inspection
    def requests_to(self, prefix: str) -> list[SeenRequest]:
        return [r for r in self.seen if r.path.startswith(prefix)]

    def clear_log(self) -> None:
        with self._lock:
            self.seen.clear()

    # request handling (called from the server threads)
    def _record(self, path: str, headers: dict[str, str]) -> Fault | None:
        with self._lock:
            self.seen.append(SeenRequest(time.monotonic(), path, headers))
            queue = self.faults.get(path)
            return queue.popleft() if queue else None

    def _resolve(self, path: str) -> Resource:
        if path in self.routes:
            return self.routes[path]
        parts = urlsplit(path)
        if parts.path in self.handlers:
            return self.handlers[parts.path](parts.path, parse_qs(parts.query, keep_blank_values=True))
        return Resource(b"<html><body><h1>404 Not Found</h1></body></html>", status=404, etag=None)


def _make_handler(server: MirrorServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def do_GET(self) -> None:
            fault = server._record(self.path, {k: v for k, v in self.headers.items()})
            if fault is not None and self._apply(fault):
                return
            resource = server._resolve(self.path)
            if resource.status == 200 and self._not_modified(resource):
                self.send_response(304)
                self._validators(resource)
                self.end_headers()
                return
            self.send_response(resource.status)
            self.send_header("Content-Type", resource.content_type)
            self.send_header("Content-Length", str(len(resource.body)))
            self._validators(resource)
            for key, value in resource.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(resource.body)

        def _validators(self, resource: Resource) -> None:
            if resource.etag:
                self.send_header("ETag", resource.etag)
            if resource.last_modified:
                self.send_header("Last-Modified", resource.last_modified)

        def _not_modified(self, resource: Resource) -> bool:
            etag = self.headers.get("If-None-Match")
            if etag and resource.etag:
                return etag == resource.etag
            since = self.headers.get("If-Modified-Since")
            return bool(since and resource.last_modified and since == resource.last_modified)

        def _apply(self, fault: Fault) -> bool:
            """Serve the fault; True when the request is done (False: serve normally after it)."""
            if fault.kind == "status":
                self._plain(fault.status, b"server error")
            elif fault.kind == "retry_after":
                self._plain(429, b"slow down", {"Retry-After": str(int(fault.seconds))})
            elif fault.kind == "redirect":
                self._plain(fault.status, b"", {"Location": fault.location})
            elif fault.kind == "slow":
                time.sleep(fault.seconds)
                return False
            elif fault.kind == "reset":
                # SO_LINGER 0 then close: the client gets a TCP RST instead of an answer.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
            elif fault.kind == "truncate":
                resource = server._resolve(self.path)
                self.send_response(200)
                self.send_header("Content-Type", resource.content_type)
                self.send_header("Content-Length", str(len(resource.body)))
                self.end_headers()
                self.wfile.write(resource.body[: len(resource.body) // 2])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_WR)
                self.close_connection = True
            return True

        def _plain(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(code)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    return _Handler
