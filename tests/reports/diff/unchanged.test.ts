/**
 * An unchanged stack is read once and both sides of its diff share the plan (src/cli/diff.ts):
 * the diff and the cost delta of one shared plan are those of two equal copies.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { costDelta } from "../../../src/reports/diff/cost-delta";
import { diffPlans, parsePlan } from "../../../src/reports/diff/plan-diff";

const file = (name: string) => readFileSync(join(__dirname, "../../../stacks", name), "utf8");

describe("an unchanged plan shared by both sides", () => {
  test("diffs and prices as two equal copies do", () => {
    for (const stack of ["dev", "prod"]) {
      const text = file(`${stack}.plan.json`);
      const usageText = file(`${stack}.usage.yaml`);
      const shared = parsePlan(text, stack);
      const copy = parsePlan(text, stack);
      assert.deepEqual(diffPlans(shared, shared), diffPlans(shared, copy));
      const side = (plan: typeof shared) => ({ plan, usageText, where: `${stack}.usage.yaml` });
      const delta = costDelta(side(shared), side(shared));
      assert.deepEqual(delta, costDelta(side(shared), side(copy)));
      assert.ok(delta.before !== undefined && delta.before > 0 && delta.before === delta.after);
    }
  });
});
