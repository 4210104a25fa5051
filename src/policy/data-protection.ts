/**
 * What each tier demands of every resource that holds data or keys, as one table: prod protects
 * everything and keeps it recoverable, staging mirrors the settings that matter (deletion
 * protection, final snapshots, backups, recovery windows), dev relaxes so it can be rebuilt.
 * The stack tests apply it to every stateful resource of every plan, and prove that dropping any
 * one setting on prod fails.
 */
import type { PlanResource } from "../model/plan";
import type { PolicyTier } from "./rule";
import { T } from "./rules";

type Expect = (value: unknown, resource: PlanResource, stack: string) => boolean;

export interface ProtectionRow {
  readonly type: string;
  /** "options.protect", "options.retainOnDelete", or an input name. */
  readonly field: string;
  /** Per tier: what is required, and the check. Absent = the tier leaves it free. */
  readonly tiers: Partial<Record<PolicyTier, { readonly rule: string; readonly holds: Expect }>>;
}

const is =
  (expected: unknown): Expect =>
  (v) =>
    v === expected;
const atLeast =
  (min: number): Expect =>
  (v) =>
    typeof v === "number" && v >= min;
const req = (rule: string, holds: Expect) => ({ rule, holds });
const protectedOnProd = (type: string): ProtectionRow[] => [
  {
    type,
    field: "options.protect",
    tiers: { prod: req("true", is(true)), staging: req("false", is(false)), dev: req("false", is(false)) },
  },
  { type, field: "options.retainOnDelete", tiers: { prod: req("true", is(true)) } },
];

export const DATA_PROTECTION: readonly ProtectionRow[] = [
  ...protectedOnProd(T.rdsInstance),
  {
    type: T.rdsInstance,
    field: "deletionProtection",
    tiers: { prod: req("true", is(true)), staging: req("true", is(true)), dev: req("false", is(false)) },
  },
  {
    type: T.rdsInstance,
    field: "skipFinalSnapshot",
    tiers: { prod: req("false", is(false)), staging: req("false", is(false)), dev: req("true", is(true)) },
  },
  {
    type: T.rdsInstance,
    field: "finalSnapshotIdentifier",
    tiers: Object.fromEntries(
      (["prod", "staging"] as const).map((t) => [
        t,
        req("<stack>-db-final-<random hex>, new for every instance", (v, _r, stack) =>
          new RegExp(`^${stack}-db-final-[0-9a-f]{8}$`).test(String(v)),
        ),
      ]),
    ),
  },
  {
    type: T.rdsInstance,
    field: "backupRetentionPeriod",
    tiers: { prod: req("≥ 14", atLeast(14)), staging: req("≥ 7", atLeast(7)), dev: req("≥ 1", atLeast(1)) },
  },
  ...protectedOnProd(T.replicationGroup),
  {
    type: T.replicationGroup,
    field: "snapshotRetentionLimit",
    tiers: { prod: req("≥ 7", atLeast(7)), staging: req("≥ 1", atLeast(1)) },
  },
  {
    type: T.replicationGroup,
    field: "finalSnapshotIdentifier",
    // A fresh suffix per group (src/environment/data/cache.ts): a fixed name fails the second delete.
    tiers: {
      prod: req("<stack>-redis-final-<random hex>", (v, _r, stack) =>
        new RegExp(`^${stack}-redis-final-[0-9a-f]+$`).test(String(v)),
      ),
    },
  },
  ...protectedOnProd(T.kmsKey),
  {
    type: T.kmsKey,
    field: "deletionWindowInDays",
    tiers: { prod: req("30", is(30)), staging: req("30", is(30)), dev: req("7", is(7)) },
  },
  ...protectedOnProd(T.secret),
  {
    type: T.secret,
    field: "recoveryWindowInDays",
    tiers: { prod: req("30", is(30)), staging: req("≥ 7", atLeast(7)), dev: req("0", is(0)) },
  },
  ...protectedOnProd(T.bucket),
  { type: T.bucket, field: "forceDestroy", tiers: { prod: req("not true", (v) => v !== true) } },
];

export function fieldValue(resource: PlanResource, field: string): unknown {
  if (field === "options.protect") return resource.options.protect;
  if (field === "options.retainOnDelete") return resource.options.retainOnDelete;
  return resource.inputs[field] ?? undefined;
}

/** One line per stateful resource setting that misses its tier's requirement. */
export function dataProtectionProblems(
  resources: readonly PlanResource[],
  stack: string,
  tier: PolicyTier,
): string[] {
  const problems: string[] = [];
  for (const row of DATA_PROTECTION) {
    const need = row.tiers[tier];
    if (!need) continue;
    for (const r of resources.filter((x) => x.type === row.type)) {
      const value = fieldValue(r, row.field);
      if (!need.holds(value, r, stack))
        problems.push(
          `${r.name}: ${row.field} is ${JSON.stringify(value) ?? "unset"}; ${tier} needs ${need.rule}`,
        );
    }
  }
  return problems;
}
