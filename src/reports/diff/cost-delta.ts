/**
 * A stack's monthly cost before and after a change, for the plan diff, in total and itemised by
 * resource. Each side is its own plan with its own usage file, priced with today's table
 * (src/reports/cost/prices.ts), so the delta is what the change to the infrastructure or to the
 * usage assumptions costs at current prices, and the items say where it comes from.
 */
import { TIERS, type Tier } from "../../model/settings";
import type { Plan } from "../../model/plan";
import { type CostEstimate, estimateCost } from "../cost/estimate";
import { parseUsage, UsageError } from "../cost/usage";

export interface CostSide {
  readonly plan: Plan | null;
  /** The side's `stacks/<stack>.usage.yaml`; undefined when it has none (tier defaults). */
  readonly usageText: string | undefined;
  readonly where: string;
}

/**
 * One side of an item: monthly USD, "not priced" when the resource is there but the price table
 * has no price for it (an instance class it does not list), undefined when it is not there.
 */
export type ItemCost = number | "not priced" | undefined;

/** One resource whose monthly cost changed. */
export interface CostItem {
  /** The plan resource's logical name, or "(usage)" for stack-wide traffic and API calls. */
  readonly resource: string;
  readonly type: string;
  readonly before: ItemCost;
  readonly after: ItemCost;
}

export interface CostDelta {
  /** Monthly USD; undefined when that side has no plan or could not be priced. */
  readonly before: number | undefined;
  readonly after: number | undefined;
  /**
   * Resources whose monthly cost changed by a cent or more, largest change first. Empty unless
   * both sides were priced (a new or removed stack is its total).
   */
  readonly items?: readonly CostItem[];
}

function estimate(side: CostSide): CostEstimate | undefined {
  if (!side.plan || !(TIERS as readonly string[]).includes(side.plan.tier)) return undefined;
  try {
    return estimateCost(side.plan, parseUsage(side.usageText, side.plan.tier as Tier, side.where));
  } catch (error) {
    // A malformed usage file on one side must not hide the rest of the diff: show "n/a".
    if (error instanceof UsageError) return undefined;
    throw error;
  }
}

/** Monthly USD per resource (its priced lines summed), keyed by type and name. */
function byResource(e: CostEstimate): Map<string, { resource: string; type: string; usd: number }> {
  const out = new Map<string, { resource: string; type: string; usd: number }>();
  for (const line of e.lines) {
    const key = `${line.type} ${line.resource}`;
    const found = out.get(key) ?? { resource: line.resource, type: line.type, usd: 0 };
    found.usd += line.monthlyUsd;
    out.set(key, found);
  }
  return out;
}

/** Changes under half a cent are rounding, not cost. */
const CENT = 0.005;

const unpriced = (e: CostEstimate) => new Set(e.notPriced.map((n) => `${n.type} ${n.resource}`));

function itemise(before: CostEstimate, after: CostEstimate): CostItem[] {
  const a = byResource(before);
  const b = byResource(after);
  const [notA, notB] = [unpriced(before), unpriced(after)];
  const items: CostItem[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(key);
    const now = b.get(key);
    if (Math.abs((now?.usd ?? 0) - (was?.usd ?? 0)) < CENT) continue;
    const { resource, type } = (now ?? was)!;
    items.push({
      resource,
      type,
      before: was?.usd ?? (notA.has(key) ? "not priced" : undefined),
      after: now?.usd ?? (notB.has(key) ? "not priced" : undefined),
    });
  }
  const usd = (c: ItemCost) => (typeof c === "number" ? c : 0);
  const delta = (i: CostItem) => Math.abs(usd(i.after) - usd(i.before));
  return items.sort((x, y) => delta(y) - delta(x) || x.resource.localeCompare(y.resource, "en"));
}

export function costDelta(before: CostSide, after: CostSide): CostDelta {
  const a = estimate(before);
  // The same plan with the same usage costs the same: priced once (the diff of an unchanged stack).
  const same = after.plan === before.plan && after.usageText === before.usageText;
  const b = same ? a : estimate(after);
  return { before: a?.totalUsd, after: b?.totalUsd, items: a && b ? itemise(a, b) : [] };
}
