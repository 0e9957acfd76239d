// The PoolMember provider as the engine's Node.js dynamic-provider host runs it: the one runtime
// of that process, and the translation between the host's wire and the typed lifecycle. The
// adapter kept in state (provider-adapter.ts) loads this module by package name at call time.
//
// The host's wire has two keys of its own in every resource's properties: `__provider` (the
// serialized adapter, which the host adds back to create, read and update results itself, but
// not to a partial failure's properties) and `__declaredBy` (the resource's name, which the SDK
// adds because the host tells a dynamic provider no URN). Both are this module's to take off
// before the lifecycle sees the properties and to put back after.
import type * as pulumi from "@pulumi/pulumi";
import { isPartialFailure, poolMember, ProviderRuntime } from "../provider";
import type { ConfigReader, PoolMemberState } from "../provider";
import { engineProcessSignals, isDynamicProviderHost, watchEngine } from "../provider/shutdown";
import { DECLARED_BY_KEY, PROVIDER_KEY } from "./wire-keys";

type Props = Record<string, unknown>;
/** The host's wire is untyped: properties as the engine stored or the program sent them. */
type Provider = Required<Omit<pulumi.dynamic.ResourceProvider<Props, Props>, "configure">>;

const HOST_KEYS = [PROVIDER_KEY, DECLARED_BY_KEY];

/** The host configures each serialized adapter once; every resource of the process shares this runtime. */
let runtime: ProviderRuntime | undefined;

function current(): ProviderRuntime {
  runtime ??= new ProviderRuntime();
  return runtime;
}

export function configure(config: ConfigReader): void {
  if (runtime) return runtime.configure(config);
  runtime = new ProviderRuntime(config);
  // Only in the host the engine started: once that engine is gone, this runtime sends nothing more.
  // The host's gRPC server is Pulumi's and shows us none of its connections, so the engine's
  // process tells: its end of our stdin first, our parent as the fallback (provider/shutdown.ts).
  if (isDynamicProviderHost()) watchEngine({ signals: engineProcessSignals(), shutdown: runtime.shutdown, log: runtime.log });
}

/** The properties without the host's keys, as the lifecycle takes them. */
function propertiesOf(props: Props | undefined): Props {
  return Object.fromEntries(Object.entries(props ?? {}).filter(([key]) => !HOST_KEYS.includes(key)));
}

/**
 * Properties that check() made or the lifecycle returned before, so they have a member's shape
 * (an import or PoolMember.get may have none at all: read checks the id then).
 */
function stored(props: Props | undefined): PoolMemberState {
  return propertiesOf(props) as unknown as PoolMemberState;
}

/** The resource's name, as the SDK sent it (state from older versions has none). */
function ownerOf(props: Props | undefined): string | undefined {
  const name = props?.[DECLARED_BY_KEY];
  return typeof name === "string" ? name : undefined;
}

/** `state` as the host's properties, with the name put back, so a refresh hands it back and no diff shows it. */
function withOwner(state: object, from: Props | undefined): Props {
  const owner = ownerOf(from);
  const props: Props = Object.fromEntries(Object.entries(state));
  if (owner !== undefined) props[DECLARED_BY_KEY] = owner;
  return props;
}

/**
 * A partial failure as the host reads one: the id and properties to record, and the reasons it
 * shows (its ErrorResourceInitFailed drops the message itself, so the message goes there too,
 * or the user sees only "resource init failed"). The properties carry `__provider`, which the host
 * does not add here, so later operations on the recorded member still find the provider.
 */
async function translated<T>(operation: Promise<T>, props: Props): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (!isPartialFailure(error)) throw error;
    const properties = withOwner({ ...error.state, [PROVIDER_KEY]: props[PROVIDER_KEY] }, props);
    throw Object.assign(new Error(error.message, { cause: error }), { id: error.id, properties, reasons: [error.message] });
  }
}

export const check: Provider["check"] = async (_olds, news) => {
  const checked = await poolMember.check(current(), propertiesOf(news), { owner: ownerOf(news) });
  // The host puts `__provider` back itself; the name is ours to keep in the inputs.
  return { inputs: withOwner(checked.inputs, news), failures: checked.failures };
};

export const diff: Provider["diff"] = async (_id, olds, news) => poolMember.diff(stored(olds), stored(news));

export const create: Provider["create"] = async (inputs) => {
  const created = await translated(poolMember.create(current(), stored(inputs), { owner: ownerOf(inputs) }), inputs);
  return { id: created.id, outs: withOwner(created.state, inputs) };
};

export const read: Provider["read"] = async (id, props) => {
  const found = await poolMember.read(current(), id, stored(props));
  // No id tells the host the member is gone.
  if (!found) return { id: "" };
  const state = withOwner(found.state, props);
  return { id: found.id, props: state, inputs: withOwner(poolMember.inputsOf(found.state), props) };
};

export const update: Provider["update"] = async (id, olds, news) => {
  const state = await translated(poolMember.update(current(), id, stored(olds), stored(news)), news);
  return { outs: withOwner(state, news) };
};

export const remove: Provider["delete"] = async (id, props) => poolMember.remove(current(), id, stored(props));
