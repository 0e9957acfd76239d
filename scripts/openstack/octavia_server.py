"""OpenStack Octavia's real LBaaS v2 API on 127.0.0.1, as an independent test backend.

noauth, noop drivers, SQLite in a temporary folder, and a stand-in provider driver that settles
PENDING_* objects after --busy-ms. Seeds one load balancer, listener and pool through the API,
prints one JSON line to stdout ({"url", "loadBalancerId", "listenerId", "poolId", "subnetId",
"projectId"}) and serves until SIGTERM or SIGINT. Run it with the cached venv's Python
(`make setup-openstack`).
"""

import argparse
import json
import os
import shutil
import signal
import socketserver
import sys
import tempfile
import threading
import warnings
from wsgiref import simple_server

# Octavia's logging writes to stdout unless told otherwise; stdout carries only the JSON line.
_stdout, sys.stdout = sys.stdout, sys.stderr
# Printed by oslo.service on import; nothing here uses eventlet.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import sqlalchemy  # noqa: E402
from oslo_config import cfg  # noqa: E402
from oslo_log import log as oslo_log  # noqa: E402

from octavia.api import app as octavia_app  # noqa: E402
from octavia.common import config as _octavia_config  # noqa: E402,F401  registers the options

import octavia_db  # noqa: E402
import seed_world  # noqa: E402
from stand_in_driver import StandInDriver  # noqa: E402
from test_control import TestControl  # noqa: E402


class _ThreadingServer(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 resets connections when tests open many at once.
    request_queue_size = 128


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, *args):
        if _VERBOSE:
            super().log_message(*args)


_VERBOSE = False

_CONFIG = """\
[DEFAULT]
use_stderr = true
debug = false
{log_levels}
transport_url = fake:/

[api_settings]
auth_strategy = noauth
bind_host = 127.0.0.1
bind_port = {port}
api_base_uri = http://127.0.0.1:{port}
enabled_provider_drivers = noop_driver:The noop driver
default_provider_driver = noop_driver

[controller_worker]
network_driver = network_noop_driver
compute_driver = compute_noop_driver
amphora_driver = amphora_noop_driver
volume_driver = volume_noop_driver
image_driver = image_noop_driver

[certificates]
cert_manager = noop_cert_manager

[database]
connection = sqlite:///{db}

[oslo_policy]
policy_file = {policy}
"""


def _parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1; 0 picks a free one")
    parser.add_argument("--busy-ms", type=int, default=0, help="PENDING_* time of each change")
    parser.add_argument("--workdir", default=None, help="where the temporary folder goes")
    parser.add_argument("--stop-on-stdin-close", action="store_true",
                        help="also stop when stdin closes, so a test process that dies takes the server with it")
    parser.add_argument("--verbose", action="store_true", help="Octavia's INFO logs and every request on stderr")
    return parser.parse_args()


def _build_app(tmp, port, db_file):
    conf_file = os.path.join(tmp, "octavia.conf")
    policy_file = os.path.join(tmp, "policy.json")
    with open(policy_file, "w") as out:
        out.write("{}")  # noauth: every caller is admin; Octavia's built-in rules do the rest
    log_levels = ""
    if not _VERBOSE:
        # Octavia logs its whole configuration and every change at INFO; warnings are enough.
        log_levels = "default_log_levels = " + ",".join(oslo_log.get_default_log_levels() + ["octavia=WARN"])
        warnings.filterwarnings("ignore", category=sqlalchemy.exc.SAWarning)
    with open(conf_file, "w") as out:
        out.write(_CONFIG.format(port=port, db=db_file, policy=policy_file, log_levels=log_levels))
    # oslo.db hands pool_timeout to a pool class SQLite does not use, and SQLAlchemy refuses it.
    cfg.CONF.set_default("pool_timeout", None, group="database")
    octavia_db.keep_noop_stores_in(tmp)
    app = octavia_app.setup_app(argv=["octavia-api", "--config-file", conf_file])
    octavia_db.tune_sqlite_connections()
    octavia_db.create_schema()
    return app


def _exit(*_):
    raise SystemExit(0)


def _signal_on_stdin_close():
    sys.stdin.buffer.read()
    os.kill(os.getpid(), signal.SIGTERM)


def main():
    global _VERBOSE
    args = _parse_args()
    _VERBOSE = args.verbose
    tmp = tempfile.mkdtemp(prefix="octavia-", dir=args.workdir)
    # Raised in the main thread wherever it is, start-up included, so the cleanup below runs.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _exit)
    if args.stop_on_stdin_close:
        threading.Thread(target=_signal_on_stdin_close, name="stdin", daemon=True).start()
    server = None
    serving = False
    driver = None
    try:
        server = _ThreadingServer(("127.0.0.1", args.port), _QuietHandler)
        port = server.server_address[1]
        db_file = os.path.join(tmp, "octavia.sqlite")
        app = _build_app(tmp, port, db_file)
        write_lock = threading.Lock()
        driver = StandInDriver(args.busy_ms, write_lock, db_file)
        control = TestControl(app, driver, write_lock)
        server.set_app(control)
        threading.Thread(target=server.serve_forever, args=(0.1,), name="http", daemon=True).start()
        serving = True
        driver.start()
        url = f"http://127.0.0.1:{port}"
        world = seed_world.seed(url)
        control.reset_counters()  # tests count their own calls, not the seeding
        _stdout.write(json.dumps({"url": url, **world}) + "\n")
        _stdout.flush()
        threading.Event().wait()
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, signal.SIG_IGN)
        if serving:
            server.shutdown()  # waits for serve_forever, so only once it runs
        if server is not None:
            server.server_close()
        if driver is not None:
            driver.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except SystemExit as stopped:
        # Everything is cleaned up by now; the interpreter's own teardown of Octavia's modules
        # would take seconds more.
        sys.stderr.flush()
        os._exit(stopped.code if isinstance(stopped.code, int) else 0)
