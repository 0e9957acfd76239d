// The package's resource as any language without a generated SDK declares it: by its type token,
// through the engine to the resource plugin.
import * as pulumi from "@pulumi/pulumi";

export class PluginPoolMember extends pulumi.CustomResource {
  constructor(name: string, args: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super("elb:index:PoolMember", name, args, opts);
  }
}
