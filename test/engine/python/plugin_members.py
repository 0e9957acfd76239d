"""One step of a Python Pulumi program, through Pulumi's own Python Automation API (an inline
program: no language host), that declares members of the plugin's type elb:index:PoolMember.
Called by test/engine/python.test.ts with one JSON argument; prints what the engine reported as
JSON on its last line."""
import json
import sys

import pulumi
from pulumi import automation as auto

TYPE = "elb:index:PoolMember"


class PoolMember(pulumi.CustomResource):
    """A resource of the plugin's type, declared as any program without a generated SDK does."""

    def __init__(self, resource_name, props, opts=None):
        super().__init__(TYPE, resource_name, props, opts)


def main():
    step = json.loads(sys.argv[1])

    def program():
        members = [
            PoolMember(
                name,
                {
                    "poolId": step["poolId"],
                    "subnetId": step["subnetId"],
                    "address": address,
                    "protocolPort": 80,
                    "name": name,
                    "weight": step["weight"],
                },
            )
            for name, address in [("py-1", "192.168.0.91"), ("py-2", "192.168.0.92")]
        ]
        pulumi.export("ids", [member.id for member in members])

    options = auto.LocalWorkspaceOptions(
        work_dir=step["workDir"],
        pulumi_home=step["pulumiHome"],
        pulumi_command=auto.PulumiCommand(root=step["toolchain"]),
        env_vars=step["env"],
        project_settings=auto.ProjectSettings(name="python-members", runtime="python", backend=auto.ProjectBackend(url=step["backendUrl"])),
    )
    stack = auto.create_or_select_stack(stack_name="test", project_name="python-members", program=program, opts=options)
    stack.set_all_config({key: auto.ConfigValue(value=value) for key, value in step["config"].items()})
    if step["op"] == "up":
        result = stack.up()
        report = {"changes": result.summary.resource_changes, "outputs": {key: value.value for key, value in result.outputs.items()}}
    elif step["op"] == "preview":
        result = stack.preview(diff=True)
        report = {"changes": result.change_summary, "stdout": result.stdout}
    elif step["op"] == "destroy":
        result = stack.destroy()
        report = {"changes": result.summary.resource_changes}
    else:
        raise SystemExit(f"unknown op {step['op']}")
    report["types"] = sorted({resource["type"] for resource in stack.export_stack().deployment.get("resources", [])})
    print(json.dumps(report))


if __name__ == "__main__":
    main()
