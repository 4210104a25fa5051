/** The committed plans: fresh, byte-stable, and free of secrets. */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, test } from "node:test";
import { listStacks } from "../../src/config/stack-files";
import { MOCK_GENERATED_SECRET } from "../../src/plan/mock-outputs";
import { planPath, serializePlan } from "../../src/plan/plan-file";
import { early, planOf, PROJECT_DIR, secondEvaluationOf, STACKS } from "../support/plans";

describe("committed plan files", () => {
  for (const stack of STACKS) early(secondEvaluationOf(stack));
  test("every stack file has a plan and the tests cover every stack file", () => {
    assert.deepEqual(listStacks(PROJECT_DIR), [...STACKS].sort());
  });

  for (const stack of STACKS) {
    test(`stacks/${stack}.plan.json is fresh`, async () => {
      const path = planPath(PROJECT_DIR, stack);
      const where = relative(PROJECT_DIR, path);
      assert.ok(existsSync(path), `${where} is missing: run npm run plan:all and commit it`);
      const fresh = serializePlan(await planOf(stack));
      assert.ok(
        readFileSync(path, "utf8") === fresh,
        `${where} is stale: run npm run plan:all and commit it`,
      );
    });

    test(`${stack}: a second evaluation is byte-identical`, async () => {
      const { capture, error } = await secondEvaluationOf(stack);
      assert.equal(error, undefined);
      assert.equal(serializePlan(capture!.plan), serializePlan(await planOf(stack)));
    });

    test(`${stack}: no secret value in the plan or its outputs`, async () => {
      const plan = await planOf(stack);
      const text = serializePlan(plan);
      assert.ok(!text.includes(MOCK_GENERATED_SECRET), "a generated secret reached the plan");
      const redacted = plan.resources.flatMap((r) =>
        Object.entries(r.inputs)
          .filter(([, v]) => v === "[secret]")
          .map(([k]) => `${r.name}.${k}`),
      );
      assert.deepEqual(
        redacted.sort(),
        [
          `${stack}-db.password`,
          // DATABASE_URL is marked sensitive: a SecureString, shown redacted.
          `${stack}-param-database-url.value`,
          // The provider marks hosted AppConfig content secret; FEATURE_DEFAULTS shows the flags.
          `${stack}-flags-v.content`,
          `${stack}-db-secret-value.secretString`,
          `${stack}-redis.authToken`,
          `${stack}-redis-secret-value.secretString`,
        ].sort(),
      );
      assert.deepEqual(
        Object.keys(plan.outputs).filter((k) => /secret/i.test(k)),
        ["cacheSecretArn", "databaseSecretArn"],
        "outputs name secrets by ARN only",
      );
    });
  }
});
