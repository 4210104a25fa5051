/**
 * The workflows' stack lists come from the stack files: a new stack gets a preview leg and a
 * drift leg from `npm run generate`, with its own role variable and environment.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  driftMatrix,
  previewEnvironment,
  previewRoleVar,
  pullRequestMatrix,
  spliceMatrix,
} from "../../src/reports/workflow-matrix";

const stacks = [
  { stack: "prod", tier: "prod", environment: "production" },
  { stack: "perf-eu", tier: "staging", environment: "perf" },
  { stack: "dev", tier: "dev", environment: "dev" },
  { stack: "staging", tier: "staging", environment: "staging" },
] as const;
// The matrices read only identity fields; the rest of the settings is irrelevant here.
const settings = stacks as unknown as Parameters<typeof driftMatrix>[0];

describe("workflow stack lists", () => {
  test("pull requests preview every stack but prod-tier ones, in the order a change travels, each under its tier's policy config", () => {
    assert.deepEqual(pullRequestMatrix(settings), [
      { stack: "dev", role_var: "AWS_PREVIEW_ROLE_ARN_DEV", policy_config: "policy/config/dev.json" },
      {
        stack: "perf-eu",
        role_var: "AWS_PREVIEW_ROLE_ARN_PERF_EU",
        policy_config: "policy/config/staging.json",
      },
      {
        stack: "staging",
        role_var: "AWS_PREVIEW_ROLE_ARN_STAGING",
        policy_config: "policy/config/staging.json",
      },
    ]);
  });

  test("drift checks every stack, prod-tier ones in their main-only preview environment", () => {
    assert.deepEqual(
      driftMatrix(settings).map((e) => `${e["stack"]} ${e["environment"]}`),
      ["dev preview-dev", "perf-eu preview-perf-eu", "staging preview-staging", "prod production-preview"],
    );
    assert.equal(previewRoleVar("prod-eu"), "AWS_PREVIEW_ROLE_ARN_PROD_EU");
    assert.equal(
      previewEnvironment({ stack: "prod-eu", tier: "prod", environment: "production-eu" }),
      "production-eu-preview",
    );
  });

  test("the list is replaced between its markers, at their indentation, and nothing else changes", () => {
    const workflow = [
      "jobs:",
      "  x:",
      "    strategy:",
      "      matrix:",
      "        # generated:stacks:start",
      "        include:",
      "          - stack: old",
      "        # generated:stacks:end",
      "    steps: []",
      "",
    ].join("\n");
    assert.equal(
      spliceMatrix(workflow, [{ stack: "dev", role_var: "R" }], "w.yml"),
      [
        "jobs:",
        "  x:",
        "    strategy:",
        "      matrix:",
        "        # generated:stacks:start (npm run generate, from the stack files)",
        "        include:",
        "          - stack: dev",
        "            role_var: R",
        "        # generated:stacks:end",
        "    steps: []",
        "",
      ].join("\n"),
    );
    assert.throws(() => spliceMatrix("jobs: {}\n", [], "w.yml"), /w\.yml lost its markers/);
  });
});
