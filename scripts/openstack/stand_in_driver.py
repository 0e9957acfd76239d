"""Plays Octavia's provider driver, which the noop driver does not: objects left PENDING_* by the
API settle after a busy time, counted from when this thread first saw them pending.

PENDING_CREATE / PENDING_UPDATE become ACTIVE (new load balancers, listeners and pools also go
ONLINE, as the health manager would report them); PENDING_DELETE members, health monitors, pools
and listeners are deleted, and a PENDING_DELETE load balancer loses its listeners and pools (a
cascade delete) and is marked DELETED. Nothing of a load balancer in ERROR is touched: that is how
a test holds a failed load balancer.
"""

import sqlite3
import sys
import threading
import time

from octavia.common import constants
from octavia.db import api as db_api
from octavia.db import models

POLL_SECONDS = 0.02

# Children before parents, so a load balancer settles after what it holds.
_MODELS = (models.Member, models.HealthMonitor, models.Pool, models.Listener, models.LoadBalancer)
_ORDER = {model.__tablename__: index for index, model in enumerate(_MODELS)}
_BY_TABLE = {model.__tablename__: model for model in _MODELS}

# One cheap query per poll for what is pending and not under a load balancer in ERROR; the ORM
# is used only when something is due.
_LB_OF = {
    "member": "JOIN pool p ON p.id = o.pool_id JOIN load_balancer lb ON lb.id = p.load_balancer_id",
    "health_monitor": "JOIN pool p ON p.id = o.pool_id JOIN load_balancer lb ON lb.id = p.load_balancer_id",
    "pool": "JOIN load_balancer lb ON lb.id = o.load_balancer_id",
    "listener": "JOIN load_balancer lb ON lb.id = o.load_balancer_id",
    "load_balancer": "JOIN load_balancer lb ON lb.id = o.id",
}
_PENDING_SQL = " UNION ALL ".join(
    f"SELECT '{table}', o.id, o.provisioning_status FROM {table} o {join} "
    f"WHERE o.provisioning_status LIKE 'PENDING_%' AND lb.provisioning_status != 'ERROR'"
    for table, join in _LB_OF.items())


class StandInDriver:
    def __init__(self, busy_ms, write_lock, db_file):
        self.busy_ms = busy_ms
        # Shared with the API's changing requests: one writer at a time on SQLite, which has no
        # row locks (see test_control).
        self._write_lock = write_lock
        self._db_file = db_file
        self._first_seen = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stand-in-driver", daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self):
        watch = sqlite3.connect(self._db_file, timeout=30, isolation_level=None)
        try:
            while not self._stop.wait(POLL_SECONDS):
                try:
                    due = self._due(watch.execute(_PENDING_SQL).fetchall())
                    if due:
                        with self._write_lock:
                            self._settle(due)
                except Exception as error:  # keep playing the driver; say what went wrong
                    print(f"stand-in driver: {error!r}", file=sys.stderr, flush=True)
        finally:
            watch.close()

    def _due(self, pending):
        now = time.monotonic()
        self._first_seen = {key: self._first_seen.get(key, now) for key in pending}
        due = [key for key, first in self._first_seen.items() if (now - first) * 1000 >= self.busy_ms]
        return sorted(due, key=lambda key: _ORDER[key[0]])

    def _settle(self, due):
        with db_api.session().begin() as session:
            for table, object_id, status in due:
                row = session.get(_BY_TABLE[table], object_id)
                # Looked at again under the lock: a test may have failed its load balancer.
                if row is None or row.provisioning_status != status or _in_error(row):
                    continue
                _finish(session, row)
                self._first_seen.pop((table, object_id, status), None)


def _in_error(row):
    if isinstance(row, models.LoadBalancer):
        lb = row
    elif isinstance(row, (models.Member, models.HealthMonitor)):
        lb = row.pool.load_balancer
    else:
        lb = row.load_balancer
    return lb.provisioning_status == constants.ERROR


def _finish(session, row):
    status = row.provisioning_status
    if status != constants.PENDING_DELETE:
        if status == constants.PENDING_CREATE and not isinstance(row, (models.Member, models.HealthMonitor)):
            row.operating_status = constants.ONLINE
        row.provisioning_status = constants.ACTIVE
    elif isinstance(row, models.LoadBalancer):
        for child in list(row.listeners) + list(row.pools):
            session.delete(child)
        row.provisioning_status = constants.DELETED
    else:
        session.delete(row)
    session.flush()
