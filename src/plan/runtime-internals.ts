/**
 * The SDK internals the offline plan needs, typed in one place. All exist in @pulumi/pulumi's
 * JavaScript but are stripped from its typings as @internal:
 * - waitForRPCs: resolves once every registration in flight has reached the monitor, so a
 *   capture is complete before it is read;
 * - the runtime store: `setMocks` turns on secret and resource-reference support there, and a
 *   capture that installs its own monitor with `setMockOptions` must do the same.
 * - debuggablePromise and Resource.callsites: see `skipStackCapture`;
 * - runtime/rpc's transferProperties, the Output constructor and isGrpcError: see
 *   `lazyResourceProperties`;
 * - output's `all`/`output` as the package's exports, `unknown` and `containsUnknowns`: see
 *   `flatOutputCombinators`.
 * The stack tests fail if any of them disappears in an SDK upgrade.
 */
import * as pulumi from "@pulumi/pulumi";

/* eslint-disable @typescript-eslint/no-require-imports */
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise: (promise: Promise<unknown>, context: unknown) => Promise<unknown>;
};

const rpc = require("@pulumi/pulumi/runtime/rpc") as { transferProperties: TransferProperties };
const outputModule = require("@pulumi/pulumi/output") as {
  Output: OutputConstructor;
  all: Combinator;
  output: Combinator;
  unknown: unknown;
  containsUnknowns(value: unknown): boolean;
};
/** The package's own exports object (`pulumi.all` is a copy of output's, made when it loaded). */
const pulumiExports = require("@pulumi/pulumi") as { all: Combinator; output: Combinator };
/** The SDK's own `all` and `output`, as loaded (tests compare the flat ones with them). */
export const sdkCombinators: { readonly all: Combinator; readonly output: Combinator } = {
  all: outputModule.all,
  output: outputModule.output,
};
const errors = require("@pulumi/pulumi/errors") as { isGrpcError(err: unknown): boolean };
/* eslint-enable @typescript-eslint/no-require-imports */

/** The SDK's own resolver of one property: value, known, secret, dependencies, or an error. */
type Resolver = (
  value: unknown,
  isKnown: boolean,
  isSecret: boolean,
  deps?: unknown[],
  err?: unknown,
) => void;
type TransferProperties = (
  onto: object,
  label: string,
  props: Record<string, unknown>,
) => Record<string, Resolver>;
/** OutputImpl's internal constructor: resources, then promises of value, known, secret, all resources. */
type OutputConstructor = new (
  resources: object,
  value: Promise<unknown>,
  isKnown: Promise<boolean>,
  isSecret: Promise<boolean>,
  allResources: Promise<unknown[]>,
) => pulumi.Output<unknown>;

type Combinator = (value: unknown) => pulumi.Output<unknown>;

/** Resource.callsites is public but its replacement is not part of the typed API. */
const resourceClass = pulumi.Resource as unknown as { callsites: () => unknown[] };

export const waitForRPCs = (): Promise<void> => settings.waitForRPCs();

export function enableMockFeatures(): void {
  Object.assign(state.getStore(), {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsAliasSpecs: true,
  });
}

let stackCaptureSkipped = false;

/**
 * Two kinds of bookkeeping a real `pulumi preview` needs and an offline capture does not, and
 * which together were most of a capture's time (prod: ~155 ms → ~70 ms per evaluation):
 * - `debuggablePromise`: the SDK wraps every promise it makes, recording `new Error().stack`
 *   and tracking it in a set for a leak report printed when the language host exits. The
 *   capture is not that host: it waits for every registration itself (`waitForRPCs`), so the
 *   wrapper becomes the identity.
 * - `Resource.callsites`: every resource records the full, source-mapped stack of its
 *   construction so the engine can show where it was declared. The plan file never contains
 *   source positions, so the capture records none.
 * Errors keep their full stacks. The SDK calls both through their module's exports / class, so
 * replacing them reaches every caller. Applies to the floor of `npm run bench` alike.
 */
export function skipStackCapture(): void {
  if (stackCaptureSkipped) return;
  if (typeof debuggable.debuggablePromise !== "function" || typeof resourceClass.callsites !== "function") {
    throw new Error(
      "@pulumi/pulumi no longer has runtime/debuggable's debuggablePromise or Resource.callsites",
    );
  }
  debuggable.debuggablePromise = (promise) => promise;
  resourceClass.callsites = () => [];
  stackCaptureSkipped = true;
}

let propertiesLazy = false;

