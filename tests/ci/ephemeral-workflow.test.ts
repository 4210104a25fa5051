/**
 * The ephemeral sandbox workflow (.github/workflows/ephemeral.yml) cannot run here: it needs a
 * sandbox account. It is made correct by construction instead: actionlint (`npm run
 * lint:workflows`) for its syntax and expressions, and these checkers for what it must do. Each
 * checker takes parsed YAML and returns the problems it finds, and each also runs on a small
 * in-memory workflow that breaks its rule, so none can pass by accident. The stack file it writes
 * is rendered here; tests/stack/ephemeral.ts captures it through the real program.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EPHEMERAL_CIDR, ephemeralStackName, renderEphemeralStackFile } from "../../src/config/ephemeral";
import { resolveSettings } from "../../src/config/resolve";
import { PROJECT } from "../support/plans";
import {
  broken,
  credentialProblems,
  lifecycleProblems,
  list,
  raw,
  record,
  run,
  STACK,
  stepWith,
  triggerProblems,
  uniqueStackProblems,
  workflow,
  yaml,
} from "../support/ephemeral-checks";

describe("ephemeral.yml", () => {
  it("runs on a schedule and on demand, never on code events", () => {
    assert.deepEqual(triggerProblems(workflow), []);
    assert.deepEqual(triggerProblems(yaml("on: { pull_request: {}, workflow_dispatch: {} }")), [
      "must run on a schedule (on.schedule[].cron with five fields)",
      'must not run on "pull_request"',
    ]);
  });

  it("deploys a new stack each run, and only that stack", () => {
    assert.deepEqual(uniqueStackProblems(workflow), []);
    const fixed = broken((j) => (record(stepWith(j, "ephemeral-stack.ts").env).RUN_ID = "42"));
    assert.match(uniqueStackProblems(fixed).join("\n"), /must come from github\.run_id/);
    const dev = broken((j) => (stepWith(j, "pulumi up").run = 'pulumi up --yes --stack "dev"'));
    assert.match(uniqueStackProblems(dev).join("\n"), /`pulumi up` must target --stack "\$\{STACK\}"/);
  });

  it("plans offline first, then up, smoke check and destroy, always", () => {
    assert.deepEqual(lifecycleProblems(workflow), []);
    const sometimes = broken((j) => (stepWith(j, "pulumi destroy").if = "success()"));
    assert.match(lifecycleProblems(sometimes).join("\n"), /destroy must run always\(\)/);
    const noPlan = broken((j) => (stepWith(j, "ephemeral-stack.ts").run = "echo skip"));
    assert.match(lifecycleProblems(noPlan).join("\n"), /not planned offline/);
    const swallowed = broken((j) => (stepWith(j, "pulumi destroy")["continue-on-error"] = true));
    assert.match(lifecycleProblems(swallowed).join("\n"), /a failed destroy must fail the run/);
    const late = broken((j) => {
      const all = list(j.steps);
      const smoke = all.findIndex((s) => run(record(s)).includes("pulumi stack output"));
      all.push(all.splice(smoke, 1)[0]);
    });
    assert.match(lifecycleProblems(late).join("\n"), /order must be offline plan, up, smoke check, destroy/);
  });

  it("uses the sandbox environment's OIDC role for the whole job, one run at a time", () => {
    assert.deepEqual(credentialProblems(workflow), []);
    const shortSession = broken((j) => (j["timeout-minutes"] = 240));
    assert.match(credentialProblems(shortSession).join("\n"), /role session must last/);
    const cancellable = broken((j) => (record(j.concurrency)["cancel-in-progress"] = true));
    assert.match(credentialProblems(cancellable).join("\n"), /never cancel/);
    const keys = broken(
      (j) => (record(stepWith(j, "pulumi up").env).AWS_SECRET_ACCESS_KEY = "${{ secrets.AWS_KEY }}"),
    );
    assert.match(credentialProblems(keys).join("\n"), /stored AWS keys/);
    const prodEnv = broken((j) => (j.environment = "production"));
    assert.match(credentialProblems(prodEnv).join("\n"), /sandbox environment/);
  });
});

describe("the throwaway stack file", () => {
  it("is a dev-tier stack the program's validation accepts, with its own namespace and address space", () => {
    const { settings } = resolveSettings({ project: PROJECT, stack: STACK, ...raw });
    assert.equal(settings.tier, "dev");
    assert.equal(settings.environment, STACK);
    assert.equal(settings.network.cidr, EPHEMERAL_CIDR);
  });

  it("stack names are unique per run and attempt, and fit AWS's name limits", () => {
    assert.equal(ephemeralStackName("9876543210123", "3"), "eph-9876543210123-3");
    assert.throws(() => ephemeralStackName("$(id)", "1"));
    assert.throws(() => renderEphemeralStackFile({ stack: STACK, accountId: "12345" }));
  });
});
