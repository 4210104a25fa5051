/** Rule citations name the source's own identifiers, so a reader can find the cited rule. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AWSGUARD_POLICY_NAMES } from "../../src/policy/rule";
import { RULES } from "../../src/policy/rules";

describe("policy rule citations", () => {
  test("every awsguard citation is a policy name awsguard defines (not AWS Config's managed-rule name)", () => {
    const cited = RULES.flatMap((r) =>
      r.references.filter((ref) => ref.source === "awsguard").map((ref) => `${r.name} → ${ref.id}`),
    );
    assert.ok(cited.length > 0);
    const unknown = cited.filter((c) => !AWSGUARD_POLICY_NAMES.has(c.split(" → ")[1]!));
    assert.deepEqual(unknown, []);
  });
});
