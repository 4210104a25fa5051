/** Staging can be created from a (sanitized) production snapshot; no other tier can. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { captureWith, early, input, one, planOf, STACKS } from "../support/plans";

const RDS = "aws:rds/instance:Instance";

describe("staging from a production snapshot", () => {
  // The parity suite asks for the same capture, and shares it.
  const restored = early(
    captureWith("staging", { "infra:database": { restoreFromSnapshot: "staging-seed-2026-11-29" } }),
  );
  test("infra:database.restoreFromSnapshot becomes the instance's snapshotIdentifier", async () => {
    const plan = await restored;
    assert.equal(input(one(plan, RDS), "snapshotIdentifier"), "staging-seed-2026-11-29");
  });

  test("without the setting, no stack restores from a snapshot", async () => {
    for (const stack of STACKS) {
      assert.equal(input(one(await planOf(stack), RDS), "snapshotIdentifier"), undefined, stack);
    }
  });
});
