/**
 * A stack's monthly cost before and after a change, for the plan diff. Each side is its own plan
 * with its own usage file, priced with today's table (src/reports/cost/prices.ts), so the delta is what
 * the change to the infrastructure or to the usage assumptions costs at current prices.
 */
import { TIERS, type Tier } from "../../model/settings";
import type { Plan } from "../../model/plan";
import { estimateCost } from "../cost/estimate";
import { parseUsage, UsageError } from "../cost/usage";

export interface CostSide {
  readonly plan: Plan | null;
  /** The side's `stacks/<stack>.usage.yaml`; undefined when it has none (tier defaults). */
  readonly usageText: string | undefined;
  readonly where: string;
}

export interface CostDelta {
  /** Monthly USD; undefined when that side has no plan or could not be priced. */
  readonly before: number | undefined;
  readonly after: number | undefined;
}

function monthly(side: CostSide): number | undefined {
  if (!side.plan || !(TIERS as readonly string[]).includes(side.plan.tier)) return undefined;
  try {
    return estimateCost(side.plan, parseUsage(side.usageText, side.plan.tier as Tier, side.where)).totalUsd;
  } catch (error) {
    // A malformed usage file on one side must not hide the rest of the diff: show "n/a".
    if (error instanceof UsageError) return undefined;
    throw error;
  }
}

export function costDelta(before: CostSide, after: CostSide): CostDelta {
  return { before: monthly(before), after: monthly(after) };
}
