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
import { captureStack, captureWithRegistrations, ProgramFailure } from "../../src/plan/capture";
import { MOCK_GENERATED_SECRET } from "../../src/plan/mock-outputs";
import { serializePlan } from "../../src/plan/plan-file";
import { renderCounts, renderTree } from "../../src/reports/plan-tree";
import { brokenStack } from "../support/broken-stack";
import { queue, stackInput } from "../support/plans";

const PLANTED_CONFIG_SECRET = "planted-config-secret-5e1b9c";

/** Runs `run` with stdout, stderr and console captured; returns what was written. */
async function capturingOutput<T>(
  run: () => Promise<T>,
): Promise<{ result?: T; error?: unknown; output: string }> {
  const chunks: string[] = [];
  const write = (chunk: unknown) => (chunks.push(String(chunk)), true);
  const saved = {
    out: process.stdout.write,
    err: process.stderr.write,
    log: console.log,
    error: console.error,
    warn: console.warn,
  };
  process.stdout.write = write as typeof process.stdout.write;
  process.stderr.write = write as typeof process.stderr.write;
  console.log =
    console.error =
    console.warn =
      (...args: unknown[]) => void chunks.push(args.map(String).join(" "));
  try {
    return { result: await run(), output: chunks.join("") };
  } catch (error) {
    return { error, output: chunks.join("") };
  } finally {
    Object.assign(process.stdout, { write: saved.out });
    Object.assign(process.stderr, { write: saved.err });
    Object.assign(console, { log: saved.log, error: saved.error, warn: saved.warn });
  }
}

describe("secret hygiene", () => {
  test("a generated secret appears in no plan, output, rendering, policy message or log line", async () => {
    const {
      result: plan,
      output,
      error,
    } = await capturingOutput(() => queue(() => captureStack(stackInput("prod"))));
    assert.equal(error, undefined);
    assert.ok(plan);
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
    const { error, output } = await capturingOutput(() =>
      queue(() =>
        captureWithRegistrations({
          ...base,
          config: { ...base.config, [key]: JSON.stringify({ domainName: PLANTED_CONFIG_SECRET }) },
          secretKeys: [...base.secretKeys, key],
        }),
      ),
    );
    assert.ok(error instanceof ProgramFailure, "the planted value is invalid, so the program must stop");
    // A settings group given as a secret is refused unread (src/config/resolve.ts).
    assert.match(error.message, /infra:loadBalancer: given as a secret/);
    assert.ok(!error.message.includes(PLANTED_CONFIG_SECRET), "the error echoed the secret");
    assert.ok(!output.includes(PLANTED_CONFIG_SECRET), "the console showed the secret");
  });
});