/**
 * Every custom resource gets an Output per property its class declares (an S3 bucket ~30), made
 * when it is constructed and resolved when its registration returns: four promises, an
 * OutputImpl with eight more and a Proxy each, ~1,900 of them for prod against the ~1,000 its
 * program's inputs hold, and most are never read. Under the capture, each property becomes a
 * getter that makes its Output on first read instead — already settled if the registration came
 * back first, pending (and settled by the same resolver) otherwise — so an unread property costs
 * a closure. Values, known/secret flags and dependencies are exactly those the SDK would have
 * given (the replaced `transferProperties` below mirrors runtime/rpc.js); registrations, and so
 * the plan, are untouched. Applies to the floor of `npm run bench` alike.
 */
export function lazyResourceProperties(): void {
  if (propertiesLazy) return;
  if (typeof rpc.transferProperties !== "function" || typeof outputModule.Output !== "function") {
    throw new Error("@pulumi/pulumi no longer has runtime/rpc's transferProperties or output's Output");
  }
  rpc.transferProperties = (onto, label, props) => {
    const resolvers: Record<string, Resolver> = {};
    for (const key of Object.keys(props)) {
      if (key === "id" || key === "urn") continue;
      if (Object.prototype.hasOwnProperty.call(onto, key)) {
        throw new Error(`Property '${key}' is already initialized on target '${label}`);
      }
      const property = new LazyProperty(onto);
      Object.defineProperty(onto, key, {
        configurable: true,
        enumerable: true,
        get() {
          return settle(onto, key, property.output());
        },
        set(value: unknown) {
          settle(onto, key, value);
        },
      });
      resolvers[key] = (value, isKnown, isSecret, deps = [], err) =>
        property.resolve(value, isKnown, isSecret, deps, err);
    }
    return resolvers;
  };
  propertiesLazy = true;
}

/** Replaces a lazy property by a plain one holding `value` (as the SDK's own assignment makes). */
function settle(onto: object, key: string, value: unknown): unknown {
  Object.defineProperty(onto, key, { value, writable: true, configurable: true, enumerable: true });
  return value;
}

/** One resource property: what its registration returned, and its Output once read. */
class LazyProperty {
  private result?:
    { value: unknown; isKnown: boolean; isSecret: boolean; deps: unknown[] } | { err: unknown };
  private settlers?: { resolve: ((v: unknown) => void)[]; reject: ((e: unknown) => void)[] };

  constructor(private readonly onto: object) {}

  output(): pulumi.Output<unknown> {
    const Output = outputModule.Output;
    const { result } = this;
    if (result && "err" in result) {
      const { err } = result;
      return new Output(
        this.onto,
        Promise.reject(err),
        Promise.reject(err),
        Promise.reject(err),
        Promise.reject(err),
      );
    }
    if (result) {
      return new Output(
        this.onto,
        Promise.resolve(result.value),
        Promise.resolve(result.isKnown),
        Promise.resolve(result.isSecret),
        Promise.resolve(result.deps),
      );
    }
    const settlers: NonNullable<LazyProperty["settlers"]> = { resolve: [], reject: [] };
    const promises = [0, 1, 2, 3].map(
      () =>
        new Promise((resolve, reject) => {
          settlers.resolve.push(resolve);
          settlers.reject.push(reject);
        }),
    );
    this.settlers = settlers;
    return new Output(
      this.onto,
      promises[0]!,
      promises[1] as Promise<boolean>,
      promises[2] as Promise<boolean>,
      promises[3] as Promise<unknown[]>,
    );
  }

  /** The SDK's resolver, to the letter: an engine that went away leaves the property pending. */
  resolve(value: unknown, isKnown: boolean, isSecret: boolean, deps: unknown[], err: unknown): void {
    if (err) {
      if (errors.isGrpcError(err)) return;
      if (this.settlers) for (const reject of this.settlers.reject) reject(err);
      else this.result = { err };
      return;
    }
    if (this.settlers) [value, isKnown, isSecret, deps].forEach((v, i) => this.settlers!.resolve[i]!(v));
    else this.result = { value, isKnown, isSecret, deps };
  }
}

let combinatorsFlat = false;

/** An Output's internals that `pulumi.all` reads (present on every Output of this SDK). */
interface OutputParts {
  resources(): Set<unknown>;
  allResources?: () => Promise<Set<unknown>>;
  promise(withUnknowns?: boolean): Promise<unknown>;
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
}

/**
 * `pulumi.all([a, b, c])` (and `pulumi.output` of an array or record) first turns every Output
 * element into two more — a copy, and an `apply` over the copy that copies its value — and only
 * then combines them: an `all` over n Outputs makes 2n + 1, each with a Proxy, a dozen promises
 * and their closures. The program combines ARNs into policy documents this way ~130 times per
 * evaluation (dev; prod ~190), a quarter of its Outputs beyond the replay floor's. Under the
 * capture, an array or record whose elements are Outputs or plain data is combined in one
 * Output directly from the elements, as the SDK's `getResourcesAndDetails` combines the copies:
 * the same value (each element's value copied as `outputRec` copies it; an unknown element
 * whose value holds no unknown stands as `unknown`, as the copy's `apply` makes it), the same
 * known and secret flags (all known, any secret) and the same resources. Elements that are plain
 * data (scalars, arrays and records of them) are copied as the SDK copies them, and a promise of
 * such an array or record (the root stack's outputs) is combined once it resolves. Anything else
 * (Outputs nested in arrays or records, resources, a lone Output) goes to the SDK's own. Applies
 * to the floor of `npm run bench` alike.
 */
