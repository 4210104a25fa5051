/**
 * The budget cannot be bypassed: before anything is registered, the sizes a stack file chooses
 * must have prices. Otherwise the estimate would count the unpriced
 * servers, database or cache as $0, and a prod of a hundred GPU instances would be "within
 * budget". The program runs this with its other validation (src/program.ts), so `infra plan`,
 * the tests and a real `pulumi preview` refuse the same stack; the plan-level check over every
 * resource is budgetProblems (src/reports/cost/estimate.ts).
 */
import type { EnvironmentSettings } from "../../model/settings";
import { PRICE_REGION, PRICES } from "./prices";

const PRICES_FILE = "src/reports/cost/prices.ts";

/** The priced choices among `prefix<choice><suffix>` keys: what a user may pick instead. */
function pricedChoices(prefix: string, suffix = ""): string[] {
  return Object.keys(PRICES)
    .filter((k) => k.startsWith(prefix) && k.endsWith(suffix))
    .map((k) => k.slice(prefix.length, k.length - suffix.length));
}

export function priceCoverageProblems(s: EnvironmentSettings): string[] {
  // Another Region has no price rows at all: the plan-level check (budgetProblems) refuses such a
  // stack's estimate with that reason. The program itself still runs there, so a stack's shape in
  // another Region (a DR copy, CloudFront's us-east-1 pinning) can be planned and tested.
  if (s.region !== PRICE_REGION) return [];
  const problems: string[] = [];
  const check = (key: string, value: string, priceKey: string, prefix: string, suffix = "") => {
    if (PRICES[priceKey] !== undefined) return;
    problems.push(
      `${key}: got "${value}", which has no price in ${PRICES_FILE} (${priceKey}); an unpriced size would count as $0 against infra:cost.monthlyBudgetUsd: choose a priced one (${pricedChoices(prefix, suffix).join(", ")}) or add its price with a source from shared/reference/`,
    );
  };
  const az = s.database.multiAz ? "multi-az" : "single-az";
  check("infra:compute.instanceType", s.compute.instanceType, `ec2:${s.compute.instanceType}`, "ec2:");
  check(
    "infra:database.instanceClass",
    s.database.instanceClass,
    `rds-postgres:${s.database.instanceClass}:${az}`,
    "rds-postgres:",
    `:${az}`,
  );
  check(
    "infra:cache.nodeType",
    s.cache.nodeType,
    `elasticache-redis:${s.cache.nodeType}`,
    "elasticache-redis:",
  );
  return problems;
}
