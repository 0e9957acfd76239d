// The resource plugin's gRPC service: the engine's ResourceProvider calls, each handed to the same
// lifecycle the dynamic provider runs (provider/). Only the wire is translated here: protobuf
// structs, the engine's resource name (the owner a claim records), its customTimeouts, preview,
// detailed diffs and partial failures.
//
// Written on @grpc/grpc-js and the SDK's own protobuf stubs rather than @pulumi/pulumi/provider's
// main(): that server (3.276) drops Configure's config, the operations' timeouts and the preview
// flag, so the provider could read no settings and honour no customTimeouts.
import * as grpc from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { configure, poolMember } from "../provider";
import { providerContext } from "../provider/context";
import * as lookups from "../provider/lookups";
import type { PoolMemberState } from "../provider/types";
import { RESOURCE_NAME_KEY } from "../provider/validate";
import { FUNCTION_TOKENS, POOL_MEMBER_TOKEN } from "./package-schema";

type Props = Record<string, unknown>;
type Handler<Req, Res> = (request: Req) => Promise<Res>;

/** A unary call: the handler's answer, or its error as the engine reads one. */
function unary<Req, Res>(handler: Handler<Req, Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    handler(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(grpcError(error)),
    );
  };
}

const toJs = (struct: Struct | undefined): Props => (struct ? (struct.toJavaScript() as Props) : {});
const toStruct = (value: object): Struct => Struct.fromJavaScript(value as never);

/** The owner name is the adapter's to add and to take away: the engine's state never holds it. */
function withOwner(props: Props, name: string): Props {
  return name ? { ...props, [RESOURCE_NAME_KEY]: name } : props;
}
function withoutOwner(props: Props | undefined): Props {
  const { [RESOURCE_NAME_KEY]: _owner, ...rest } = props ?? {};
  return rest;
}

/** The engine's customTimeouts for this operation (seconds; 0 when not set). */
const timeoutOf = (seconds: number) => (seconds > 0 ? { timeoutMs: seconds * 1_000 } : {});

