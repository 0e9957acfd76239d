"""Drives otcextensions' vlb proxy (dedicated load balancers, ELB v3) against the ELB emulator.

Reads one JSON request on stdin:
  {"connect": {...openstack.connect keyword arguments...},
   "step": "create" | "get" | "list" | "update" | "delete" | "raw_get",
   "pool_id": "...", "member_id": "...",
   "attrs": {...} or, for create, a list of them, "query": {...}}
and prints one JSON line on stdout: {"result": ..., "requests": [...]} with members as plain
dicts of otcextensions' attribute names and every GET the proxy sent (path and query), or
{"error": {"type", "status", "message"}} for an SDK exception (exit code 0 either way, so the
test can assert on errors too). Anything else is a crash: a traceback and a non-zero exit.

The connection is made as a T Cloud user makes it: openstack.connect, then otcextensions'
register_otc_extensions, which adds conn.vlb (catalog type "elbv3").
"""

import json
import sys

import openstack
from openstack import exceptions
from otcextensions import sdk

# Fields of otcextensions.sdk.vlb.v3.member.Member (0.34.8), as the SDK names them.
MEMBER_FIELDS = (
    "id",
    "name",
    "address",
    "protocol_port",
    "subnet_cidr_id",
    "weight",
    "is_admin_state_up",
    "operating_status",
    "ip_version",
    "project_id",
    "pool_id",
)


def member_dict(member):
    return {field: getattr(member, field) for field in MEMBER_FIELDS}


def watch_gets(vlb):
    """Records each GET the proxy sends (its path and query) without changing it."""
    sent = []
    original = vlb.get

    def get(url, *args, **kwargs):
        sent.append({"url": url, "params": dict(kwargs.get("params") or {})})
        return original(url, *args, **kwargs)

    vlb.get = get
    return sent


def run(vlb, request):
    pool = request["pool_id"]
    step = request["step"]
    if step == "create":
        return [member_dict(vlb.create_member(pool, **attrs)) for attrs in request["attrs"]]
    if step == "get":
        return member_dict(vlb.get_member(request["member_id"], pool))
    if step == "list":
        return [member_dict(m) for m in vlb.members(pool, **request.get("query", {}))]
    if step == "update":
        return member_dict(vlb.update_member(request["member_id"], pool, **request["attrs"]))
    if step == "delete":
        vlb.delete_member(request["member_id"], pool, ignore_missing=False)
        return None
    if step == "raw_get":
        # The body as the server sent it, through the proxy's own session: what the Member
        # resource leaves out (member_type, instance_id, ...) is still on the wire.
        response = vlb.get(f"/elb/pools/{pool}/members/{request['member_id']}")
        exceptions.raise_from_response(response)
        return response.json()
    raise ValueError(f"unknown step {step!r}")


def main():
    request = json.load(sys.stdin)
    # Only what the test passes: no clouds.yaml and no OS_* variables of whoever runs it.
    conn = openstack.connect(load_yaml_config=False, load_envvars=False, **request["connect"])
    try:
        sdk.register_otc_extensions(conn)
        sent = watch_gets(conn.vlb)
        output = {"result": run(conn.vlb, request), "requests": sent}
    except exceptions.HttpException as err:
        output = {"error": {"type": type(err).__name__, "status": err.status_code, "message": str(err)}}
    finally:
        conn.close()
    print(json.dumps(output))


if __name__ == "__main__":
    main()
