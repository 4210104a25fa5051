/**
 * The plan diff: what would change between two offline plans of one stack (see
 * `src/model/plan.ts`). Pure data in, pure data out: no file system, no git, no Pulumi, so the
 * CLI, the PR comment and the tests share one implementation.
 *
 * Resources are matched by URN. A URN contains the stack, the parent's type and the logical name,
 * so a rename (or a move under a different parent type) shows as one delete plus one add: plans
 * record no aliases.
 */
import { structuredPatch } from "diff";
import { SECRET_PLACEHOLDER, type Plan, type PlanResource, type PlanValue } from "../../model/plan";
import { STATEFUL_TYPES, T } from "../../model/resource-types";
import { PlanInputError } from "./read-plan";
import { releaseChange, type ReleaseChange } from "./release";

// Reading a plan file is its own module (the shape, and the readers derived from it).
export { parsePlan, PlanInputError } from "./read-plan";

/**
 * Resource types whose deletion or replacement loses data, or breaks addresses other systems hold
 * (endpoints, key ARNs, subnet and VPC IDs): the one stateful list, src/model/resource-types.ts.
 */
export const STATEFUL_RESOURCE_TYPES: readonly string[] = STATEFUL_TYPES;

/** One input that makes the provider replace the resource rather than update it. */
export interface ReplaceRule {
  /** Top-level input property (Pulumi camelCase name). A change anywhere below it counts. */
  readonly property: string;
  /** Set when the property forces replacement only in some cases; shown with the warning. */
  readonly onlyWhen?: string;
}

/**
 * Replace-forcing inputs per type. Source: the Terraform AWS provider schema, attributes marked
 * `ForceNew` (or forced by a `CustomizeDiff`), which the bridged Pulumi AWS provider inherits.
 * Deliberately short: only the types this project treats as stateful, and only the attributes
 * someone could plausibly change in this program. `region` is listed everywhere because moving a
 * resource to another region always recreates it.
 *
 * Not listed on purpose: Secrets Manager `kmsKeyId` and RDS `dbSubnetGroupName` (updated in place),
 * load balancer `subnets`/`securityGroups` (replace only in narrow network-LB cases).
 */
export const REPLACE_FORCING_PROPERTIES: Readonly<Record<string, readonly ReplaceRule[]>> = {
  // aws_s3_bucket: `bucket` and `bucket_prefix` are ForceNew (a bucket cannot be renamed).
  [T.bucket]: [{ property: "bucket" }, { property: "bucketPrefix" }, { property: "region" }],
  [T.bucketV2]: [{ property: "bucket" }, { property: "bucketPrefix" }, { property: "region" }],
  // aws_backup_vault: `name` and `kms_key_arn` are ForceNew (terraform-provider-aws
  // internal/service/backup/vault.go); a new vault starts empty, the old one keeps the points.
  [T.backupVault]: [{ property: "name" }, { property: "kmsKeyArn" }, { property: "region" }],
  [T.vpc]: [
    { property: "cidrBlock" },
    { property: "ipv4IpamPoolId" },
    { property: "ipv4NetmaskLength" },
    { property: "region" },
  ],
  [T.subnet]: [
    { property: "cidrBlock" },
    { property: "availabilityZone" },
    { property: "availabilityZoneId" },
    { property: "vpcId" },
    { property: "ipv6Native" },
    { property: "region" },
  ],
  [T.rdsInstance]: [
    { property: "identifier" },
    { property: "identifierPrefix" },
    { property: "engine" },
    { property: "dbName" },
    { property: "username" },
    { property: "kmsKeyId" },
    { property: "storageEncrypted" },
    { property: "availabilityZone" },
    { property: "characterSetName" },
    { property: "ncharCharacterSetName" },
    { property: "timezone" },
    { property: "snapshotIdentifier" },
    { property: "restoreToPointInTime" },
    { property: "region" },
  ],
  [T.replicationGroup]: [
    { property: "replicationGroupId" },
    { property: "atRestEncryptionEnabled" },
    { property: "kmsKeyId" },
    { property: "subnetGroupName" },
    { property: "port" },
    { property: "dataTieringEnabled" },
    { property: "snapshotName" },
    { property: "snapshotArns" },
    { property: "engine", onlyWhen: "the change is not redis to valkey" },
    { property: "transitEncryptionEnabled", onlyWhen: "engineVersion is below 7.0.5" },
    { property: "region" },
  ],
  [T.kmsKey]: [
    { property: "keyUsage" },
    { property: "customerMasterKeySpec" },
    { property: "multiRegion" },
    { property: "customKeyStoreId" },
    { property: "xksKeyId" },
    { property: "region" },
  ],
  [T.secret]: [{ property: "name" }, { property: "namePrefix" }, { property: "region" }],
  [T.loadBalancer]: [
    { property: "name" },
    { property: "namePrefix" },
    { property: "internal" },
    { property: "loadBalancerType" },
    { property: "customerOwnedIpv4Pool" },
    { property: "region" },
  ],
};

