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
import { isPartialFailure, poolMember, ProviderRuntime } from "../provider";
import type { PoolMemberState } from "../provider";
import * as lookups from "../provider/lookups";
import type { EngineConnections } from "./engine-connections";
import { FUNCTION_TOKENS, POOL_MEMBER_TOKEN } from "./package-schema";

type Props = Record<string, unknown>;
type Handler<Req, Res> = (request: Req) => Promise<Res>;

/**
 * Unary calls: the handler's answer, or its error as the engine reads one. With `connections`,
 * each call counts as unanswered on its connection until it is answered, so a connection that
 * closes under it shows that the engine is gone (engine-connections.ts).
 */
export function unaryCalls(connections?: EngineConnections) {
  return <Req, Res>(handler: Handler<Req, Res>): grpc.handleUnaryCall<Req, Res> =>
    (call, callback) => {
      const answered = connections?.callStarted(call.getPeer()) ?? (() => undefined);
      handler(call.request).then(
        (response) => {
          callback(null, response);
          answered();
        },
        (error: unknown) => {
          callback(grpcError(error));
          answered();
        },
      );
    };
}

type JsonObject = Parameters<typeof Struct.fromJavaScript>[0];

const toJs = (struct: Struct | undefined): Props => (struct ? (struct.toJavaScript() as Props) : {});
/** Everything the lifecycle returns is plain JSON (state, lookups' results): the wire carries it as is. */
const toStruct = (value: object): Struct => Struct.fromJavaScript(value as JsonObject);
/** Properties the engine stored from this provider's own results, or that check() made: a member's shape. */
const stored = (struct: Struct | undefined): PoolMemberState => toJs(struct) as unknown as PoolMemberState;

/** What the call says besides the properties: the resource's name (a claim's owner) and the engine's customTimeouts (seconds; 0 when not set). */
const callOf = (name: string, timeoutSeconds = 0) => ({ owner: name || undefined, ...(timeoutSeconds > 0 ? { timeoutMs: timeoutSeconds * 1_000 } : {}) });

export interface ServiceOptions {
  /** The provider's runtime (default: a new one). One plugin process serves one provider instance: its runtime lives as long as this service. */
  runtime?: ProviderRuntime;
  /** Where each call is counted until answered, for the engine watch. */
  connections?: EngineConnections;
}

/** What the engine's Cancel means here: the reason a change refused after it names. */
export const CANCELLED = "the engine cancelled the deployment (Ctrl-C, or the end of the run)";

