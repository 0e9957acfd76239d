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
//
// The require is typed by the implementation's own module, so renaming or retyping a lifecycle
// function fails to compile here rather than at someone's `pulumi destroy`.
import type * as pulumi from "@pulumi/pulumi";
import type * as implementation from "../provider";
import type { PoolMemberState } from "../provider/types";

type Provider = Required<pulumi.dynamic.ResourceProvider<PoolMemberState, PoolMemberState>>;
type Implementation = typeof implementation;

const load = (): Implementation => require("pulumi-elb-poolmember/dist/provider");

export const configure: Provider["configure"] = async (request) => load().configure(request.config);
export const check: Provider["check"] = async (olds, news) => load().poolMember.check(olds, news);
export const diff: Provider["diff"] = async (id, olds, news) => load().poolMember.diff(id, olds, news);
export const create: Provider["create"] = async (inputs) => load().poolMember.create(inputs);
export const read: Provider["read"] = async (id, props) => load().poolMember.read(id, props);
export const update: Provider["update"] = async (id, olds, news) => load().poolMember.update(id, olds, news);
// `delete` is a reserved word, so the export is named through a local.
const remove: Provider["delete"] = async (id, props) => load().poolMember.delete(id, props);
export { remove as delete };
