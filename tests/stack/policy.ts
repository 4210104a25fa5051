/**
 * The policy pack's rules, run offline over every stack's captured plan exactly as the pack runs
 * them under `pulumi preview --policy-pack policy`, and over a deliberately broken stack.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { describeViolation, evaluate, TIER_EXCEPTIONS, violationsOf } from "../../src/policy/evaluate";
import { planResources, planTier } from "../../src/policy/from-plan";
import { TIERS } from "../../src/policy/rule";
import { RULES } from "../../src/policy/rules";
import { BREAKAGES, brokenStack } from "../support/broken-stack";
import { planOf, STACKS } from "../support/plans";

describe("policy pack over every stack", () => {
  for (const stack of STACKS) {
    test(`${stack}: no violations beyond the tier's listed exceptions`, async () => {
      const plan = await planOf(stack);
      const tier = planTier(plan);
      const { failures, excepted } = evaluate(planResources(plan), tier);
      assert.deepEqual(failures.map(describeViolation), []);
      // Every listed exception is still needed: a stale one would hide a future regression.
      assert.deepEqual(
        [...new Set(excepted.map((v) => v.rule))].sort(),
        Object.keys(TIER_EXCEPTIONS[tier]).sort(),
        `${stack}: exceptions in use vs listed`,
      );
    });
  }

  test("staging and prod have no exceptions at all", () => {
    assert.deepEqual(TIER_EXCEPTIONS.staging, {});
    assert.deepEqual(TIER_EXCEPTIONS.prod, {});
  });

  test("every exception names a rule and gives a reason", () => {
    const names = new Set(RULES.map((r) => r.name));
    for (const tier of TIERS)
      for (const [rule, reason] of Object.entries(TIER_EXCEPTIONS[tier])) {
        assert.ok(names.has(rule), `${tier}: exception for unknown rule ${rule}`);
        assert.ok(reason.length > 20, `${tier}: ${rule} needs a reason`);
      }
  });
});

describe("policy rules catch a deliberately broken stack", () => {
  test("rule names are unique and every rule cites at least one reference", () => {
    const names = RULES.map((r) => r.name);
    assert.equal(new Set(names).size, names.length);
    for (const rule of RULES) assert.ok(rule.references.length > 0, `${rule.name} cites nothing`);
  });

  test("the broken fixture breaks every rule", () => {
    assert.deepEqual(
      RULES.map((r) => r.name).filter((name) => !BREAKAGES.some((b) => b.rule === name)),
      [],
      "rules without a breakage in tests/support/broken-stack.ts",
    );
  });

  test("on the broken stack, every rule reports at least one violation", async () => {
    const broken = brokenStack(planResources(await planOf("prod")));
    const silent = RULES.filter((rule) => violationsOf(rule, broken, "prod").length === 0).map((r) => r.name);
    assert.deepEqual(silent, []);
    assert.ok(evaluate(broken, "prod").failures.length >= RULES.length);
  });

  for (const breakage of BREAKAGES) {
    test(`${breakage.rule} fires on: ${breakage.what}`, async () => {
      const clean = planResources(await planOf("prod"));
      const rule = RULES.find((r) => r.name === breakage.rule);
      assert.ok(rule, `no rule named ${breakage.rule}`);
      assert.deepEqual(violationsOf(rule, clean, "prod"), [], "the clean prod plan must pass");
      assert.ok(violationsOf(rule, breakage.apply(clean), "prod").length > 0, "the breakage went unnoticed");
    });
  }
});
