/**
 * The replay floor: a program that registers exactly what a captured plan holds — the same types,
 * names, parents, providers, dependencies, options and inputs, in an order where every parent and
 * dependency exists first — and does nothing else. No settings, no validation, no naming, no
 * planning: it is what the registrations alone cost under the same mocks, so the program's time
 * over it is the project's own logic. Bench-only; nothing in src/ uses it.
 */
import * as pulumi from "@pulumi/pulumi";
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
export function replayProgram(plan: Plan): () => Promise<Record<string, unknown>> {
  const order = registrationOrder(plan);
  return async () => {
    const made = new Map<string, pulumi.Resource>();
    for (const r of order) {
      const parent = r.parent ? made.get(r.parent) : undefined;
      const opts = {
        ...(parent ? { parent } : {}),
        dependsOn: r.dependencies
          .map((u) => made.get(u))
          .filter((d): d is pulumi.Resource => d !== undefined),
        protect: r.options.protect,
        retainOnDelete: r.options.retainOnDelete,
        deleteBeforeReplace: r.options.deleteBeforeReplace,
        ignoreChanges: [...r.options.ignoreChanges],
      };
      const provider = r.provider ? (made.get(r.provider) as pulumi.ProviderResource | undefined) : undefined;
      const inputs = r.inputs as pulumi.Inputs;
      const resource = r.type.startsWith(PROVIDER_PREFIX)
        ? new ReplayedProvider(r.type.slice(PROVIDER_PREFIX.length), r.name, inputs, opts)
        : r.custom
          ? new ReplayedCustom(r.type, r.name, inputs, { ...opts, ...(provider ? { provider } : {}) })
          : new Replayed(r.type, r.name, { ...opts, ...(provider ? { providers: [provider] } : {}) });
      made.set(r.urn, resource);
    }
    return {};
  };
}
