// The dynamic provider the engine keeps in every resource's state as `__provider`.
//
// This module's exports ARE the provider object. When the package is installed under
// node_modules, Pulumi's closure serializer finds this module in the require cache and stores
// only `require("pulumi-elb-poolmember/dist/sdk/provider-adapter.js")`; otherwise (a linked
// checkout) it stores these few functions by value. package.json has no "exports" map on
// purpose: with one, code inside the repo would resolve the package to itself, never to
// node_modules. Either way each method loads the host side (dynamic-host.ts) by package name
// when it runs in the provider process, so state holds no implementation code and never a
// setting or secret. Arrow functions only: they serialize without `this` or method-name pitfalls.
//
// The require is typed by the host module itself, so renaming or retyping one of its functions
// fails to compile here rather than at someone's `pulumi destroy`.
import type * as pulumi from "@pulumi/pulumi";
import type * as host from "./dynamic-host";

type Props = Record<string, unknown>;
type Provider = Required<pulumi.dynamic.ResourceProvider<Props, Props>>;

const load = (): typeof host => require("pulumi-elb-poolmember/dist/sdk/dynamic-host");

export const configure: Provider["configure"] = async (request) => load().configure(request.config);
export const check: Provider["check"] = async (olds, news) => load().check(olds, news);
export const diff: Provider["diff"] = async (id, olds, news) => load().diff(id, olds, news);
export const create: Provider["create"] = async (inputs) => load().create(inputs);
export const read: Provider["read"] = async (id, props) => load().read(id, props);
export const update: Provider["update"] = async (id, olds, news) => load().update(id, olds, news);
// `delete` is a reserved word, so the export is named through a local.
const remove: Provider["delete"] = async (id, props) => load().remove(id, props);
export { remove as delete };
