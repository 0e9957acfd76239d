"""One step of a Python Pulumi program written against the generated typed SDK (`pulumi_elb`, from
sdk/python), run through Pulumi's own Python Automation API (an inline program: no language host).
Called by test/engine/python.test.ts with one JSON argument; prints what the engine reported as
JSON on its last line."""
import json
import sys

import pulumi
from pulumi import automation as auto

import pulumi_elb as elb


def main():
    step = json.loads(sys.argv[1])

    def member(name, address, weight, opts=None):
        return elb.PoolMember(
            name,
            pool_id=step["poolId"],
            subnet_id=step["subnetId"],
            address=address,
            protocol_port=80,
            name=name,
            weight=weight,
            opts=opts,
        )

    def program():
        # What the pool holds before this step changes anything: the plain (not Output) invoke.
        before = elb.get_pool_members(pool_id=step["poolId"])
        pulumi.export("before", sorted(f"{m.address} w{m.weight}" for m in before.members))

        first = member("py-1", "192.168.0.91", step["weight"], pulumi.ResourceOptions(custom_timeouts=pulumi.CustomTimeouts(create="2m")))
        second = member("py-2", "192.168.0.92", step["weight"])
        # Declared as the member made outside Pulumi is, so the import finds nothing to change.
        legacy = member("legacy", step["legacyAddress"], 3, pulumi.ResourceOptions(import_=step["importId"]))

        other = elb.Provider("second", endpoint=step["secondUrl"], auth="none")
        remote = member("py-remote", "192.168.0.93", step["weight"], pulumi.ResourceOptions(provider=other))

        # The pool after this step's members are in place: the Output form waits for them.
        after = elb.get_pool_members_output(pool_id=step["poolId"], opts=pulumi.InvokeOutputOptions(depends_on=[first, second, legacy]))
        pulumi.export("after", after.members.apply(lambda members: sorted(f"{m.address} w{m.weight}" for m in members)))
        pulumi.export("ids", [first.id, second.id, legacy.id])
        pulumi.export("remoteId", remote.id)

    options = auto.LocalWorkspaceOptions(
        work_dir=step["workDir"],
        pulumi_home=step["pulumiHome"],
        pulumi_command=auto.PulumiCommand(root=step["toolchain"]),
        env_vars=step["env"],
        project_settings=auto.ProjectSettings(name="python-members", runtime="python", backend=auto.ProjectBackend(url=step["backendUrl"])),
    )
    stack = auto.create_or_select_stack(stack_name="test", project_name="python-members", program=program, opts=options)
    stack.set_all_config({key: auto.ConfigValue(value=value) for key, value in step["config"].items()})

    # The engine's own step for each resource (create, import, update, refresh, delete, ...).
    ops = {}

    def on_event(event):
        pre = event.resource_pre_event
        if pre is not None:
            ops[pre.metadata.urn.split("::")[-1]] = pre.metadata.op.value

    if step["op"] == "up":
        result = stack.up(on_event=on_event)
        report = {"changes": result.summary.resource_changes, "outputs": {key: value.value for key, value in result.outputs.items()}}
    elif step["op"] == "preview":
        result = stack.preview(diff=True, on_event=on_event)
        report = {"changes": result.change_summary, "stdout": result.stdout}
    elif step["op"] == "refresh":
        result = stack.refresh(on_event=on_event)
        report = {"changes": result.summary.resource_changes}
    elif step["op"] == "destroy":
        result = stack.destroy(on_event=on_event)
        report = {"changes": result.summary.resource_changes}
    else:
        raise SystemExit(f"unknown op {step['op']}")
    report["ops"] = ops
    resources = stack.export_stack().deployment.get("resources", [])
    report["types"] = sorted({resource["type"] for resource in resources})
    # customTimeouts as the engine recorded them in state, by resource name.
    report["timeouts"] = {r["urn"].split("::")[-1]: r["customTimeouts"] for r in resources if r.get("customTimeouts")}
    # Where the typed SDK was imported from, so the test can tell it is the one it installed.
    report["sdk"] = elb.__file__
    print(json.dumps(report))


if __name__ == "__main__":
    main()