export function resourceProviderService(version: string, schema: string): grpc.UntypedServiceImplementation {
  return {
    getPluginInfo: unary(async () => new PluginInfo().setVersion(version)),
    getSchema: unary(async (request: rpc.GetSchemaRequest) => {
      if (request.getVersion() !== 0) throw new Error(`unsupported schema version ${request.getVersion()}`);
      return new rpc.GetSchemaResponse().setSchema(schema);
    }),
    // Settings are checked where they are used, with messages that name them (check at preview).
    checkConfig: unary(async (request: rpc.CheckRequest) => new rpc.CheckResponse().setInputs(request.getNews())),
    diffConfig: unary(async (request: rpc.DiffRequest) => {
      const [olds, news] = [withoutVersion(toJs(request.getOlds())), withoutVersion(toJs(request.getNews()))];
      const same = JSON.stringify(sorted(olds)) === JSON.stringify(sorted(news));
      return new rpc.DiffResponse().setChanges(same ? rpc.DiffResponse.DiffChanges.DIFF_NONE : rpc.DiffResponse.DiffChanges.DIFF_SOME);
    }),
    configure: unary(async (request: rpc.ConfigureRequest) => {
      // The engine names them "elb:config:<name>"; the provider reads "elb:<name>", as stack config has them.
      const variables = new Map((request.getVariablesMap().toArray() as [string, string][]).map(([key, value]) => [key.replace(/^([^:]+):config:/, "$1:"), value]));
      configure({ get: (key) => variables.get(key) });
      // Plain values in, and preview runs create and update, which answer from the inputs alone.
      return new rpc.ConfigureResponse().setAcceptsecrets(false).setSupportspreview(true).setAcceptresources(false).setAcceptoutputs(false);
    }),
    check: unary(async (request: rpc.CheckRequest) => {
      assertType(request.getType(), request.getUrn());
      const result = await poolMember.check(toJs(request.getOlds()) as never, withOwner(toJs(request.getNews()), request.getName()) as never);
      const response = new rpc.CheckResponse().setInputs(toStruct(withoutOwner(result.inputs as unknown as Props)));
      response.setFailuresList((result.failures ?? []).map((failure) => new rpc.CheckFailure().setProperty(failure.property).setReason(failure.reason)));
      return response;
    }),
    diff: unary(async (request: rpc.DiffRequest) => {
      const olds = toJs(request.getOlds());
      const news = toJs(request.getNews());
      const outcome = await poolMember.diff(request.getId(), olds as never, news as never);
      const response = new rpc.DiffResponse()
        .setChanges(outcome.changes ? rpc.DiffResponse.DiffChanges.DIFF_SOME : rpc.DiffResponse.DiffChanges.DIFF_NONE)
        .setReplacesList(outcome.replaces)
        .setDeletebeforereplace(outcome.deleteBeforeReplace)
        .setDiffsList(outcome.changed)
        .setHasdetaileddiff(true);
      for (const name of outcome.changed) {
        response.getDetaileddiffMap().set(name, new rpc.PropertyDiff().setKind(diffKind(olds[name], news[name], outcome.replaces.includes(name))).setInputdiff(true));
      }
      return response;
    }),
    create: unary(async (request: rpc.CreateRequest) => {
      const inputs = toJs(request.getProperties());
      // The state a create leaves is the member's configuration: at preview it is the inputs.
      if (request.getPreview()) return new rpc.CreateResponse().setId("").setProperties(toStruct(inputs));
      const created = await poolMember.create(withOwner(inputs, request.getName()) as never, timeoutOf(request.getTimeout()));
      return new rpc.CreateResponse().setId(created.id).setProperties(toStruct(withoutOwner(created.outs as unknown as Props)));
    }),
    read: unary(async (request: rpc.ReadRequest) => {
      // An import sends no properties: the id alone says what to read ("<poolId>/<memberId>" or "<poolId>/<address>:<port>").
      const result = await poolMember.read(request.getId(), toJs(request.getProperties()) as never);
      const response = new rpc.ReadResponse().setId(result.id ?? "");
      if (result.id) {
        response.setProperties(toStruct(withoutOwner(result.props as unknown as Props))).setInputs(toStruct(withoutOwner(result.inputs as unknown as Props)));
      }
      return response;
    }),
    update: unary(async (request: rpc.UpdateRequest) => {
      const news = toJs(request.getNews());
      if (request.getPreview()) return new rpc.UpdateResponse().setProperties(toStruct(news));
      const updated = await poolMember.update(request.getId(), toJs(request.getOlds()) as never, news as never, timeoutOf(request.getTimeout()));
      return new rpc.UpdateResponse().setProperties(toStruct(withoutOwner(updated.outs as unknown as Props)));
    }),
    delete: unary(async (request: rpc.DeleteRequest) => {
      await poolMember.delete(request.getId(), toJs(request.getProperties()) as unknown as PoolMemberState, timeoutOf(request.getTimeout()));
      return new Empty();
    }),
    invoke: unary(async (request: rpc.InvokeRequest) => {
      const args = toJs(request.getArgs()) as { profile?: string };
      const context = await providerContext(args.profile);
      const response = new rpc.InvokeResponse();
      if (request.getTok() === FUNCTION_TOKENS.getPoolMember) return response.setReturn(toStruct(await lookups.getPoolMember(context, args as lookups.GetPoolMemberArgs)));
      if (request.getTok() === FUNCTION_TOKENS.getPoolMembers) return response.setReturn(toStruct({ members: await lookups.getPoolMembers(context, args as lookups.GetPoolMembersArgs) }));
      throw new Error(`unknown function ${request.getTok()}; this plugin has ${Object.values(FUNCTION_TOKENS).join(", ")}`);
    }),
    cancel: unary(async () => new Empty()),
    attach: unary(async () => new Empty()),
  };
}

function assertType(type: string, urn: string): void {
  const token = type || urn.split("::")[2]?.split("$").pop();
  if (token && token !== POOL_MEMBER_TOKEN) throw new Error(`unknown resource type ${token}; this plugin has ${POOL_MEMBER_TOKEN}`);
}

function diffKind(before: unknown, after: unknown, replaces: boolean): rpc.PropertyDiff.Kind {
  const Kind = rpc.PropertyDiff.Kind;
  if (before === undefined) return replaces ? Kind.ADD_REPLACE : Kind.ADD;
  if (after === undefined) return replaces ? Kind.DELETE_REPLACE : Kind.DELETE;
  return replaces ? Kind.UPDATE_REPLACE : Kind.UPDATE;
}

const withoutVersion = ({ version: _version, ...rest }: Props): Props => rest;
const sorted = (props: Props): [string, unknown][] => Object.entries(props).sort(([a], [b]) => a.localeCompare(b));

/**
 * An error as the engine reads it: a lifecycle error that carries an id is a partial failure (the
 * member exists and is recorded with these properties), sent as ErrorResourceInitFailed.
 */
function grpcError(error: unknown): Partial<grpc.StatusObject> {
  const failure = error instanceof Error ? error : new Error(String(error));
  const { id, properties, reasons } = failure as Error & { id?: string; properties?: Props; reasons?: string[] };
  const metadata = new grpc.Metadata();
  if (id) {
    const detail = new rpc.ErrorResourceInitFailed().setId(id).setProperties(toStruct(withoutOwner(properties))).setReasonsList(reasons ?? [failure.message]);
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new Status().setCode(grpc.status.UNKNOWN).setMessage(failure.message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: failure.message, metadata };
}
