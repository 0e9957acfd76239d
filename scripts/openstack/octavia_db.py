"""Octavia's database on SQLite: the schema, the lookup rows, and connection settings.

Octavia's alembic migrations cannot run on SQLite (they ALTER constraints), so the schema comes
from the ORM models and the rows the migrations would insert are added here.
"""

import os

import sqlalchemy
from octavia.common import constants
from octavia.compute.drivers.noop_driver import driver as compute_noop
from octavia.db import api as db_api
from octavia.db import base_models
from octavia.db import models
from octavia.network.drivers.noop_driver import driver as network_noop

# Lookup tables and the names they hold, as the migrations fill them.
_LOOKUPS = (
    (models.ProvisioningStatus, constants.SUPPORTED_PROVISIONING_STATUSES),
    (models.OperatingStatus, constants.SUPPORTED_OPERATING_STATUSES),
    (models.Protocol, constants.SUPPORTED_PROTOCOLS),
    (models.Algorithm, constants.SUPPORTED_LB_ALGORITHMS),
    (models.HealthMonitorType, constants.SUPPORTED_HEALTH_MONITOR_TYPES),
    (models.SessionPersistenceType, constants.SUPPORTED_SP_TYPES),
    (models.AmphoraRoles, constants.SUPPORTED_AMPHORA_ROLES),
    (models.LBTopology, constants.SUPPORTED_LB_TOPOLOGIES),
    (models.VRRPAuthMethod, constants.SUPPORTED_VRRP_AUTH),
    (models.L7RuleType, constants.SUPPORTED_L7RULE_TYPES),
    (models.L7RuleCompareType, constants.SUPPORTED_L7RULE_COMPARE_TYPES),
    (models.L7PolicyAction, constants.SUPPORTED_L7POLICY_ACTIONS),
    (models.ClientAuthenticationMode, constants.SUPPORTED_CLIENT_AUTH_MODES),
)

BUSY_TIMEOUT_MS = 30_000


def tune_sqlite_connections():
    """Every new connection to Octavia's database waits for locks instead of failing at once,
    and uses WAL so readers and the one writer at a time do not block each other. Call it once
    the configuration is loaded."""

    @sqlalchemy.event.listens_for(db_api.get_engine(), "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA journal_mode = WAL")


def keep_noop_stores_in(folder):
    """The noop network and compute drivers keep their fake ports in a fixed
    /tmp/octavia-network-noop.db, shared by every Octavia on the machine and never removed;
    this gives each server its own file in its temporary folder."""
    url = "sqlite:///" + os.path.join(folder, "network-noop.sqlite")
    for module in (network_noop, compute_noop):
        module.create_engine = lambda _url, *args, _module_url=url, **kwargs: sqlalchemy.create_engine(
            _module_url, *args, **kwargs)


def create_schema():
    """Creates every table in the configured database and seeds the lookup rows."""
    base_models.BASE.metadata.create_all(db_api.get_engine())
    with db_api.session().begin() as session:
        for model, names in _LOOKUPS:
            session.add_all(model(name=name) for name in names)
        # Placeholders the migrations add for load balancers whose flavor or availability zone
        # was deleted.
        session.add(models.FlavorProfile(id=constants.NIL_UUID, name="DELETED-PLACEHOLDER",
                                         provider_name=constants.DELETED, flavor_data="{}"))
        session.flush()
        session.add(models.Flavor(id=constants.NIL_UUID, flavor_profile_id=constants.NIL_UUID,
                                  name="DELETED-PLACEHOLDER", enabled=False))
        session.add(models.AvailabilityZoneProfile(
            id=constants.NIL_UUID, name="DELETED-PLACEHOLDER",
            provider_name=constants.DELETED, availability_zone_data="{}"))
        session.flush()
        session.add(models.AvailabilityZone(name=constants.NIL_UUID, enabled=False,
                                            availability_zone_profile_id=constants.NIL_UUID))
