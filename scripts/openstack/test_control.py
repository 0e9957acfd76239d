"""A WSGI wrapper in front of Octavia's API: it counts Octavia's answers, lets one changing
request run at a time, and serves a small test-only surface under /_test/:

  GET  /_test/counters                     {"METHOD /path/{id}": {"status": count}}
  POST /_test/counters/reset
  PUT  /_test/busy                         {"busyMs": N}
  PUT  /_test/loadbalancers/{id}/status    {"provisioning_status": "ERROR" | "ACTIVE"}
"""

import json
import re
import threading
from collections import defaultdict

from octavia.db import api as db_api
from octavia.db import models

_READS = ("GET", "HEAD", "OPTIONS")
_LB_STATUS = re.compile(r"^/_test/loadbalancers/([^/]+)/status$")
_SETTABLE = ("ERROR", "ACTIVE")


def path_template(path):
    """/v2/lbaas/pools/<id>/members/<id> -> /v2/lbaas/pools/{id}/members/{id}: below lbaas,
    collection names and ids alternate."""
    parts = path.rstrip("/").split("/")
    if "lbaas" in parts:
        start = parts.index("lbaas")
        for index in range(start + 2, len(parts), 2):
            parts[index] = "{id}"
    return "/".join(parts) or "/"


class TestControl:
    def __init__(self, app, driver, write_lock):
        self._app = app
        self._driver = driver
        self._write_lock = write_lock
        self._count_lock = threading.Lock()
        self._counters = defaultdict(lambda: defaultdict(int))

    def reset_counters(self):
        with self._count_lock:
            self._counters.clear()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_test/"):
            return self._control(environ, path, start_response)
        method = environ["REQUEST_METHOD"]
        status = []

        def recording_start_response(line, headers, exc_info=None):
            status[:] = [line.split(" ", 1)[0]]
            return start_response(line, headers, exc_info)

        try:
            if method in _READS:
                return list(self._app(environ, recording_start_response))
            # Octavia locks the load balancer row before a change; SQLite ignores FOR UPDATE and
            # fails the losers of a race with "database is locked" (500). One writer at a time
            # gives them the 409 a real deployment answers.
            with self._write_lock:
                return list(self._app(environ, recording_start_response))
        finally:
            with self._count_lock:
                self._counters[f"{method} {path_template(path)}"][status[0] if status else "500"] += 1

    def _control(self, environ, path, start_response):
        method = environ["REQUEST_METHOD"]
        try:
            body = _read_json(environ) if method in ("PUT", "POST") else {}
        except ValueError as error:
            return _answer(start_response, 400, {"error": str(error)})
        if method == "GET" and path == "/_test/counters":
            with self._count_lock:
                snapshot = {key: dict(value) for key, value in self._counters.items()}
            return _answer(start_response, 200, snapshot)
        if method == "POST" and path == "/_test/counters/reset":
            self.reset_counters()
            return _answer(start_response, 204)
        if method == "PUT" and path == "/_test/busy":
            busy_ms = body.get("busyMs")
            if not isinstance(busy_ms, int) or isinstance(busy_ms, bool) or busy_ms < 0:
                return _answer(start_response, 400, {"error": "busyMs must be an integer >= 0"})
            self._driver.busy_ms = busy_ms
            return _answer(start_response, 204)
        match = _LB_STATUS.match(path)
        if method == "PUT" and match:
            status = body.get("provisioning_status")
            if status not in _SETTABLE:
                return _answer(start_response, 400, {"error": f"provisioning_status must be one of {_SETTABLE}"})
            with self._write_lock, db_api.session().begin() as session:
                changed = session.query(models.LoadBalancer).filter_by(id=match.group(1)).update(
                    {"provisioning_status": status})
            if not changed:
                return _answer(start_response, 404, {"error": f"no load balancer {match.group(1)}"})
            return _answer(start_response, 204)
        return _answer(start_response, 404, {"error": f"no test route {method} {path}"})


def _read_json(environ):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    if not raw:
        return {}
    value = json.loads(raw)
    if not isinstance(value, dict):
        raise ValueError("the body must be a JSON object")
    return value


def _answer(start_response, code, body=None):
    reasons = {200: "OK", 204: "No Content", 400: "Bad Request", 404: "Not Found"}
    data = b"" if body is None else json.dumps(body).encode()
    headers = [("Content-Length", str(len(data)))]
    if body is not None:
        headers.append(("Content-Type", "application/json"))
    start_response(f"{code} {reasons[code]}", headers)
    return [data]
