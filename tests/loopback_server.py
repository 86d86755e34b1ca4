"""A real HTTP server on 127.0.0.1 for the download tests: serves a folder, supports Range,
and plays scripted faults per path (HTTP status, truncated body, slow body, replaced body)."""

from __future__ import annotations

import socket
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _Handler(BaseHTTPRequestHandler):
    server: LoopbackServer._Server

    def log_message(self, *args: Any) -> None:   # keep test output clean
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        path = self.path.split("?")[0]
        requested_range = self.headers.get("Range")
        fault = owner.next_fault(path)
        owner.requests.append({"path": path, "range": requested_range, "fault": fault})
        if fault.get("status"):
            self.send_response(fault["status"])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        file = owner.root / path.lstrip("/")
        if not file.is_file() and "body" not in fault:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = fault.get("body", file.read_bytes() if file.is_file() else b"")
        start = 0
        if requested_range and requested_range.startswith("bytes="):
            start = int(requested_range[6:].split("-")[0] or 0)
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if "truncate" in fault:
            self.wfile.write(body[: fault["truncate"]])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        step = 8192
        for offset in range(0, len(body), step):
            self.wfile.write(body[offset:offset + step])
            if fault.get("slow"):
                time.sleep(fault["slow"])


class LoopbackServer:
    """Start with ``with LoopbackServer(root) as server:``; ``server.url`` is http://127.0.0.1:<port>."""

    class _Server(ThreadingHTTPServer):
        daemon_threads = True
        owner: LoopbackServer

    def __init__(self, root: Path) -> None:
        self.root = root
        self.faults: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.always: dict[str, dict[str, Any]] = {}
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = self._Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def next_fault(self, path: str) -> dict[str, Any]:
        with self._lock:
            if self.faults.get(path):
                return self.faults[path].pop(0)
            return dict(self.always.get(path, {}))

    def gets(self, path: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"] == path]

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()
