/**
 * Where a stack's cost inputs and report live, and how the report is built from its plan:
 * `stacks/<stack>.usage.yaml` (hand-written usage) → `stacks/<stack>.cost.md` (generated).
 * Shared by `npm run plan` (writes and checks the reports), `npm run cost` and the stack tests.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EnvironmentSettings } from "../../model/settings";
import { type CostEstimate, estimateCost } from "./estimate";
import { renderCostMarkdown } from "./render";
import { parseUsage, type Usage } from "./usage";
import type { Plan } from "../../model/plan";

export const usageFile = (stack: string): string => `stacks/${stack}.usage.yaml`;
export const costFile = (stack: string): string => `stacks/${stack}.cost.md`;

/** The stack's usage: its usage file (if any) over its tier's defaults. */
export function readUsage(dir: string, stack: string, tier: EnvironmentSettings["tier"]): Usage {
  const path = join(dir, usageFile(stack));
  const text = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  return parseUsage(text, tier, usageFile(stack));
}

export interface CostReport {
  readonly estimate: CostEstimate;
  /** The same stack with every auto-scaling group at its maximum size. */
  readonly atMaxScale: CostEstimate;
  /** The same stack awake every hour of the month: what its sleep schedule saves. */
  readonly alwaysOn: CostEstimate;
  readonly budgetUsd: number;
  readonly markdown: string;
}

export function buildCostReport(dir: string, plan: Plan, settings: EnvironmentSettings): CostReport {
  const usage = readUsage(dir, plan.stack, settings.tier);
  const estimate = estimateCost(plan, usage);
  const atMaxScale = estimateCost(plan, usage, undefined, "max");
  const alwaysOn = estimateCost(plan, usage, undefined, "desired", "alwaysOn");
  const budgetUsd = settings.cost.monthlyBudgetUsd;
  const markdown = renderCostMarkdown({
    estimate,
    atMaxScaleUsd: atMaxScale.totalUsd,
    alwaysOnUsd: alwaysOn.totalUsd,
    usage,
    usageFile: usageFile(plan.stack),
    budgetUsd,
  });
  return { estimate, atMaxScale, alwaysOn, budgetUsd, markdown };
}