export function resourceProviderService(version: string, schema: string, options: ServiceOptions = {}): grpc.UntypedServiceImplementation {
  const runtime = options.runtime ?? new ProviderRuntime();
  const unary = unaryCalls(options.connections);
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
      const variables = new Map(
        (request.getVariablesMap().toArray() as [string, string][]).map(([key, value]) => [key.replace(/^([^:]+):config:/, "$1:"), value]),
      );
      runtime.configure({ get: (key) => variables.get(key) });
      // Plain values in, and preview runs create and update, which answer from the inputs alone.
      return new rpc.ConfigureResponse().setAcceptsecrets(false).setSupportspreview(true).setAcceptresources(false).setAcceptoutputs(false);
    }),
    check: unary(async (request: rpc.CheckRequest) => {
      assertType(request.getType(), request.getUrn());
      const result = await poolMember.check(runtime, toJs(request.getNews()), callOf(request.getName()));
      const response = new rpc.CheckResponse().setInputs(toStruct(result.inputs));
      response.setFailuresList((result.failures ?? []).map((failure) => new rpc.CheckFailure().setProperty(failure.property).setReason(failure.reason)));
      return response;
    }),
    diff: unary(async (request: rpc.DiffRequest) => {
      const [olds, news] = [stored(request.getOlds()), stored(request.getNews())];
      const outcome = poolMember.diff(olds, news);
      const response = new rpc.DiffResponse()
        .setChanges(outcome.changes ? rpc.DiffResponse.DiffChanges.DIFF_SOME : rpc.DiffResponse.DiffChanges.DIFF_NONE)
        .setReplacesList(outcome.replaces)
        .setDeletebeforereplace(outcome.deleteBeforeReplace)
        .setDiffsList(outcome.changed)
        .setHasdetaileddiff(true);
      for (const name of outcome.changed) {
        const kind = diffKind(olds[name as keyof PoolMemberState], news[name as keyof PoolMemberState], outcome.replaces.includes(name));
        response.getDetaileddiffMap().set(name, new rpc.PropertyDiff().setKind(kind).setInputdiff(true));
      }
      return response;
    }),
    create: unary(async (request: rpc.CreateRequest) => {
      // The state a create leaves is the member's configuration: at preview it is the inputs.
      if (request.getPreview()) return new rpc.CreateResponse().setId("").setProperties(request.getProperties());
      const created = await poolMember.create(runtime, stored(request.getProperties()), callOf(request.getName(), request.getTimeout()));
      return new rpc.CreateResponse().setId(created.id).setProperties(toStruct(created.state));
    }),
    read: unary(async (request: rpc.ReadRequest) => {
      // An import sends no properties: the id alone says what to read ("<poolId>/<memberId>" or "<poolId>/<address>:<port>").
      const found = await poolMember.read(runtime, request.getId(), stored(request.getProperties()));
      // No id tells the engine the member is gone; the inputs are the member's configuration, the state that and what the API reports beyond it.
      if (!found) return new rpc.ReadResponse().setId("");
      return new rpc.ReadResponse()
        .setId(found.id)
        .setProperties(toStruct(found.state))
        .setInputs(toStruct(poolMember.inputsOf(found.state)));
    }),
    update: unary(async (request: rpc.UpdateRequest) => {
      // At preview an update leaves the new configuration and what the API reported before (ipVersion, ...), which it does not change.
      if (request.getPreview())
        return new rpc.UpdateResponse().setProperties(toStruct({ ...stored(request.getNews()), ...poolMember.pickOutputs({ ...stored(request.getOlds()) }) }));
      const call = callOf(request.getName(), request.getTimeout());
      const state = await poolMember.update(runtime, request.getId(), stored(request.getOlds()), stored(request.getNews()), call);
      return new rpc.UpdateResponse().setProperties(toStruct(state));
    }),
    delete: unary(async (request: rpc.DeleteRequest) => {
      await poolMember.remove(runtime, request.getId(), stored(request.getProperties()), callOf(request.getName(), request.getTimeout()));
      return new Empty();
    }),
    invoke: unary(async (request: rpc.InvokeRequest) => {
      const args = toJs(request.getArgs()) as { profile?: string };
      const context = await runtime.context(args.profile);
      const response = new rpc.InvokeResponse();
      if (request.getTok() === FUNCTION_TOKENS.getPoolMember)
        return response.setReturn(toStruct(await lookups.getPoolMember(context, args as lookups.GetPoolMemberArgs)));
      if (request.getTok() === FUNCTION_TOKENS.getPoolMembers)
        return response.setReturn(toStruct({ members: await lookups.getPoolMembers(context, args as lookups.GetPoolMembersArgs) }));
      throw new Error(`unknown function ${request.getTok()}; this plugin has ${Object.values(FUNCTION_TOKENS).join(", ")}`);
    }),
    // The engine asks us to abort what is under way (a first Ctrl-C, and before it closes us at the
    // end of every run); it still waits for the answers and records them. So no new change goes out,
    // and reads do, so a change already sent is still found and reported (shutdown-signal.ts).
    cancel: unary(async () => {
      runtime.shutdown.refuseChanges(CANCELLED);
      return new Empty();
    }),
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
 * An error as the engine reads it: a partial failure (the member exists and is recorded with its
 * state) is sent as ErrorResourceInitFailed, whose reasons are what the engine shows.
 */
function grpcError(error: unknown): Partial<grpc.StatusObject> {
  const failure = error instanceof Error ? error : new Error(String(error));
  const metadata = new grpc.Metadata();
  if (isPartialFailure(failure)) {
    const detail = new rpc.ErrorResourceInitFailed().setId(failure.id).setProperties(toStruct(failure.state)).setReasonsList([failure.message]);
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new Status().setCode(grpc.status.UNKNOWN).setMessage(failure.message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: failure.message, metadata };
}
