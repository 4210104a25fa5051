/**
 * The ephemeral sandbox workflow's throwaway stack, captured through the real program: the outputs
 * the workflow's smoke check reads exist, and nothing in its plan would survive or block the
 * destroy that ends every run (the workflow's own structure: tests/ci/ephemeral-workflow.test.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Plan } from "../../src/model/plan";
import { capture, planOf, PROJECT, PROJECT_DIR } from "../support/plans";
import {
  broken,
  destroyBlockers,
  raw,
  smokeOutputProblems,
  STACK,
  stepWith,
  workflow,
} from "../support/ephemeral-checks";

const ephemeralPlan = (): Promise<Plan> =>
  capture({
    project: PROJECT,
    stack: STACK,
    config: raw.config,
    secretKeys: raw.secretKeys,
    projectDir: PROJECT_DIR,
  });

describe("the throwaway stack, planned", () => {
  it("smoke-checks outputs the throwaway stack really exports", async () => {
    const outputs = Object.keys((await ephemeralPlan()).outputs);
    assert.deepEqual(smokeOutputProblems(workflow, outputs), []);
    const typo = broken(
      (j) =>
        (stepWith(j, "pulumi stack output").run += "\nout databaseEndpointt\nout x\nout y\nout z\nout w\n"),
    );
    assert.match(smokeOutputProblems(typo, outputs).join("\n"), /reads output "databaseEndpointt"/);
  });

  it("plans to nothing a destroy would keep or fail on", async () => {
    assert.deepEqual(destroyBlockers(await ephemeralPlan()), []);
  });

  it("the destroy check finds what prod keeps (protect, deletion protection, recovery windows)", async () => {
    const blockers = destroyBlockers(await planOf("prod"));
    for (const kind of [": protect", ": retainOnDelete", ": deletion protection", ": recovery window"])
      assert.ok(
        blockers.some((b) => b.includes(kind)),
        `prod's plan should show${kind}`,
      );
  });
});
