/**
 * Turns an offline plan's resources into the shape the policy rules read (the same shape the
 * @pulumi/policy pack hands them), so the tests run the pack's rules over every committed plan.
 */
import type { Plan } from "../model/plan";
import type { PolicyTier, RuleResource } from "./rule";
import { TIERS } from "./rule";

/** A captured plan's resources as the rules see them (the pack sees the same inputs under a preview). */
export function planResources(plan: Plan): RuleResource[] {
  return plan.resources
    .filter((r) => r.custom)
    .map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: r.inputs,
      protect: r.options.protect,
      dependencies: r.dependencies,
    }));
}

export function planTier(plan: Plan): PolicyTier {
  const tier = TIERS.find((t) => t === plan.tier);
  if (!tier) throw new Error(`plan of ${plan.stack} names no known tier (got "${plan.tier}")`);
  return tier;
}
