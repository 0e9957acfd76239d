"""Drives openstacksdk's load-balancer proxy against the ELB emulator, one step per run.

Reads one JSON request on stdin:
  {"connect": {...openstack.connect keyword arguments...},
   "step": "list" | "create" | "update" | "delete" | "get",
   "pool_id": "...", "loadbalancer_id": "...",
   "member_id": "...", "attrs": {...}, "filters": {...}}
and prints one JSON line on stdout: {"result": ...} with members as plain dicts, or
{"error": {"type", "status", "message"}} for an SDK exception (exit code 0 either way, so the
test can assert on errors too). Anything else is a crash: a traceback and a non-zero exit.

Before and after each change it waits for the load balancer to be ACTIVE again, as a careful
client of this API does, since each change makes it PENDING_UPDATE for a while.
"""

import json
import sys

import openstack
from openstack import exceptions

# Polling the emulator: its busy windows are short, so poll often and give up quickly.
WAIT = {"status": "ACTIVE", "failures": ["ERROR"], "interval": 0.05, "wait": 30}

# Fields a member carries in the SDK, as the SDK names them.
MEMBER_FIELDS = (
    "id",
    "name",
    "address",
    "protocol_port",
    "subnet_id",
    "weight",
    "is_admin_state_up",
    "operating_status",
    "project_id",
    "pool_id",
)


def member_dict(member):
    return {field: getattr(member, field) for field in MEMBER_FIELDS}


def wait_active(lb, request):
    lb.wait_for_load_balancer(request["loadbalancer_id"], **WAIT)


def run(conn, request):
    lb = conn.load_balancer
    pool = request["pool_id"]
    step = request["step"]
    if step == "list":
        return [member_dict(m) for m in lb.members(pool, **request.get("filters", {}))]
    if step == "get":
        return member_dict(lb.get_member(request["member_id"], pool))
    wait_active(lb, request)
    if step == "create":
        result = member_dict(lb.create_member(pool, **request["attrs"]))
    elif step == "update":
        result = member_dict(lb.update_member(request["member_id"], pool, **request["attrs"]))
    elif step == "delete":
        lb.delete_member(request["member_id"], pool, ignore_missing=False)
        result = None
    else:
        raise ValueError(f"unknown step {step!r}")
    wait_active(lb, request)
    return result


def main():
    request = json.load(sys.stdin)
    # Only what the test passes: no clouds.yaml and no OS_* variables of whoever runs it.
    conn = openstack.connect(load_yaml_config=False, load_envvars=False, **request["connect"])
    try:
        output = {"result": run(conn, request)}
    except exceptions.HttpException as err:
        output = {"error": {"type": type(err).__name__, "status": err.status_code, "message": str(err)}}
    finally:
        conn.close()
    print(json.dumps(output))


if __name__ == "__main__":
    main()
