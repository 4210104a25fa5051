/**
 * The shape of a policy rule, independent of `@pulumi/policy`: the same rule object runs inside
 * the real policy pack (`policy/index.ts`, under `pulumi preview --policy-pack policy`) and
 * offline in the tests over each stack's captured plan. Nothing here imports Pulumi, so the
 * pack can load it from outside its own directory and the tests run it without a pack server.
 */

import { TIERS, type Tier } from "../model/settings";

export { TIERS };
export type PolicyTier = Tier;

/** A resource as a rule sees it: the inputs the program registered, and its resource options. */
export interface RuleResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** Inputs. Unknown values (computed during a preview) are undefined or "[unknown]". */
  readonly props: Readonly<Record<string, unknown>>;
  readonly protect: boolean;
  /** URNs this resource depends on (how a rotation, flow log or bucket setting finds its target). */
  readonly dependencies: readonly string[];
}

export interface RuleContext {
  /** The stack's tier; the pack reads it from its config (strictest, "prod", when absent). */
  readonly tier: PolicyTier;
}

/** The references a rule may cite. */
export const SOURCES = {
  awsguard: "Pulumi AWSGuard",
  checkov: "Checkov",
  cis: "CIS AWS Foundations Benchmark",
  fsbp: "AWS Foundational Security Best Practices (Security Hub)",
  project: "This project's specification",
} as const;
export type Source = keyof typeof SOURCES;

/**
 * The awsguard policy names this project cites, as `@pulumi/awsguard` 0.3.1 names them
 * (github.com/pulumi/pulumi-policy-aws, src/*.ts, each policy's `name`). AWS Config's managed
 * rules often have a similar name with a `-check` suffix; a citation must use awsguard's own.
 */
export const AWSGUARD_POLICY_NAMES: ReadonlySet<string> = new Set([
  "alb-http-to-https-redirection",
  "cmk-backing-key-rotation-enabled",
  "ec2-instance-no-public-ip",
  "elb-deletion-protection-enabled",
  "encrypted-volumes",
  "rds-instance-backup-enabled",
  "rds-instance-public-access",
  "rds-storage-encrypted",
]);

export interface Reference {
  readonly source: Source;
  /** The source's own id: `CKV_AWS_16`, `RDS.3`, `3.7`, `rds-storage-encrypted`, or a seed section. */
  readonly id: string;
  /** What differs from the source, or what could not be verified. */
  readonly note?: string;
}

export interface Violation {
  readonly urn: string;
  readonly name: string;
  readonly message: string;
}

interface RuleBase {
  /** Kebab-case; the pack's policy name. */
  readonly name: string;
  readonly description: string;
  readonly references: readonly Reference[];
  /** Tiers the rule applies to (all when absent), and why the others are left out. */
  readonly tiers?: readonly PolicyTier[];
  readonly tiersReason?: string;
}

/** Judges one resource at a time (a ResourceValidationPolicy in the pack). */
export interface ResourceRule extends RuleBase {
  readonly kind: "resource";
  /** Pulumi type tokens this rule reads. */
  readonly types: readonly string[];
  /** One message per problem; none when the resource complies or its value is not known yet. */
  check(resource: RuleResource, context: RuleContext): string[];
}

/** Needs several resources at once (a StackValidationPolicy in the pack). */
export interface StackRule extends RuleBase {
  readonly kind: "stack";
  readonly types: readonly string[];
  check(resources: readonly RuleResource[], context: RuleContext): Violation[];
}

export type Rule = ResourceRule | StackRule;

/** Placeholders a captured plan uses where a real preview would have a value or undefined. */
const UNKNOWN = new Set(["[unknown]"]);

/** A value that can be judged now: not undefined, not an unknown placeholder. */
export function known(value: unknown): boolean {
  return value !== undefined && !(typeof value === "string" && UNKNOWN.has(value));
}

/** An input by dotted path ("metadataOptions.httpTokens"; array indexes as numbers). */
export function prop(resource: RuleResource, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], resource.props);
}

/** Booleans arrive as booleans or, inside some nested AWS blocks, as "true"/"false" strings. */
export function truthy(value: unknown): boolean {
  return value === true || value === "true";
}

/** A JSON document input (IAM and key policies): parsed, or undefined while unknown. */
export function jsonDocument(value: unknown): unknown {
  if (!known(value)) return undefined;
  if (typeof value === "string") {
    try {
      return JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value;
}

export const asArray = <T>(value: T | readonly T[] | undefined | null): T[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? [...(value as T[])] : [value as T];
