"""One step (up or destroy) of a small Python Pulumi program written against pulumi_elb as a user
gets it: pip-installed from a package index, with no plugin installed, so the engine has to fetch
pulumi-resource-elb from the pluginDownloadURL baked into the package. Run through Pulumi's
Automation API (an inline program). Called by test/engine/python-index.test.ts with one JSON
argument; prints what the engine reported as JSON on its last line, an engine failure included."""
import json
import sys

import pulumi
from pulumi import automation as auto

import pulumi_elb as elb


def main():
    step = json.loads(sys.argv[1])

    def program():
        for index, address in enumerate(step["addresses"], start=1):
            member = elb.PoolMember(
                f"idx-{index}",
                pool_id=step["poolId"],
                subnet_id=step["subnetId"],
                address=address,
                protocol_port=80,
                weight=1,
            )
            pulumi.export(f"id{index}", member.id)

    options = auto.LocalWorkspaceOptions(
        work_dir=step["workDir"],
        pulumi_home=step["pulumiHome"],
        pulumi_command=auto.PulumiCommand(root=step["toolchain"]),
        env_vars=step["env"],
        project_settings=auto.ProjectSettings(name="python-index", runtime="python", backend=auto.ProjectBackend(url=step["backendUrl"])),
    )
    stack = auto.create_or_select_stack(stack_name="test", project_name="python-index", program=program, opts=options)
    stack.set_all_config({key: auto.ConfigValue(value=value) for key, value in step["config"].items()})

    # What the engine printed, as it printed it: the plugin download shows up here.
    printed = []
    report = {"sdk": elb.__file__}
    try:
        if step["op"] == "up":
            result = stack.up(on_output=printed.append)
        elif step["op"] == "destroy":
            result = stack.destroy(on_output=printed.append)
        else:
            raise SystemExit(f"unknown op {step['op']}")
        report["changes"] = result.summary.resource_changes
    except auto.CommandError as error:
        # The test asserts on the engine's own words for a failed download.
        report["error"] = str(error)
    report["output"] = "\n".join(printed)
    resources = stack.export_stack().deployment.get("resources", []) or []
    # The default provider's inputs carry the download URL the engine was given by the SDK.
    report["providers"] = [r.get("inputs", {}) for r in resources if r["type"] == "pulumi:providers:elb"]
    print(json.dumps(report))


if __name__ == "__main__":
    main()