export function flatOutputCombinators(): void {
  if (combinatorsFlat) return;
  const { Output, unknown, containsUnknowns } = outputModule;
  if (
    typeof Output !== "function" ||
    typeof outputModule.all !== "function" ||
    typeof outputModule.output !== "function" ||
    typeof containsUnknowns !== "function" ||
    unknown === undefined
  ) {
    throw new Error("@pulumi/pulumi's output module no longer has all, output, unknown or containsUnknowns");
  }
  const isOutput = (v: unknown): v is OutputParts => pulumi.Output.isInstance(v);
  /** outputRec's copy of a resolved value: arrays and plain records copied, the rest as is. */
  const copy = (value: unknown): unknown => {
    if (value === null || typeof value !== "object" || value === unknown) return value;
    if (pulumi.Resource.isInstance(value)) return value;
    if (isOutput(value) || value instanceof Promise) {
      // The SDK would lift it into the combined Output; no Output of this program holds one.
      throw new Error("an Output's value holds an Output or a promise (src/plan/runtime-internals.ts)");
    }
    if (Array.isArray(value)) return value.map(copy);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
    return out;
  };
  const elementValue = (v: unknown): unknown =>
    isOutput(v)
      ? Promise.all([v.promise(true), v.isKnown]).then(([value, known]) =>
          !known && !containsUnknowns(value) ? unknown : copy(value),
        )
      : copy(v);
  const isRecord = (v: object): boolean => Object.getPrototypeOf(v) === Object.prototype;
  /** Scalars, and arrays and plain records of them at any depth: what outputRec only copies. */
  const isPlainData = (v: unknown): boolean => {
    if (v === null || typeof v !== "object") return true;
    if (Array.isArray(v)) return v.every(isPlainData);
    return isRecord(v) && v !== unknown && !isOutput(v) && Object.values(v).every(isPlainData);
  };
  /** Elements of an array or plain record of Outputs and plain data, at least one an Output. */
  const flatElements = (value: unknown): unknown[] | undefined => {
    if (value === null || typeof value !== "object" || isOutput(value)) return undefined;
    const isArray = Array.isArray(value);
    if (!isArray && !isRecord(value)) return undefined;
    const elements = isArray ? value : Object.values(value);
    let outputs = 0;
    for (const v of elements) {
      if (isOutput(v)) outputs++;
      else if (!isPlainData(v)) return undefined;
    }
    return outputs > 0 ? elements : undefined;
  };
  const combine = (value: object, elements: unknown[]): pulumi.Output<unknown> => {
    const outputs = elements.filter(isOutput);
    const resources = new Set<unknown>();
    for (const o of outputs) for (const r of o.resources()) resources.add(r);
    const values = Promise.all(elements.map(elementValue));
    const keys = Array.isArray(value) ? undefined : Object.keys(value);
    return new Output(
      resources,
      keys ? values.then((vs) => Object.fromEntries(keys.map((k, i) => [k, vs[i]]))) : values,
      Promise.all(outputs.map((o) => o.isKnown)).then((known) => known.every(Boolean)),
      Promise.all(outputs.map((o) => o.isSecret)).then((secret) => secret.some(Boolean)),
      Promise.all(
        outputs.map((o) => (o.allResources ? o.allResources() : Promise.resolve(o.resources()))),
      ).then((sets) => {
        const all = new Set<unknown>();
        for (const set of sets) for (const r of set) all.add(r);
        return [...all];
      }),
    );
  };
  const flat =
    (sdk: Combinator): Combinator =>
    (value) => {
      // A promise (the root stack's outputs are one): the SDK wraps what it resolves to in a
      // known, non-secret Output and lifts whatever that holds, so this does the same.
      if (value instanceof Promise) {
        return new Output(
          new Set(),
          value.then((resolved) => {
            const elements = flatElements(resolved);
            if (elements) return combine(resolved as object, elements);
            return isPlainData(resolved) ? copy(resolved) : sdk(resolved);
          }),
          Promise.resolve(true),
          Promise.resolve(false),
          Promise.resolve([]),
        );
      }
      const elements = flatElements(value);
      return elements ? combine(value as object, elements) : sdk(value);
    };
  const all = flat(sdkCombinators.all);
  const output = flat(sdkCombinators.output);
  outputModule.all = all;
  outputModule.output = output;
  pulumiExports.all = all;
  pulumiExports.output = output;
  combinatorsFlat = true;
}
