/** Data protection per tier, over every stateful resource of every stack (src/policy/data-protection.ts). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DATA_PROTECTION, dataProtectionProblems } from "../../src/policy/data-protection";
import { planTier } from "../../src/policy/from-plan";
import type { PlanResource } from "../../src/model/plan";
import { planOf, STACKS } from "../support/plans";

describe("data protection per tier", () => {
  for (const stack of STACKS) {
    test(`${stack}: every stateful resource meets its tier's table`, async () => {
      const plan = await planOf(stack);
      assert.deepEqual(dataProtectionProblems(plan.resources, stack, planTier(plan)), []);
    });
  }

  test("the database, cache, KMS key and secrets exist in every stack (the table is not vacuous)", async () => {
    for (const stack of STACKS) {
      const types = new Set((await planOf(stack)).resources.map((r) => r.type));
      for (const row of DATA_PROTECTION.filter((r) => !r.type.startsWith("aws:s3/")))
        assert.ok(types.has(row.type), `${stack} has no ${row.type}`);
    }
  });

  test("dropping any one protection on prod fails", async () => {
    const plan = await planOf("prod");
    const drop = (r: PlanResource, field: string): PlanResource =>
      field.startsWith("options.")
        ? { ...r, options: { ...r.options, [field.slice("options.".length)]: false } }
        : { ...r, inputs: Object.fromEntries(Object.entries(r.inputs).filter(([k]) => k !== field)) };
    for (const row of DATA_PROTECTION.filter((r) => r.tiers.prod)) {
      const target = plan.resources.find((r) => r.type === row.type);
      if (!target) continue;
      // forceDestroy is dropped by setting it, the only way to weaken it.
      const weakened =
        row.field === "forceDestroy"
          ? { ...target, inputs: { ...target.inputs, forceDestroy: true } }
          : drop(target, row.field);
      const resources = plan.resources.map((r) => (r === target ? weakened : r));
      assert.notDeepEqual(
        dataProtectionProblems(resources, "prod", "prod"),
        [],
        `${row.type} ${row.field} dropped unnoticed`,
      );
    }
  });
});
