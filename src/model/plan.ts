/**
 * The offline plan: what one stack registers when the program runs under the capturing mock
 * monitor. Written to `stacks/<stack>.plan.json`, read by the stack tests, the plan diff and the
 * PR comment. Plain data only: no Pulumi types, so every reader can be tested without mocks.
 */

/** Stands in for every value Pulumi marked secret. A plan never holds a secret value. */
export const SECRET_PLACEHOLDER = "[secret]";

/**
 * Bumped when the shape of a plan file changes, so a diff can refuse to compare across shapes.
 * 2: each resource records its `id`.
 */
export const PLAN_FORMAT_VERSION = 2;

/** A JSON value as it appears in a plan file. */
export type PlanValue = null | boolean | number | string | PlanValue[] | { [key: string]: PlanValue };

/** The resource options that decide what a deploy may do to existing infrastructure. */
export interface PlanOptions {
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  /** Input property paths the engine leaves alone on update, sorted. */
  readonly ignoreChanges: readonly string[];
}

export interface PlanResource {
  readonly urn: string;
  /** Pulumi type token, e.g. `aws:ec2/vpc:Vpc`. */
  readonly type: string;
  /** Logical name, e.g. `prod-vpc`. */
  readonly name: string;
  /**
   * The id the provider gives it, as the mocks answer in AWS's format (`vpc-0a1b…`, a bucket's
   * name, an ARN): what other resources' inputs hold when they refer to it. Null for components
   * and in plans older than format 2, which did not record it.
   */
  readonly id: string | null;
  /** URN of the parent resource; null only for the root stack resource. */
  readonly parent: string | null;
  /** True for provider-managed resources, false for components. */
  readonly custom: boolean;
  /** URN of the explicit provider, or null when the default provider is used. */
  readonly provider: string | null;
  /** URNs this resource depends on, sorted and de-duplicated. */
  readonly dependencies: readonly string[];
  readonly options: PlanOptions;
  /** Inputs as registered, keys sorted; secret values replaced by SECRET_PLACEHOLDER. */
  readonly inputs: { readonly [key: string]: PlanValue };
}

export interface Plan {
  readonly formatVersion: number;
  readonly project: string;
  readonly stack: string;
  readonly tier: string;
  /** Sorted by URN. */
  readonly resources: readonly PlanResource[];
  /** Stack outputs, keys sorted, secrets redacted. */
  readonly outputs: { readonly [key: string]: PlanValue };
}

/** One stack as every report sees it: its resolved settings and its offline plan. */
export interface StackView {
  readonly stack: string;
  readonly settings: import("./settings").EnvironmentSettings;
  readonly plan: Plan;
}

/**
 * The resource an id in `from`'s inputs refers to, for turning references back into names.
 * Several resources can share an id (a bucket and its policy, versioning… all have the bucket's
 * name): then the one the others build on, the one depending on none of them. Never `from`
 * itself (an alias's `name` is also its id). Undefined when no resource has the id.
 */
export function resourceWithId(
  resources: readonly PlanResource[],
  id: unknown,
  from?: PlanResource,
): PlanResource | undefined {
  if (typeof id !== "string" || id === "") return undefined;
  const holders = resources.filter((r) => r.id === id && r !== from);
  const roots = holders.filter((r) => !holders.some((o) => r.dependencies.includes(o.urn)));
  return roots.length === 1 ? roots[0] : undefined;
}
