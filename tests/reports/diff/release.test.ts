/** `npm run diff` shows a new image or AMI per stack as the rollout it causes. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { diffPlans, parsePlan } from "../../../src/reports/diff/plan-diff";
import { renderMarkdown, renderText } from "../../../src/reports/diff/render";
import type { Plan } from "../../../src/model/plan";

const committed = (stack: string): Plan =>
  parsePlan(readFileSync(join(__dirname, `../../../stacks/${stack}.plan.json`), "utf8"), stack);

function released(plan: Plan, outputs: Record<string, string>): Plan {
  return { ...plan, outputs: { ...plan.outputs, ...outputs } };
}

const NEW_DIGEST = `sha256:${"c".repeat(64)}`;

test("a new digest on prod is shown as the canary it starts", () => {
  const before = committed("prod");
  const diff = diffPlans(before, released(before, { appImage: NEW_DIGEST }));
  assert.deepEqual(diff.release?.image, { before: String(before.outputs["appImage"]), after: NEW_DIGEST });
  assert.equal(diff.release?.ami, undefined);
  assert.match(diff.release!.rollout, /^canary 10 → 25 → 50 → 75 → 100 % over 2 h/);
  const text = renderText([diff]);
  assert.match(
    text,
    /Releases \(a new image or AMI rolls out\):\n {2}prod: image sha256:[0-9a-f]{64} → sha256:c{64}; rollout: canary/,
  );
  assert.match(renderMarkdown([diff]), /\*\*Releases\*\*/);
});

test("a new AMI on staging is shown as the blue-green replacement it starts", () => {
  const before = committed("staging");
  const diff = diffPlans(before, released(before, { amiId: "ami-0fedcba9876543210" }));
  assert.deepEqual(diff.release?.ami, {
    before: String(before.outputs["amiId"]),
    after: "ami-0fedcba9876543210",
  });
  assert.match(diff.release!.rollout, /^blue-green/);
});

test("a change that touches neither image nor AMI is no release", () => {
  const before = committed("dev");
  const after = { ...before, outputs: { ...before.outputs, region: "us-west-2" } };
  assert.equal(diffPlans(before, after).release, undefined);
  assert.doesNotMatch(renderText([diffPlans(before, after)]), /Releases/);
});
