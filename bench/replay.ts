/**
 * The replay floor: a program that registers exactly what a captured plan holds — the same types,
 * names, parents, providers, dependencies, options and inputs, in an order where every parent and
 * dependency exists first — and returns the plan's stack outputs, and does nothing else. No
 * settings, no validation, no naming, no planning: it is what the registrations alone cost under
 * the same mocks, so the program's time over it is the project's own logic. Bench-only; nothing
 * in src/ uses it.
 *
 * Each custom resource is registered through its provider SDK's own class (`aws:s3/bucket:Bucket`
 * → `aws.s3.Bucket`), as any program registering that type must: the class adds what the
 * request carries besides the plan's fields (the S3 classes' type aliases, the plugin version,
 * secret outputs) and declares its output properties, all of which the plan does not record.
 * `generic: true` registers through bare CustomResource subclasses instead (the floor before
 * 2026-12-02 evening, kept for comparison): the same plan, but not the same requests.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import type { Plan, PlanResource } from "../src/model/plan";

const ROOT_TYPE = "pulumi:pulumi:Stack";
const PROVIDER_PREFIX = "pulumi:providers:";

/** A component with no logic of its own: it only registers itself. */
class Replayed extends pulumi.ComponentResource {
  constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
  }
}

/** A custom resource of any type, registered with the plan's inputs. */
class ReplayedCustom extends pulumi.CustomResource {
  constructor(type: string, name: string, inputs: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
    super(type, name, inputs, opts);
  }
}

/** A provider of any package, registered with the plan's inputs. */
class ReplayedProvider extends pulumi.ProviderResource {
  constructor(pkg: string, name: string, inputs: pulumi.Inputs, opts: pulumi.ResourceOptions) {
    super(pkg, name, inputs, opts);
  }
}

type SdkClass = new (
  name: string,
  args: pulumi.Inputs,
  opts: pulumi.CustomResourceOptions,
) => pulumi.Resource;

/** The provider packages the program registers resources of, by package name. */
const PACKAGES: Readonly<Record<string, unknown>> = { aws, random };

/**
 * The SDK class of a resource type: `<package>:<module>/<file>:<Class>` is `<package>.<module>.<Class>`
 * (`index` is the package itself), `pulumi:providers:<package>` is `<package>.Provider`.
 */
function sdkClass(type: string): SdkClass {
  const [pkg, module, name] = type.startsWith(PROVIDER_PREFIX)
    ? [type.slice(PROVIDER_PREFIX.length), "index", "Provider"]
    : type.split(":");
  const root = PACKAGES[pkg ?? ""] as Record<string, Record<string, unknown>> | undefined;
  const mod = module?.split("/")[0];
  const scope = mod === "index" ? root : root?.[mod ?? ""];
  const found = scope?.[name ?? ""];
  if (typeof found !== "function") throw new Error(`bench replay: no SDK class for ${type}`);
  return found as SdkClass;
}

/**
 * A provider's arguments from its recorded inputs: the provider classes send every non-string
 * setting JSON-encoded (`pulumi.output(args.x).apply(JSON.stringify)`), so the plan holds
 * `"false"` or `"[\"1111\"]"`; decoding them gives the arguments that encode to the same request.
 */
function providerArgs(inputs: pulumi.Inputs): pulumi.Inputs {
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => {
      if (typeof value !== "string") return [key, value];
      try {
        const decoded: unknown = JSON.parse(value);
        return [key, typeof decoded === "string" ? value : decoded];
      } catch {
        return [key, value];
      }
    }),
  );
}

/** Parents and dependencies before what needs them; plan (URN) order otherwise. */
function registrationOrder(plan: Plan): PlanResource[] {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const done = new Set<string>();
  const order: PlanResource[] = [];
  const visit = (r: PlanResource) => {
    if (done.has(r.urn)) return;
    done.add(r.urn);
    const needs = [r.parent, r.provider, ...r.dependencies].filter((u): u is string => u !== null);
    for (const urn of needs) {
      const dep = byUrn.get(urn);
      if (dep) visit(dep);
    }
    order.push(r);
  };
  for (const r of plan.resources) visit(r);
  return order.filter((r) => r.type !== ROOT_TYPE);
}

/** The program that replays `plan`'s registrations (pass it as CaptureInput.program). */
export function replayProgram(
  plan: Plan,
  { generic = false }: { generic?: boolean } = {},
): () => Promise<Record<string, unknown>> {
  const order = registrationOrder(plan);
  // Looked up once: a lookup through the SDK's lazy module getters is a require() each time.
  const classes = new Map(
    generic ? [] : order.filter((r) => r.custom).map((r) => [r.type, sdkClass(r.type)] as const),
  );
  return async () => {
    const made = new Map<string, pulumi.Resource>();
    for (const r of order) {
      const parent = r.parent ? made.get(r.parent) : undefined;
      const opts = {
        ...(parent ? { parent } : {}),
        dependsOn: r.dependencies
          .map((u) => made.get(u))
          .filter((d): d is pulumi.Resource => d !== undefined),
        // Set only when on, as a program leaves them: an option given as false is a different request.
        ...(r.options.protect ? { protect: true } : {}),
        ...(r.options.retainOnDelete ? { retainOnDelete: true } : {}),
        ...(r.options.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
        ...(r.options.ignoreChanges.length > 0 ? { ignoreChanges: [...r.options.ignoreChanges] } : {}),
      };
      const provider = r.provider ? (made.get(r.provider) as pulumi.ProviderResource | undefined) : undefined;
      const inputs = r.inputs as pulumi.Inputs;
      const isProvider = r.type.startsWith(PROVIDER_PREFIX);
      const Class = classes.get(r.type);
      const resource = Class
        ? new Class(r.name, isProvider ? providerArgs(inputs) : inputs, {
            ...opts,
            ...(provider ? { provider } : {}),
          })
        : isProvider
          ? new ReplayedProvider(r.type.slice(PROVIDER_PREFIX.length), r.name, inputs, opts)
          : r.custom
            ? new ReplayedCustom(r.type, r.name, inputs, { ...opts, ...(provider ? { provider } : {}) })
            : new Replayed(r.type, r.name, { ...opts, ...(provider ? { providers: [provider] } : {}) });
      made.set(r.urn, resource);
    }
    return plan.outputs;
  };
}
