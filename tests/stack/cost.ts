/** Each stack's monthly cost: the committed report is fresh and the estimate is within budget. */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { resolveSettings } from "../../src/config/resolve";
import { readStackFile } from "../../src/config/stack-files";
import { budgetProblem } from "../../src/reports/cost/estimate";
import { buildCostReport, costFile } from "../../src/reports/cost/files";
import { planOf, PROJECT, PROJECT_DIR, STACKS } from "../support/plans";

function settingsOf(stack: string) {
  const file = readStackFile(PROJECT_DIR, stack, PROJECT);
  return resolveSettings({ project: PROJECT, stack, config: file.config, secretKeys: file.secretKeys })
    .settings;
}

describe("monthly cost", () => {
  for (const stack of STACKS) {
    test(`${stack}: the estimate is within infra:cost.monthlyBudgetUsd`, async () => {
      const report = buildCostReport(PROJECT_DIR, await planOf(stack), settingsOf(stack));
      assert.equal(budgetProblem(report.estimate, report.budgetUsd), undefined);
    });

    test(`${costFile(stack)} is fresh`, async () => {
      const path = join(PROJECT_DIR, costFile(stack));
      assert.ok(existsSync(path), `${costFile(stack)} is missing: run npm run plan:all and commit it`);
      const fresh = buildCostReport(PROJECT_DIR, await planOf(stack), settingsOf(stack)).markdown;
      assert.ok(readFileSync(path, "utf8") === fresh, `${costFile(stack)} is stale: run npm run plan:all`);
    });

    test(`${stack}: every resource is priced, free, or listed as not priced`, async () => {
      const plan = await planOf(stack);
      const { estimate } = buildCostReport(PROJECT_DIR, plan, settingsOf(stack));
      const accounted = new Set([
        ...estimate.lines.map((l) => l.resource),
        ...estimate.notPriced.map((n) => n.resource),
      ]);
      const freeTypes = new Set(estimate.free.map((f) => f.type));
      const missing = plan.resources.filter((r) => !accounted.has(r.name) && !freeTypes.has(r.type));
      assert.deepEqual(
        missing.map((r) => `${r.type} ${r.name}`),
        [],
      );
    });
  }

  test("the public IPv4 addresses of NAT gateways and load balancers are in the estimate", async () => {
    const report = buildCostReport(PROJECT_DIR, await planOf("prod"), settingsOf("prod"));
    const ipv4 = report.estimate.lines.filter((l) => l.priceKey === "vpc:public-ipv4-hour");
    assert.deepEqual(ipv4.map((l) => l.resource).sort(), [
      "prod-alb",
      "prod-nat-eip-a",
      "prod-nat-eip-b",
      "prod-nat-eip-c",
    ]);
  });
});
