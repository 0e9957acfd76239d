"""Creates the test world through Octavia's own HTTP API, as a user would: a load balancer, an
HTTP listener on port 80, and a ROUND_ROBIN pool on that listener, each once the load balancer is
ACTIVE again."""

import json
import time
import urllib.request

# Fixed, so test output is stable. The noop network driver accepts any subnet id.
SUBNET_ID = "3c0a2a1e-6f38-4a54-9f3b-5d7e8a2b1c01"
PROJECT_ID = "6f1d0a3c9b2e4d5f8a7b6c5d4e3f2a1b"
SETTLE_SECONDS = 30


def _call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json",
                                              "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=SETTLE_SECONDS) as response:
        return json.loads(response.read() or b"{}")


def _wait_active(base, lb_id):
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        lb = _call(base, "GET", f"/v2/lbaas/loadbalancers/{lb_id}")["loadbalancer"]
        if lb["provisioning_status"] == "ACTIVE":
            return
        if lb["provisioning_status"] == "ERROR" or time.monotonic() > deadline:
            raise RuntimeError(f"load balancer {lb_id} stayed {lb['provisioning_status']}")
        time.sleep(0.02)


def seed(base):
    # With noauth there is no token to take the project from, so it goes in the body.
    lb = _call(base, "POST", "/v2/lbaas/loadbalancers", {"loadbalancer": {
        "name": "test-lb", "vip_subnet_id": SUBNET_ID, "project_id": PROJECT_ID}})["loadbalancer"]
    _wait_active(base, lb["id"])
    listener = _call(base, "POST", "/v2/lbaas/listeners", {"listener": {
        "name": "test-listener", "loadbalancer_id": lb["id"], "protocol": "HTTP",
        "protocol_port": 80}})["listener"]
    _wait_active(base, lb["id"])
    pool = _call(base, "POST", "/v2/lbaas/pools", {"pool": {
        "name": "test-pool", "listener_id": listener["id"], "protocol": "HTTP",
        "lb_algorithm": "ROUND_ROBIN"}})["pool"]
    _wait_active(base, lb["id"])
    return {"loadBalancerId": lb["id"], "listenerId": listener["id"], "poolId": pool["id"],
            "subnetId": SUBNET_ID, "projectId": PROJECT_ID}