/** How a secret-bearing property changed. The values themselves are never kept. */
export type SecretTransition = "changed" | "added" | "removed" | "became-secret" | "no-longer-secret";

/** A non-secret value that changed. `undefined` means the property is absent on that side. */
export interface ValueChange {
  readonly kind: "value";
  /** `tags.Environment`, `ingress[0].fromPort`, `tags["kubernetes.io/role"]`. */
  readonly path: string;
  readonly before: PlanValue | undefined;
  readonly after: PlanValue | undefined;
  /** True when the after-side `ignoreChanges` covers the path: the deploy will not apply it. */
  readonly ignored: boolean;
}

/** A change where either side holds SECRET_PLACEHOLDER: neither value is kept, so none can leak. */
export interface SecretChange {
  readonly kind: "secret";
  readonly path: string;
  readonly transition: SecretTransition;
  readonly ignored: boolean;
}

/** Entries added to or removed from an unordered list (dependencies, ignoreChanges). */
export interface ListChange {
  readonly kind: "list";
  readonly path: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** One hunk of a document's line diff: lines start with "+" (added), "-" (removed) or " ". */
export interface DocumentHunk {
  /** 1-based first line of the hunk in the before and after documents. */
  readonly beforeStart: number;
  readonly afterStart: number;
  readonly lines: readonly string[];
}

/**
 * A JSON document held in a string input (an IAM or key policy, a dashboard body) that changed:
 * a line diff of the two documents pretty-printed, so a reviewer reads "statement added" or
 * "action removed" instead of two one-line 2 KB strings. Never made from a secret.
 */
export interface DocumentChange {
  readonly kind: "document";
  readonly path: string;
  /** Empty when the documents differ only in formatting (the string still changes). */
  readonly hunks: readonly DocumentHunk[];
  readonly added: number;
  readonly removed: number;
  readonly ignored: boolean;
}

export type PropertyChange = ValueChange | SecretChange | ListChange | DocumentChange;

/** A replace-forcing input that changed. */
export interface ReplaceReason {
  readonly path: string;
  readonly onlyWhen?: string;
}

export interface ResourceDiff {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly kind: "added" | "removed" | "changed";
  readonly stateful: boolean;
  /** `protect` on either side: the engine refuses to delete or replace it. */
  readonly protected: boolean;
  /** `retainOnDelete` on the before side (the state the deploy starts from). */
  readonly retainOnDelete: boolean;
  /** `deleteBeforeReplace` on either side. */
  readonly deleteBeforeReplace: boolean;
  /** Changed inputs that force replacement; empty unless `kind` is "changed". */
  readonly replaceReasons: readonly ReplaceReason[];
  /** Changed inputs; empty unless `kind` is "changed" (adds and deletes are not expanded). */
  readonly inputs: readonly PropertyChange[];
  /** Changed `options.*`, `parent`, `provider` and `dependencies`. */
  readonly meta: readonly PropertyChange[];
}

export interface DiffCounts {
  readonly adds: number;
  readonly changes: number;
  readonly deletes: number;
  /** Stateful resources deleted or likely replaced. */
  readonly statefulAtRisk: number;
}

export interface StackDiff {
  /** The stack name, or `before → after` when two different stacks' plans were compared. */
  readonly stack: string;
  /** "added"/"removed": the plan file exists on one side only. */
  readonly status: "added" | "removed" | "changed" | "unchanged";
  readonly tier: { readonly before: string | null; readonly after: string | null };
  /** Only resources with a difference, sorted by URN. */
  readonly resources: readonly ResourceDiff[];
  /** Changed stack outputs. */
  readonly outputs: readonly PropertyChange[];
  readonly counts: DiffCounts;
  /** A new app image or AMI, and the rollout it causes (src/reports/diff/release.ts). */
  readonly release?: ReleaseChange;
}

export function isStatefulType(type: string): boolean {
  return STATEFUL_RESOURCE_TYPES.includes(type);
}

export function isLikelyReplacement(resource: ResourceDiff): boolean {
  return resource.replaceReasons.length > 0;
}

/** Deleted, or likely replaced: the existing cloud resource goes away. */
export function isDestructive(resource: ResourceDiff): boolean {
  return resource.kind === "removed" || isLikelyReplacement(resource);
}

/**
 * Belongs in the warning block: stateful resources that go away, every likely replacement, and
 * protected resources the deploy would have to delete.
 */
export function isAtRisk(resource: ResourceDiff): boolean {
  if (isLikelyReplacement(resource)) return true;
  return resource.kind === "removed" && (resource.stateful || resource.protected);
}

export function isStatefulAtRisk(resource: ResourceDiff): boolean {
  return resource.stateful && isDestructive(resource);
}

export function hasChanges(diff: StackDiff): boolean {
  return diff.status !== "unchanged";
}

// ---------------------------------------------------------------------------------------------
// Property paths

type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Pulumi property-path syntax, the same one `ignoreChanges` uses. */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      if (!IDENTIFIER.test(segment)) return `[${JSON.stringify(segment)}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join("");
}

/** `*` stands for any key or index. Unparseable paths yield null and match nothing. */
function parseIgnorePath(path: string): PathSegment[] | null {
  const token = /\.?([A-Za-z_$*][A-Za-z0-9_$-]*)|\[(\d+|\*)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  const segments: PathSegment[] = [];
  while (token.lastIndex < path.length) {
    const match = token.exec(path);
    if (!match) return null;
    const [, name, index, quoted] = match;
    if (name !== undefined) segments.push(name);
    else if (index !== undefined) segments.push(index === "*" ? "*" : Number(index));
    else if (quoted !== undefined) segments.push(JSON.parse(quoted) as string);
  }
  return segments;
}

/** An ignoreChanges entry covers a path when it is a prefix of it (with `*` wildcards). */
function isIgnored(
  path: readonly PathSegment[],
  ignoreChanges: readonly (readonly PathSegment[])[],
): boolean {
  return ignoreChanges.some(
    (ignore) =>
      ignore.length <= path.length && ignore.every((segment, i) => segment === "*" || segment === path[i]),
  );
}

// ---------------------------------------------------------------------------------------------
// Values

type PlanObject = { readonly [key: string]: PlanValue };

function isObject(value: PlanValue | undefined): value is PlanObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own keys only: a key such as `constructor` must not pick up Object.prototype members. */
function field(object: PlanObject, key: string): PlanValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function valuesEqual(a: PlanValue | undefined, b: PlanValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => valuesEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && valuesEqual(a[k], b[k]))
    );
  }
  return false;
}

function containsSecret(value: PlanValue | undefined): boolean {
  if (value === SECRET_PLACEHOLDER) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (isObject(value)) return Object.values(value).some(containsSecret);
  return false;
}

/** Lines of context around each change in a document diff. */
const DOCUMENT_CONTEXT = 3;

/** The value pretty-printed when it is a string holding a JSON object or array, else null. */
function prettyDocument(value: PlanValue | undefined): string | null {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return null;
  try {
    return `${JSON.stringify(JSON.parse(value), null, 2)}\n`;
  } catch {
    return null;
  }
}

/** The line diff of two JSON documents (see DocumentChange), or null if either side is not one. */
function documentChange(
  path: string,
  before: PlanValue | undefined,
  after: PlanValue | undefined,
  ignored: boolean,
): DocumentChange | null {
  const a = prettyDocument(before);
  const b = prettyDocument(after);
  if (a === null || b === null) return null;
  const hunks = structuredPatch("", "", a, b, undefined, undefined, { context: DOCUMENT_CONTEXT }).hunks.map(
    (h) => ({ beforeStart: h.oldStart, afterStart: h.newStart, lines: h.lines }),
  );
  const count = (sign: string) => hunks.reduce((n, h) => n + h.lines.filter((l) => l[0] === sign).length, 0);
  return { kind: "document", path, hunks, added: count("+"), removed: count("-"), ignored };
}

function secretTransition(before: PlanValue | undefined, after: PlanValue | undefined): SecretTransition {
  const wasSecret = containsSecret(before);
  const isSecret = containsSecret(after);
  if (before === undefined) return "added";
  if (after === undefined) return "removed";
  if (wasSecret && isSecret) return "changed";
  return wasSecret ? "no-longer-secret" : "became-secret";
}

/**
 * Walks two values in step and records each differing leaf. Objects are compared key by key,
 * arrays index by index; anything else (or a change of shape) is one leaf. A leaf where either
 * side contains a secret is recorded without values: the non-secret side may be the secret in
 * plain text (e.g. someone dropped `pulumi.secret`).
 */
function collectValueChanges(
  path: PathSegment[],
  before: PlanValue | undefined,
  after: PlanValue | undefined,
  ignoreChanges: readonly (readonly PathSegment[])[],
  out: PropertyChange[],
): void {
  if (valuesEqual(before, after)) return;
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) {
      collectValueChanges([...path, key], field(before, key), field(after, key), ignoreChanges, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) {
      collectValueChanges([...path, i], before[i], after[i], ignoreChanges, out);
    }
    return;
  }
  const common = { path: formatPath(path), ignored: isIgnored(path, ignoreChanges) };
  if (containsSecret(before) || containsSecret(after)) {
    out.push({ kind: "secret", transition: secretTransition(before, after), ...common });
    return;
  }
  const document = documentChange(common.path, before, after, common.ignored);
  out.push(document ?? { kind: "value", before, after, ...common });
}

/** Changes between two property maps (inputs or outputs), sorted by top-level key. */
function diffProperties(
  before: PlanObject,
  after: PlanObject,
  ignoreChanges: readonly string[] = [],
): PropertyChange[] {
  const ignorePaths = ignoreChanges.map(parseIgnorePath).filter((p): p is PathSegment[] => p !== null);
  const changes: PropertyChange[] = [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys)
    collectValueChanges([key], field(before, key), field(after, key), ignorePaths, changes);
  return changes;
}

function diffList(path: string, before: readonly string[], after: readonly string[]): ListChange | null {
  const added = after.filter((item) => !before.includes(item));
  const removed = before.filter((item) => !after.includes(item));
  return added.length === 0 && removed.length === 0 ? null : { kind: "list", path, added, removed };
}

function diffScalar(path: string, before: PlanValue, after: PlanValue): ValueChange | null {
  return valuesEqual(before, after) ? null : { kind: "value", path, before, after, ignored: false };
}

/** Options, parent, provider and dependencies: what decides how the engine may act on it. */
function diffMeta(before: PlanResource, after: PlanResource): PropertyChange[] {
  const candidates: (PropertyChange | null)[] = [
    diffScalar("options.protect", before.options.protect, after.options.protect),
    diffScalar("options.retainOnDelete", before.options.retainOnDelete, after.options.retainOnDelete),
    diffScalar(
      "options.deleteBeforeReplace",
      before.options.deleteBeforeReplace,
      after.options.deleteBeforeReplace,
    ),
    diffList("options.ignoreChanges", before.options.ignoreChanges, after.options.ignoreChanges),
    diffScalar("parent", before.parent, after.parent),
    diffScalar("provider", before.provider, after.provider),
    diffList("dependencies", before.dependencies, after.dependencies),
  ];
  return candidates.filter((change): change is PropertyChange => change !== null);
}

/** The top-level property a formatted path starts with (`tags` for `tags.Environment`). */
function rootProperty(path: string): string {
  const bracketed = /^\[("(?:[^"\\]|\\.)*")\]/.exec(path);
  if (bracketed?.[1] !== undefined) return JSON.parse(bracketed[1]) as string;
  return /^[^.[]*/.exec(path)?.[0] ?? path;
}

/** Changed, not-ignored inputs the replace table says force a new resource. */
function replaceReasons(type: string, inputs: readonly PropertyChange[]): ReplaceReason[] {
  const rules = REPLACE_FORCING_PROPERTIES[type] ?? [];
  const reasons: ReplaceReason[] = [];
  for (const change of inputs) {
    if (change.kind === "list" || change.ignored) continue;
    const rule = rules.find((r) => r.property === rootProperty(change.path));
    if (!rule) continue;
    reasons.push(
      rule.onlyWhen === undefined ? { path: change.path } : { path: change.path, onlyWhen: rule.onlyWhen },
    );
  }
  return reasons;
}

function resourceDiff(
  before: PlanResource | undefined,
  after: PlanResource | undefined,
): ResourceDiff | null {
  // One resource on both sides (an unchanged plan read once, src/cli/diff.ts): nothing changed.
  if (before === after) return null;
  const either = (after ?? before) as PlanResource;
  const inputs =
    before && after ? diffProperties(before.inputs, after.inputs, after.options.ignoreChanges) : [];
  const meta = before && after ? diffMeta(before, after) : [];
  if (before && after && inputs.length === 0 && meta.length === 0) return null;
  return {
    urn: either.urn,
    type: either.type,
    name: either.name,
    kind: !before ? "added" : !after ? "removed" : "changed",
    stateful: isStatefulType(either.type),
    protected: Boolean(before?.options.protect || after?.options.protect),
    retainOnDelete: Boolean(before?.options.retainOnDelete),
    deleteBeforeReplace: Boolean(before?.options.deleteBeforeReplace || after?.options.deleteBeforeReplace),
    replaceReasons: replaceReasons(either.type, inputs),
    inputs,
    meta,
  };
}

function countChanges(resources: readonly ResourceDiff[]): DiffCounts {
  return {
    adds: resources.filter((r) => r.kind === "added").length,
    changes: resources.filter((r) => r.kind === "changed").length,
    deletes: resources.filter((r) => r.kind === "removed").length,
    statefulAtRisk: resources.filter(isStatefulAtRisk).length,
  };
}

function stackLabel(before: Plan | null, after: Plan | null): string {
  if (before && after && before.stack !== after.stack) return `${before.stack} → ${after.stack}`;
  return (after ?? before)?.stack ?? "";
}

/**
 * Compares two plans of one stack. `null` stands for a plan file that does not exist on that
 * side (stack added or removed): every resource is then added or removed.
 */
export function diffPlans(before: Plan | null, after: Plan | null): StackDiff {
  if (!before && !after) throw new PlanInputError("nothing to compare: both plans are missing");
  if (before && after && before.formatVersion !== after.formatVersion) {
    throw new PlanInputError(
      `cannot compare plan format version ${before.formatVersion} with ${after.formatVersion}; ` +
        "regenerate the older plan with `npm run plan`",
    );
  }
  const beforeByUrn = new Map((before?.resources ?? []).map((r) => [r.urn, r]));
  const afterByUrn = new Map((after?.resources ?? []).map((r) => [r.urn, r]));
  const urns = [...new Set([...beforeByUrn.keys(), ...afterByUrn.keys()])].sort();
  const resources = urns
    .map((urn) => resourceDiff(beforeByUrn.get(urn), afterByUrn.get(urn)))
    .filter((r): r is ResourceDiff => r !== null);
  // An added or removed stack's outputs are implied, like its resources' inputs: not expanded.
  const outputs = before && after ? diffProperties(before.outputs, after.outputs) : [];
  const tier = { before: before?.tier ?? null, after: after?.tier ?? null };
  const changed = resources.length > 0 || outputs.length > 0 || tier.before !== tier.after;
  const release = releaseChange(before, after);
  return {
    stack: stackLabel(before, after),
    status: !before ? "added" : !after ? "removed" : changed ? "changed" : "unchanged",
    tier,
    resources,
    outputs,
    counts: countChanges(resources),
    ...(release ? { release } : {}),
  };
}
