/**
 * Secret hygiene, end to end: plant known secrets — the value every mocked generator returns
 * (database password, Redis token, CloudFront's origin header) and a value given as a `secure:`
 * config key — run the real program, and search everything it produces for them: the plan file,
 * stack outputs, the rendered tree and diff, policy messages, every line written to the console,
 * and error messages.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { diffPlans } from "../../src/reports/diff/plan-diff";
import { renderText } from "../../src/reports/diff/render";
import { evaluate, describeViolation } from "../../src/policy/evaluate";
import { planResources } from "../../src/policy/from-plan";
import { ProgramFailure } from "../../src/plan/program-failure";
import { MOCK_GENERATED_SECRET } from "../../src/plan/mock-outputs";
import { serializePlan } from "../../src/plan/plan-file";
import { renderCounts, renderTree } from "../../src/reports/plan-tree";
import { brokenStack } from "../support/broken-stack";
import { captureWithOutput, secondEvaluationOf, stackInput } from "../support/plans";

const PLANTED_CONFIG_SECRET = "planted-config-secret-5e1b9c";

describe("secret hygiene", () => {
  test("a generated secret appears in no plan, output, rendering, policy message or log line", async () => {
    const { capture, output, error } = await secondEvaluationOf("prod");
    assert.equal(error, undefined);
    assert.ok(capture);
    const { plan } = capture;
    // The planted value does reach the program: the CloudFront header and the ALB rule carry it.
    const rule = plan.resources.find((r) => r.type === "aws:lb/listenerRule:ListenerRule");
    assert.ok(rule, "prod has the origin-verify listener rule");
    const produced = [
      serializePlan(plan),
      JSON.stringify(plan.outputs),
      renderTree(plan),
      renderCounts(plan),
      renderText([diffPlans(null, plan)]),
      evaluate(brokenStack(planResources(plan)), "prod")
        .failures.map(describeViolation)
        .join("\n"),
      output,
    ];
    for (const text of produced)
      assert.ok(!text.includes(MOCK_GENERATED_SECRET), `a generated secret leaked: ${text.slice(0, 80)}…`);
  });

  test("a secure: config value is never echoed in an error, nor written to the console", async () => {
    const base = stackInput("staging");
    const key = "infra:loadBalancer";
    const { error, output } = await captureWithOutput({
      ...base,
      config: { ...base.config, [key]: JSON.stringify({ domainName: PLANTED_CONFIG_SECRET }) },
      secretKeys: [...base.secretKeys, key],
    });
    assert.ok(error instanceof ProgramFailure, "the planted value is invalid, so the program must stop");
    // A settings group given as a secret is refused unread (src/config/resolve.ts).
    assert.match(error.message, /infra:loadBalancer: given as a secret/);
    assert.ok(!error.message.includes(PLANTED_CONFIG_SECRET), "the error echoed the secret");
    assert.ok(!output.includes(PLANTED_CONFIG_SECRET), "the console showed the secret");
  });
});
