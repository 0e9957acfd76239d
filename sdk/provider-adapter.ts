// The dynamic provider the engine keeps in every resource's state as `__provider`.
//
// This module's exports ARE the provider object. When the package is installed under
// node_modules, Pulumi's closure serializer finds this module in the require cache and stores
// only `require("pulumi-elb-poolmember/dist/sdk/provider-adapter.js")`; otherwise (a linked
// checkout) it stores these few functions by value. package.json has no "exports" map on
// purpose: with one, code inside the repo would resolve the package to itself, never to
// node_modules. Either way each method loads the implementation by package name when it
// runs in the provider process, so state holds no implementation code and never a setting or
// secret. Arrow functions only: they serialize without `this` or method-name pitfalls.
import type * as pulumi from "@pulumi/pulumi";

type Provider = Required<pulumi.dynamic.ResourceProvider>;

export const configure: Provider["configure"] = async (request) =>
  require("pulumi-elb-poolmember/dist/provider").configure(request.config);
export const check: Provider["check"] = async (olds, news) => require("pulumi-elb-poolmember/dist/provider").poolMember.check(olds, news);
export const diff: Provider["diff"] = async (id, olds, news) => require("pulumi-elb-poolmember/dist/provider").poolMember.diff(id, olds, news);
export const create: Provider["create"] = async (inputs) => require("pulumi-elb-poolmember/dist/provider").poolMember.create(inputs);
export const read: Provider["read"] = async (id, props) => require("pulumi-elb-poolmember/dist/provider").poolMember.read(id, props);
export const update: Provider["update"] = async (id, olds, news) =>
  require("pulumi-elb-poolmember/dist/provider").poolMember.update(id, olds, news);
// `delete` is a reserved word, so the export is named through a local.
const remove: Provider["delete"] = async (id, props) => require("pulumi-elb-poolmember/dist/provider").poolMember.remove(id, props);
export { remove as delete };
