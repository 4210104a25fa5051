/**
 * The promotion gates of issue 18, one checker per rule, each run on the repository's workflows
 * and on a small in-memory workflow that breaks the rule (a checker that cannot fail proves
 * nothing). docs/promotion.md, "Gates and what enforces them", names the checker of each gate.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import {
  CHANGES,
  type Json,
  PRODUCTION_ENVIRONMENTS,
  ROOT,
  STACKS,
  WORKFLOWS_DIR,
  checksWf,
  environmentText,
  environmentsOf,
  job,
  jobs,
  mainWf,
  matrixStacks,
  needsOf,
  pr,
  pulumiActionSteps,
  pulumiSteps,
  record,
  release,
  runCommands,
  secretReferences,
  steps,
  tierOf,
  workflows,
  yaml,
} from "./workflows.test";
import { promotionProblems } from "./workflows-promotion.test";
import { PACK_DIR, packConfigPath } from "../../src/policy/docs";
import type { PolicyTier } from "../../src/policy/rule";

const rawWorkflows: Record<string, string> = Object.fromEntries(
  Object.keys(workflows).map((f) => [f, readFileSync(path.join(WORKFLOWS_DIR, f), "utf8")]),
);
const CI_RUN = readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
const REFRESH_ACTION_DIR = ".github/actions/instance-refresh";
const refreshAction = record(parse(readFileSync(path.join(ROOT, REFRESH_ACTION_DIR, "action.yml"), "utf8")));
const PACKAGE = record(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")));
const PROJECT = String(record(parse(readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"))).name);

function idTokenJobs(workflow: Json): Array<[string, Json]> {
  return jobs(workflow).filter(([, j]) => record(j.permissions)["id-token"] === "write");
}

function stepText(step: Json): string {
  return JSON.stringify(step);
}

function hasProblems(problems: string[]): void {
  assert.deepEqual(problems, [], problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// 1. No pull request reaches production's secrets
// ---------------------------------------------------------------------------------------------

/**
 * A preview decrypts the stack's state, so whoever previews prod can export its secrets: no
 * pull-request job may preview (or otherwise touch) a prod-tier stack, nor run in an environment
 * that holds production credentials.
 */
export function prodFromPullRequestProblems(prWorkflow: Json, tier: (stack: string) => string): string[] {
  const problems: string[] = [];
  for (const step of pulumiSteps(prWorkflow)) {
    for (const stack of step.stacks.filter((s) => tier(s) === "prod")) {
      problems.push(
        `pull-request.yml job "${step.jobId}" runs "${step.command}" on prod-tier stack "${stack}": unreviewed code would hold credentials that decrypt it.`,
      );
    }
  }
  for (const [id, j] of jobs(prWorkflow)) {
    for (const env of environmentsOf(j).filter((e) => e.startsWith("production"))) {
      problems.push(
        `pull-request.yml job "${id}" runs in environment "${env}", which holds production credentials.`,
      );
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 2. Every OIDC token says which environment it is for
// ---------------------------------------------------------------------------------------------

/**
 * A job that mints an OIDC token must run in a GitHub environment, so its subject is
 * `repo:<org>/<repo>:environment:<name>` and a trust policy can tell the legs apart; a matrix job
 * needs one environment per leg.
 */
export function oidcSubjectProblems(file: string, workflow: Json): string[] {
  const problems: string[] = [];
  for (const [id, j] of idTokenJobs(workflow)) {
    const envs = environmentsOf(j);
    if (envs.length === 0) {
      problems.push(
        `${file} job "${id}" mints an OIDC token without an environment: its subject cannot be told apart from other jobs'.`,
      );
      continue;
    }
    const legs = matrixStacks(j).length;
    if (legs > 1 && new Set(envs).size < legs) {
      problems.push(
        `${file} job "${id}" has ${legs} matrix legs sharing environment "${environmentText(j)}": give each leg its own (e.g. preview-\${{ matrix.stack }}).`,
      );
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 3. Dependabot's pull requests get neither secrets nor OIDC tokens
// ---------------------------------------------------------------------------------------------

const NOT_DEPENDABOT = /github\.actor\s*!=\s*'dependabot\[bot\]'/;

/** In a pull_request workflow, every job that reads secrets or mints a token excludes Dependabot. */
export function dependabotProblems(file: string, workflow: Json): string[] {
  if (!("pull_request" in record(workflow.on))) return [];
  return jobs(workflow)
    .filter(([, j]) => record(j.permissions)["id-token"] === "write" || secretReferences(j).length > 0)
    .filter(([, j]) => !NOT_DEPENDABOT.test(String(j.if ?? "")))
    .map(
      ([id]) =>
        `${file} job "${id}" needs secrets or an OIDC token but does not exclude Dependabot (if: github.actor != 'dependabot[bot]'): it gets neither and could only fail.`,
    );
}

// ---------------------------------------------------------------------------------------------
// 4. The hotfix path: its own environment, nothing the hotfix branch can edit
// ---------------------------------------------------------------------------------------------

/**
 * release.yml must run from main only (dispatch, checked), pick `production-hotfix` for hotfixes and
 * `production` otherwise, and not depend on an approver list a variable could leave unset.
 */
export function hotfixProblems(releaseText: string, releaseWf: Json): string[] {
  const problems: string[] = [];
  if (releaseText.includes("HOTFIX_APPROVERS"))
    problems.push(
      "release.yml reads HOTFIX_APPROVERS: the production-hotfix environment's reviewers are the list.",
    );
  const on = Object.keys(record(releaseWf.on));
  if (on.join() !== "workflow_dispatch")
    problems.push(
      `release.yml runs on ${on.join(", ")}: only workflow_dispatch (from main) keeps the gates in main's reviewed copy.`,
    );
  if (
    !jobs(releaseWf).some(([, j]) =>
      runCommands(j).some((c) => c.includes('"${WORKFLOW_REF}" != "refs/heads/main"')),
    )
  )
    problems.push("release.yml never refuses to run from a ref other than main.");
  for (const step of pulumiSteps(releaseWf).filter((s) => CHANGES.has(s.command))) {
    const text = environmentText(step.job) ?? "";
    if (!/inputs\.hotfix\s*&&\s*'production-hotfix'\s*\|\|\s*'production'/.test(text))
      problems.push(
        `release.yml job "${step.jobId}" runs in "${text || "no environment"}": use \${{ inputs.hotfix && 'production-hotfix' || 'production' }}.`,
      );
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 5. A release is a commit staging deployed successfully
// ---------------------------------------------------------------------------------------------

/**
 * main.yml's staging `up` step has a name, and a job release.yml's deploy needs looks that exact job
 * and step up in main.yml's runs for the commit, requiring success.
 */
export function stagingDeployedProblems(releaseWf: Json, mainWorkflow: Json): string[] {
  const up = pulumiSteps(mainWorkflow).find((s) => s.command === "up" && s.stacks.includes("staging"));
  if (!up) return ["main.yml has no `up` of staging."];
  const jobName = String(up.job.name ?? "");
  const stepName = String(up.step.name ?? "");
  if (!jobName || !stepName)
    return ["main.yml's staging deploy job and its `up` step need names release.yml can look up."];
  const deployJobs = pulumiSteps(releaseWf).filter((s) => s.command === "up");
  const problems: string[] = [];
  for (const deploy of deployJobs) {
    const upstream = needsOf(deploy.job).map((id) => [id, record(record(releaseWf.jobs)[id])] as const);
    const checked = upstream.some(([, j]) =>
      runCommands(j).some(
        (c) =>
          c.includes("actions/workflows/main.yml/runs") &&
          c.includes(`"${jobName}"`) &&
          c.includes(`"${stepName}"`) &&
          c.includes('.conclusion == "success"'),
      ),
    );
    if (!checked)
      problems.push(
        `release.yml job "${deploy.jobId}" does not require a successful "${stepName}" in a main.yml run of the commit (a job it needs must check).`,
      );
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 6. Deploys wait their turn and never go back in time
// ---------------------------------------------------------------------------------------------

function indexOfStep(j: Json, test: (step: Json) => boolean): number {
  return steps(j).findIndex(test);
}

/**
 * Staging deploys only main's tip (checked inside the concurrency slot, before `up`); production
 * refuses a release older than the one it runs unless `rollback` is set, and records what it runs.
 */
export function orderingProblems(mainWorkflow: Json, releaseWf: Json): string[] {
  const problems: string[] = [];
  for (const up of pulumiSteps(mainWorkflow).filter((s) => s.command === "up")) {
    const tip = indexOfStep(
      up.job,
      (s) => /refs?\/heads\/main/.test(String(s.run ?? "")) && /exit 1/.test(String(s.run)),
    );
    if (tip < 0 || tip > up.index)
      problems.push(
        `main.yml job "${up.jobId}" does not refuse, before \`up\`, a commit that is no longer main's tip.`,
      );
    if (record(up.job.concurrency)["cancel-in-progress"] !== false)
      problems.push(`main.yml job "${up.jobId}" has no non-cancelling concurrency group.`);
  }
  for (const up of pulumiSteps(releaseWf).filter((s) => s.command === "up")) {
    const refuse = indexOfStep(
      up.job,
      (s) => /stack tag get infra-release-sha/.test(String(s.run ?? "")) && /ROLLBACK/.test(String(s.run)),
    );
    const record_ = indexOfStep(up.job, (s) => /stack tag set infra-release-sha/.test(String(s.run ?? "")));
    if (refuse < 0 || refuse > up.index)
      problems.push(
        `release.yml job "${up.jobId}" does not refuse, before \`up\`, a release older than production's.`,
      );
    if (record_ < up.index)
      problems.push(`release.yml job "${up.jobId}" does not record the commit it deployed.`);
    if (record(up.job.concurrency)["cancel-in-progress"] !== false)
      problems.push(`release.yml job "${up.jobId}" has no non-cancelling concurrency group.`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 7. Cloud credentials outlive the job
// ---------------------------------------------------------------------------------------------

/** Every role assumption lasts at least its job's timeout (the action's default is one hour). */
export function sessionProblems(file: string, workflow: Json): string[] {
  const problems: string[] = [];
  for (const [id, j] of jobs(workflow)) {
    for (const step of steps(j).filter((s) =>
      String(s.uses).startsWith("aws-actions/configure-aws-credentials@"),
    )) {
      const timeout = Number(j["timeout-minutes"]);
      const duration = Number(record(step.with)["role-duration-seconds"]);
      if (!Number.isFinite(timeout))
        problems.push(`${file} job "${id}" assumes a role but has no timeout-minutes.`);
      else if (!(duration >= timeout * 60))
        problems.push(
          `${file} job "${id}": role-duration-seconds ${Number.isFinite(duration) ? duration : "(default 3600)"} is shorter than its ${timeout}-minute timeout.`,
        );
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 8. A deploy is done when its rollout is
// ---------------------------------------------------------------------------------------------

const REFRESH_ACTION = `./${REFRESH_ACTION_DIR}`;

/**
 * Every `up` is preceded by the instance-refresh action in idle mode and followed by it in wait
 * mode, on the ASG the `up` step outputs.
 */
export function rolloutProblems(file: string, workflow: Json): string[] {
  const problems: string[] = [];
  for (const up of pulumiSteps(workflow).filter((s) => s.command === "up")) {
    const all = steps(up.job);
    const watch = (mode: string): number =>
      all.findIndex((s) => s.uses === REFRESH_ACTION && record(s.with).mode === mode);
    const idle = watch("idle");
    const wait = watch("wait");
    if (idle < 0 || idle > up.index)
      problems.push(
        `${file} job "${up.jobId}" does not check, before \`up\`, that no rollout is in progress.`,
      );
    if (wait < up.index)
      problems.push(`${file} job "${up.jobId}" does not wait for its rollout after \`up\`.`);
    else if (
      record(all[wait]?.with)["auto-scaling-group"] !==
      `\${{ steps.${String(up.step.id)}.outputs.autoScalingGroupName }}`
    )
      problems.push(
        `${file} job "${up.jobId}" waits on an auto-scaling group that is not its \`up\` step's output.`,
      );
  }
  return problems;
}

/** The action asks AWS for the refresh, keeps waiting only while it runs, and fails otherwise. */
export function refreshActionProblems(action: Json): string[] {
  const run = list(record(action.runs).steps)
    .map((s) => String(record(s).run ?? ""))
    .join("\n");
  const problems: string[] = [];
  if (!run.includes("aws autoscaling describe-instance-refreshes"))
    problems.push("does not call describe-instance-refreshes");
  for (const status of ["Pending", "InProgress", "Baking", "Cancelling", "RollbackInProgress"])
    if (!new RegExp(`running=.*\\b${status}\\b`).test(run))
      problems.push(`does not keep waiting while ${status}`);
  if (!/"\$\{status\}" = "Successful"/.test(run)) problems.push("does not treat Successful as done");
  if (!/exit 1/.test(run)) problems.push("never fails");
  return problems;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

// ---------------------------------------------------------------------------------------------
// 9. Approvers see prod's preview first
// ---------------------------------------------------------------------------------------------

/**
 * Each job changing a prod-tier stack needs a job that previews that stack into the run summary,
 * outside the environments that wait for approval.
 */
export function previewBeforeApprovalProblems(releaseWf: Json, tier: (stack: string) => string): string[] {
  const problems: string[] = [];
  const previews = pulumiSteps(releaseWf).filter((s) => s.command === "preview");
  for (const up of pulumiSteps(releaseWf).filter((s) => CHANGES.has(s.command))) {
    for (const stack of up.stacks.filter((s) => tier(s) === "prod")) {
      const found = previews.find(
        (p) =>
          p.stacks.includes(stack) &&
          needsOf(up.job).includes(p.jobId) &&
          record(p.step.with)["comment-on-summary"] === true &&
          p.environments.every((e) => !PRODUCTION_ENVIRONMENTS.includes(e)),
      );
      if (!found)
        problems.push(
          `release.yml job "${up.jobId}" changes "${stack}" without needing a preview of it in the run summary, run before the approval.`,
        );
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 10. The deploy job checks that an approval happened
// ---------------------------------------------------------------------------------------------

/**
 * Before `up`, an unconditional step reads the run's approvals for the job's own environment,
 * ignores the requester's, and fails when none is left; the job may read actions.
 */
export function approvalProblems(releaseWf: Json): string[] {
  const problems: string[] = [];
  for (const up of pulumiSteps(releaseWf).filter((s) => CHANGES.has(s.command))) {
    const at = indexOfStep(up.job, (s) => String(s.run ?? "").includes("actions/runs/${RUN_ID}/approvals"));
    const step = steps(up.job)[at];
    if (!step || at > up.index) {
      problems.push(`release.yml job "${up.jobId}" does not verify an approval before \`up\`.`);
      continue;
    }
    const env = record(step.env);
    if (step.if !== undefined)
      problems.push(
        `release.yml job "${up.jobId}": the approval check must always run (it has if: ${String(step.if)}).`,
      );
    if (env.ENVIRONMENT !== environmentText(up.job))
      problems.push(`release.yml job "${up.jobId}": the approval check must read the job's own environment.`);
    if (env.REQUESTER !== "${{ github.triggering_actor }}" || !String(step.run).includes("$requester"))
      problems.push(
        `release.yml job "${up.jobId}": the approval check must not count the requester's own approval.`,
      );
    if (record(up.job.permissions).actions !== "read")
      problems.push(`release.yml job "${up.jobId}" needs permissions actions: read to see approvals.`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 11. One set of checks for pull requests, main and releases
// ---------------------------------------------------------------------------------------------

export const CHECKS_WORKFLOW = "./.github/workflows/checks.yml";

/**
 * checks.yml is a reusable workflow running .ci/run; every other workflow calls it as its `checks`
 * job, every job that deploys or previews needs it, and no workflow runs tests on its own.
 */
export function checksProblems(all: Readonly<Record<string, Json>>, ciRun: string): string[] {
  const problems: string[] = [];
  const checks = all["checks.yml"];
  if (!checks || !("workflow_call" in record(checks.on)))
    problems.push("checks.yml is not a reusable workflow (on: workflow_call).");
  else if (!jobs(checks).some(([, j]) => runCommands(j).includes(".ci/run")))
    problems.push("checks.yml does not run .ci/run.");
  else if (
    !jobs(checks).every(([, j]) => /^node:20(\.[\d.]+)?-(bookworm|trixie)$/.test(String(j.container ?? "")))
  )
    problems.push(
      'checks.yml must run .ci/run where it expects to run: a Debian Node.js 20 container (e.g. "node:20-bookworm").',
    );
  for (const [file, workflow] of Object.entries(all)) {
    // Workflows that run on code events or change stacks; drift.yml (a scheduled read) does neither.
    const onCode = ["push", "pull_request", "pull_request_target"].some((e) => e in record(workflow.on));
    const deploys = pulumiSteps(workflow).some((s) => CHANGES.has(s.command));
    if (file === "checks.yml" || !(onCode || deploys)) continue;
    if (record(record(workflow.jobs).checks).uses !== CHECKS_WORKFLOW)
      problems.push(`${file}: its checks job must be \`uses: ${CHECKS_WORKFLOW}\`.`);
    for (const [id, j] of jobs(workflow)) {
      if (runCommands(j).some((c) => /\bnpm (run )?test\b/.test(c)))
        problems.push(`${file} job "${id}" runs the tests itself: call checks.yml instead.`);
    }
    for (const step of pulumiSteps(workflow))
      if (!needsOf(step.job).includes("checks"))
        problems.push(`${file} job "${step.jobId}" runs pulumi ${step.command} without needing checks.`);
  }
  const lines = ciRun.split("\n").map((l) => l.trim());
  const required = lines.findIndex((l) => /^export SANITIZE_TEST_REQUIRED=1$/.test(l));
  const postgres = lines.findIndex((l) => l.includes("scripts/test-postgres.sh start"));
  const test = lines.findIndex((l) => l === "npm test");
  if (test < 0) problems.push(".ci/run does not run npm test.");
  else if (required < 0 || required > test || postgres < 0 || postgres > test)
    problems.push(".ci/run must start PostgreSQL and export SANITIZE_TEST_REQUIRED=1 before npm test.");
  // The offline plan runs the program in-process; only this runs it the way `pulumi up` starts it.
  if (!lines.includes("npm run check:runtime"))
    problems.push(".ci/run does not run npm run check:runtime (every stack under Pulumi's own runner).");
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Also: pinned actions, pinned CLI, qualified stacks, the backend
// ---------------------------------------------------------------------------------------------

const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*\s*$/;

/**
 * Every third-party action in a job holding id-token: write is pinned to a full commit SHA with
 * its version in a comment (`owner/repo@<sha> # v1.2.3`); local actions (./) are this repository's.
 */
export function pinProblems(file: string, text: string): string[] {
  const workflow = record(parse(text));
  const problems: string[] = [];
  const lines = text.split("\n");
  for (const [id] of idTokenJobs(workflow)) {
    for (const step of steps(job(workflow, id))) {
      const uses = step.uses;
      if (typeof uses !== "string" || uses.startsWith("./")) continue;
      const line = lines.find((l) => l.includes(`uses: ${uses}`)) ?? "";
      const written = line.slice(line.indexOf("uses:") + "uses:".length).trim();
      if (!PINNED.test(written))
        problems.push(
          `${file} job "${id}": "${written}" is not pinned to a commit SHA with a # vX.Y.Z comment.`,
        );
    }
  }
  return problems;
}

/**
 * Every pulumi/actions step pins the CLI to the SDK's version, names the stack as
 * `${{ vars.PULUMI_ORG }}/<project>/<stack>`, logs in to the configured backend and passes the
 * credentials either backend needs.
 */
export function pulumiStepProblems(
  file: string,
  workflow: Json,
  sdkVersion: string,
  project: string,
): string[] {
  const problems: string[] = [];
  for (const [jobId, step] of pulumiActionSteps(workflow)) {
    const version = record(step.with)["pulumi-version"];
    if (record(step.with).command === undefined && version !== sdkVersion)
      problems.push(
        `${file} job "${jobId}" (install): pulumi-version ${String(version ?? "(unpinned)")} is not the SDK's ${sdkVersion}.`,
      );
  }
  for (const s of pulumiSteps(workflow)) {
    const w = record(s.step.with);
    const env = record(s.step.env);
    const where = `${file} job "${s.jobId}" (${s.command})`;
    if (w["pulumi-version"] !== sdkVersion)
      problems.push(
        `${where}: pulumi-version ${String(w["pulumi-version"] ?? "(unpinned)")} is not the SDK's ${sdkVersion}.`,
      );
    if (!s.stackName.startsWith(`\${{ vars.PULUMI_ORG }}/${project}/`))
      problems.push(
        `${where}: stack-name "${s.stackName}" is not \${{ vars.PULUMI_ORG }}/${project}/<stack>.`,
      );
    if (w["cloud-url"] !== "${{ vars.PULUMI_BACKEND_URL }}")
      problems.push(`${where}: cloud-url must be \${{ vars.PULUMI_BACKEND_URL }}.`);
    if (
      env.PULUMI_ACCESS_TOKEN !== "${{ secrets.PULUMI_ACCESS_TOKEN }}" ||
      env.PULUMI_CONFIG_PASSPHRASE !== "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}"
    )
      problems.push(`${where}: pass PULUMI_ACCESS_TOKEN and PULUMI_CONFIG_PASSPHRASE from secrets.`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The repository's workflows, and each checker failing on a workflow that breaks its rule
// ---------------------------------------------------------------------------------------------

const SDK_VERSION = String(record(PACKAGE.dependencies)["@pulumi/pulumi"]);
const bareTiers = (stack: string): string => (stack.startsWith("prod") ? "prod" : "dev");

describe("1. no pull request reaches production's secrets", () => {
  it("pull-request.yml never previews a prod-tier stack nor enters a production environment", () => {
    hasProblems(prodFromPullRequestProblems(pr, tierOf));
  });
  it("the checker flags a prod preview leg and a production environment", () => {
    const wf = yaml(`
jobs:
  preview:
    environment: production-preview
    strategy: { matrix: { stack: [dev, prod] } }
    steps:
      - uses: pulumi/actions@v6
        with: { command: preview, stack-name: "\${{ matrix.stack }}" }
`);
    assert.deepEqual(prodFromPullRequestProblems(wf, bareTiers), [
      'pull-request.yml job "preview" runs "preview" on prod-tier stack "prod": unreviewed code would hold credentials that decrypt it.',
      'pull-request.yml job "preview" runs in environment "production-preview", which holds production credentials.',
    ]);
  });
});

describe("2. every OIDC token names its environment", () => {
  it("every job minting a token runs in an environment, one per matrix leg", () => {
    hasProblems(Object.entries(workflows).flatMap(([f, w]) => oidcSubjectProblems(f, w)));
  });
  it("the checker flags a shared subject and a missing environment", () => {
    const wf = yaml(`
jobs:
  shared:
    permissions: { id-token: write }
    environment: preview
    strategy: { matrix: { stack: [dev, staging] } }
  none:
    permissions: { id-token: write }
  fine:
    permissions: { id-token: write }
    environment: "preview-\${{ matrix.stack }}"
    strategy: { matrix: { stack: [dev, staging] } }
`);
    assert.deepEqual(oidcSubjectProblems("x.yml", wf), [
      'x.yml job "shared" has 2 matrix legs sharing environment "preview": give each leg its own (e.g. preview-${{ matrix.stack }}).',
      'x.yml job "none" mints an OIDC token without an environment: its subject cannot be told apart from other jobs\'.',
    ]);
  });
});

describe("3. Dependabot pull requests are excluded from credentialed jobs", () => {
  it("every credentialed pull-request job excludes Dependabot", () => {
    hasProblems(Object.entries(workflows).flatMap(([f, w]) => dependabotProblems(f, w)));
  });
  it("the checker flags a token or secret without the exclusion", () => {
    const wf = yaml(`
on: { pull_request: {} }
jobs:
  token:
    permissions: { id-token: write }
    if: github.event.pull_request.head.repo.full_name == github.repository
  secret:
    steps: [{ run: "echo \${{ secrets.X }}" }]
  excluded:
    permissions: { id-token: write }
    if: github.actor != 'dependabot[bot]'
  plain:
    steps: [{ run: echo hi }]
`);
    assert.deepEqual(
      dependabotProblems("pr.yml", wf).map((p) => p.split(" needs")[0]),
      ['pr.yml job "token"', 'pr.yml job "secret"'],
    );
  });
});

describe("4. hotfixes: their own environment, gates in main's copy", () => {
  it("release.yml runs from main only and picks production-hotfix for hotfixes", () => {
    hasProblems(hotfixProblems(rawWorkflows["release.yml"] as string, release));
  });
  it("the checker flags the old design: a variable allow-list, tag pushes, one environment", () => {
    const text = `
on:
  push: { tags: ["v*.*.*"] }
  workflow_dispatch: {}
jobs:
  deploy-prod:
    environment: production
    steps:
      - env: { HOTFIX_APPROVERS: "\${{ vars.HOTFIX_APPROVERS }}" }
        run: echo
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: prod }
`;
    assert.deepEqual(hotfixProblems(text, yaml(text)), [
      "release.yml reads HOTFIX_APPROVERS: the production-hotfix environment's reviewers are the list.",
      "release.yml runs on push, workflow_dispatch: only workflow_dispatch (from main) keeps the gates in main's reviewed copy.",
      "release.yml never refuses to run from a ref other than main.",
      `release.yml job "deploy-prod" runs in "production": use \${{ inputs.hotfix && 'production-hotfix' || 'production' }}.`,
    ]);
  });
});

describe("5. a release is a commit staging deployed", () => {
  it("release.yml requires main.yml's named staging `up` step to have succeeded for the commit", () => {
    hasProblems(stagingDeployedProblems(release, mainWf));
  });
  it("the checker flags a release that only checks the commit is on main", () => {
    const releaseWf = yaml(`
jobs:
  checks:
    steps: [{ run: 'git merge-base --is-ancestor "$SHA" origin/main' }]
  deploy:
    needs: checks
    steps:
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: prod }
`);
    const main = yaml(`
jobs:
  deploy-staging:
    name: deploy (staging)
    steps:
      - name: pulumi up (staging)
        uses: pulumi/actions@v6
        with: { command: up, stack-name: staging }
`);
    assert.deepEqual(stagingDeployedProblems(releaseWf, main), [
      'release.yml job "deploy" does not require a successful "pulumi up (staging)" in a main.yml run of the commit (a job it needs must check).',
    ]);
    const unnamed = yaml(`
jobs:
  deploy-staging:
    steps:
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: staging }
`);
    assert.deepEqual(stagingDeployedProblems(releaseWf, unnamed), [
      "main.yml's staging deploy job and its `up` step need names release.yml can look up.",
    ]);
  });
});

describe("6. deploys wait their turn and never go back in time", () => {
  it("staging deploys only main's tip; prod refuses an older release and records what it runs", () => {
    hasProblems(orderingProblems(mainWf, release));
  });
  it("the checker flags deploys without those guards", () => {
    const deploy = (stack: string): Json =>
      yaml(`
jobs:
  deploy:
    concurrency: { group: pulumi-up-${stack} }
    steps:
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: ${stack} }
`);
    assert.deepEqual(orderingProblems(deploy("staging"), deploy("prod")), [
      'main.yml job "deploy" does not refuse, before `up`, a commit that is no longer main\'s tip.',
      'main.yml job "deploy" has no non-cancelling concurrency group.',
      'release.yml job "deploy" does not refuse, before `up`, a release older than production\'s.',
      'release.yml job "deploy" does not record the commit it deployed.',
      'release.yml job "deploy" has no non-cancelling concurrency group.',
    ]);
  });
});

describe("7. credentials outlive the job", () => {
  it("every role session lasts at least its job's timeout", () => {
    hasProblems(Object.entries(workflows).flatMap(([f, w]) => sessionProblems(f, w)));
  });
  it("the checker flags the one-hour default under a two-hour job, and a job without a timeout", () => {
    const wf = yaml(`
jobs:
  long:
    timeout-minutes: 120
    steps: [{ uses: aws-actions/configure-aws-credentials@v4, with: { role-to-assume: x } }]
  short:
    timeout-minutes: 120
    steps: [{ uses: aws-actions/configure-aws-credentials@v4, with: { role-duration-seconds: 3600 } }]
  untimed:
    steps: [{ uses: aws-actions/configure-aws-credentials@v4, with: { role-duration-seconds: 3600 } }]
  fine:
    timeout-minutes: 60
    steps: [{ uses: aws-actions/configure-aws-credentials@v4, with: { role-duration-seconds: 3600 } }]
`);
    assert.deepEqual(sessionProblems("r.yml", wf), [
      'r.yml job "long": role-duration-seconds (default 3600) is shorter than its 120-minute timeout.',
      'r.yml job "short": role-duration-seconds 3600 is shorter than its 120-minute timeout.',
      'r.yml job "untimed" assumes a role but has no timeout-minutes.',
    ]);
  });
});

describe("8. a deploy is done when its rollout is", () => {
  it("every `up` checks no rollout runs before, and waits for its own after", () => {
    hasProblems(Object.entries(workflows).flatMap(([f, w]) => rolloutProblems(f, w)));
  });
  it("the instance-refresh action waits while the refresh runs and fails unless it succeeds", () => {
    hasProblems(refreshActionProblems(refreshAction));
  });
  it("the checkers flag an `up` that does not watch its rollout, and an action that cannot fail", () => {
    const wf = yaml(`
jobs:
  deploy:
    steps:
      - id: up
        uses: pulumi/actions@v6
        with: { command: up, stack-name: prod }
      - uses: ${REFRESH_ACTION}
        with: { mode: wait, auto-scaling-group: "\${{ steps.other.outputs.autoScalingGroupName }}" }
`);
    assert.deepEqual(rolloutProblems("r.yml", wf), [
      'r.yml job "deploy" does not check, before `up`, that no rollout is in progress.',
      'r.yml job "deploy" waits on an auto-scaling group that is not its `up` step\'s output.',
    ]);
    const lax = yaml(`
runs:
  using: composite
  steps:
    - shell: bash
      run: |
        running='^(Pending|InProgress)$'
        aws autoscaling describe-instance-refreshes --auto-scaling-group-name "$ASG"
`);
    assert.deepEqual(refreshActionProblems(lax), [
      "does not keep waiting while Baking",
      "does not keep waiting while Cancelling",
      "does not keep waiting while RollbackInProgress",
      "does not treat Successful as done",
      "never fails",
    ]);
  });
});

describe("9. approvers see prod's preview first", () => {
  it("the prod deploy needs a prod preview in the run summary, outside the approval environments", () => {
    hasProblems(previewBeforeApprovalProblems(release, tierOf));
  });
  it("the checker flags a deploy without a preview, and a preview behind the approval", () => {
    const wf = (previewEnv: string): Json =>
      yaml(`
jobs:
  preview:
    environment: ${previewEnv}
    steps:
      - uses: pulumi/actions@v6
        with: { command: preview, stack-name: prod, comment-on-summary: true }
  deploy:
    needs: [preview]
    environment: production
    steps:
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: prod }
`);
    assert.deepEqual(previewBeforeApprovalProblems(wf("production-preview"), bareTiers), []);
    assert.deepEqual(previewBeforeApprovalProblems(wf("production"), bareTiers), [
      'release.yml job "deploy" changes "prod" without needing a preview of it in the run summary, run before the approval.',
    ]);
  });
});

describe("10. the deploy job verifies its approval", () => {
  it("the prod deploy reads this run's approvals for its environment, excluding the requester", () => {
    hasProblems(approvalProblems(release));
  });
  it("the checker flags an approval check that only runs on hotfixes (the old design)", () => {
    const wf = yaml(`
jobs:
  deploy:
    environment: production
    permissions: { actions: read }
    steps:
      - if: inputs.hotfix
        env: { ENVIRONMENT: production, REQUESTER: "\${{ github.actor }}" }
        run: gh api "repos/\${REPO}/actions/runs/\${RUN_ID}/approvals"
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: prod }
`);
    assert.deepEqual(approvalProblems(wf), [
      'release.yml job "deploy": the approval check must always run (it has if: inputs.hotfix).',
      'release.yml job "deploy": the approval check must not count the requester\'s own approval.',
    ]);
    const none = yaml(`
jobs:
  deploy:
    steps:
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: prod }
`);
    assert.deepEqual(approvalProblems(none), [
      'release.yml job "deploy" does not verify an approval before `up`.',
    ]);
  });
});

describe("11. one set of checks everywhere", () => {
  it("every workflow calls checks.yml, which runs .ci/run with PostgreSQL required", () => {
    hasProblems(checksProblems(workflows, CI_RUN));
  });
  it("checks.yml is the one in this repository", () => {
    assert.equal(job(checksWf, "checks").name, "checks");
  });
  it("the checker flags a workflow with its own test run and a .ci/run that would skip the database tests", () => {
    const all = {
      "checks.yml": yaml(`
on: { workflow_call: {} }
jobs: { checks: { runs-on: ubuntu-latest, steps: [{ run: .ci/run }] } }
`),
      "release.yml": yaml(`
jobs:
  checks:
    steps: [{ run: npm ci }, { run: npm test }]
  deploy:
    steps:
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: prod }
`),
    };
    assert.deepEqual(checksProblems(all, "npm ci\nnpm test\n"), [
      'checks.yml must run .ci/run where it expects to run: a Debian Node.js 20 container (e.g. "node:20-bookworm").',
      "release.yml: its checks job must be `uses: ./.github/workflows/checks.yml`.",
      'release.yml job "checks" runs the tests itself: call checks.yml instead.',
      'release.yml job "deploy" runs pulumi up without needing checks.',
      ".ci/run must start PostgreSQL and export SANITIZE_TEST_REQUIRED=1 before npm test.",
      ".ci/run does not run npm run check:runtime (every stack under Pulumi's own runner).",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// 12. Every preview and deploy runs the guardrails
// ---------------------------------------------------------------------------------------------

/**
 * Every `pulumi preview` and `pulumi up` runs the policy pack (policy/) with its stack's tier's
 * config, so a mandatory violation stops the run before anything changes. A matrix leg's config
 * is read from its own matrix entry.
 */
export function policyPackProblems(all: Record<string, Json>): string[] {
  const problems: string[] = [];
  for (const [file, workflow] of Object.entries(all)) {
    for (const found of pulumiSteps(workflow)) {
      if (found.command !== "preview" && found.command !== "up") continue;
      const w = record(found.step.with);
      const where = `${file} job "${found.jobId}"`;
      if (w.policyPacks !== PACK_DIR) {
        problems.push(
          `${where} runs pulumi ${found.command} without the policy pack (policyPacks: ${PACK_DIR}).`,
        );
        continue;
      }
      const value = String(w.policyPackConfigs ?? "");
      const include = (record(record(found.job.strategy).matrix).include ?? []) as Json[];
      for (const stack of found.stacks) {
        const config = /^\$\{\{\s*matrix\.policy_config\s*\}\}$/.test(value)
          ? String(record(include.find((e) => record(e).stack === stack)).policy_config ?? "")
          : value;
        const want = packConfigPath(tierOf(stack) as PolicyTier);
        if (config !== want) {
          problems.push(
            `${where}: ${stack} runs the policy pack with ${config || "no config"}, not its tier's ${want}.`,
          );
        }
      }
    }
  }
  return problems;
}

describe("12. every preview and deploy runs the guardrails", () => {
  it("each pulumi preview and up names the policy pack and its stack's tier config", () => {
    hasProblems(policyPackProblems(workflows));
  });
  it("the checker flags a step without the pack and a leg with another tier's config", () => {
    const all = {
      "x.yml": yaml(`
jobs:
  preview:
    strategy: { matrix: { include: [{ stack: dev, policy_config: policy/config/prod.json }] } }
    steps:
      - uses: pulumi/actions@v6
        with: { command: preview, stack-name: "\${{ matrix.stack }}", policyPacks: policy, policyPackConfigs: "\${{ matrix.policy_config }}" }
  deploy:
    steps:
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: prod }
`),
    };
    assert.deepEqual(policyPackProblems(all), [
      'x.yml job "preview": dev runs the policy pack with policy/config/prod.json, not its tier\'s policy/config/dev.json.',
      'x.yml job "deploy" runs pulumi up without the policy pack (policyPacks: policy).',
    ]);
  });
});

describe("pinned actions, pinned CLI, qualified stacks, configurable backend", () => {
  it("every action in a job holding id-token: write is pinned to a commit SHA with its version", () => {
    hasProblems(Object.entries(rawWorkflows).flatMap(([f, t]) => pinProblems(f, t)));
  });
  it("every pulumi step pins the CLI to the SDK, qualifies the stack and uses the configured backend", () => {
    hasProblems(
      Object.entries(workflows).flatMap(([f, w]) => pulumiStepProblems(f, w, SDK_VERSION, PROJECT)),
    );
  });
  it("the pin checker flags a tag, a short SHA and a SHA without its version", () => {
    const text = `
jobs:
  deploy:
    permissions: { id-token: write }
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@e6de054
      - uses: pulumi/actions@8e5e406f4007fca908480587cb9893c07090f58d
      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0
      - uses: ./.github/actions/local
`;
    assert.deepEqual(
      pinProblems("d.yml", text).map((p) => p.split('"')[3]),
      [
        "actions/checkout@v4",
        "aws-actions/configure-aws-credentials@e6de054",
        "pulumi/actions@8e5e406f4007fca908480587cb9893c07090f58d",
      ],
    );
  });
  it("the pulumi step checker flags an unpinned CLI, a bare stack name and the default backend", () => {
    const wf = yaml(`
jobs:
  deploy:
    steps:
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: prod }
        env: { PULUMI_ACCESS_TOKEN: "\${{ secrets.PULUMI_ACCESS_TOKEN }}" }
`);
    const install = yaml(`
jobs:
  drift:
    steps: [{ uses: pulumi/actions@v6 }]
`);
    assert.deepEqual(pulumiStepProblems("d.yml", install, "3.248.0", "infra"), [
      'd.yml job "drift" (install): pulumi-version (unpinned) is not the SDK\'s 3.248.0.',
    ]);
    assert.deepEqual(pulumiStepProblems("r.yml", wf, "3.248.0", "infra"), [
      'r.yml job "deploy" (up): pulumi-version (unpinned) is not the SDK\'s 3.248.0.',
      'r.yml job "deploy" (up): stack-name "prod" is not ${{ vars.PULUMI_ORG }}/infra/<stack>.',
      'r.yml job "deploy" (up): cloud-url must be ${{ vars.PULUMI_BACKEND_URL }}.',
      'r.yml job "deploy" (up): pass PULUMI_ACCESS_TOKEN and PULUMI_CONFIG_PASSPHRASE from secrets.',
    ]);
  });
});

describe("stack files the gates know", () => {
  it("every prod-tier stack is changed only behind the production environments", () => {
    for (const stack of STACKS.filter((s) => tierOf(s) === "prod")) {
      const ups = Object.values(workflows)
        .flatMap((w) => pulumiSteps(w))
        .filter((s) => CHANGES.has(s.command) && s.stacks.includes(stack));
      assert.ok(ups.length > 0, `nothing deploys ${stack}`);
      for (const up of ups)
        assert.deepEqual([...up.environments].sort(), [...PRODUCTION_ENVIRONMENTS].sort());
    }
  });
  it("the step helpers see every step", () => {
    assert.ok(stepText(steps(job(release, "deploy-prod"))[0] ?? {}).includes("actions/checkout@"));
  });
});

// ---------------------------------------------------------------------------------------------
// docs/promotion.md's gate table: every gate of the specification, and checkers that exist
// ---------------------------------------------------------------------------------------------

const CHECKERS: Record<string, unknown> = {
  prodFromPullRequestProblems,
  oidcSubjectProblems,
  dependabotProblems,
  hotfixProblems,
  stagingDeployedProblems,
  orderingProblems,
  sessionProblems,
  rolloutProblems,
  refreshActionProblems,
  previewBeforeApprovalProblems,
  approvalProblems,
  checksProblems,
  pinProblems,
  pulumiStepProblems,
  promotionProblems,
  policyPackProblems,
};
const BASE_CHECKERS = ["previewCoverageProblems", "productionDeployProblems"];

/** The gates of the specification's promotion rules and timeline, as its tables word them. */
const SPEC_GATES = [
  "Dev → Staging",
  "all tests pass",
  "code review",
  "automatic",
  "any time",
  "Staging → Prod",
  "QA sign-off",
  "E2E tests pass",
  "Platform team",
  "Mon-Thu 10am-2pm",
  "change ticket",
  "Hotfix → Prod",
  "critical bug",
  "CTO/VP Eng",
  "emergency only",
  "no skipping",
  "canary → 100 %",
  "health checks",
  "monitoring",
];

/** The rows of the table under "## Gates and what enforces them", as cells. */
export function gateTable(doc: string): string[][] {
  const section = doc.split("## Gates and what enforces them")[1]?.split("\n## ")[0] ?? "";
  return section
    .split("\n")
    .filter((l) => l.startsWith("|") && !/^\|\s*-/.test(l))
    .slice(1)
    .map((l) =>
      l
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

/** Spec gates the table does not name, and checkers it names that do not exist (or misses). */
export function gateTableProblems(doc: string, checkers: readonly string[]): string[] {
  const rows = gateTable(doc);
  const problems: string[] = [];
  if (rows.length === 0) return ['docs/promotion.md has no "Gates and what enforces them" table.'];
  const gates = rows.map((r) => (r[0] ?? "").toLowerCase()).join("\n");
  for (const gate of SPEC_GATES)
    if (!gates.includes(gate.toLowerCase())) problems.push(`The gate table does not list "${gate}".`);
  for (const [i, row] of rows.entries())
    if (row.length < 4 || !row[1] || !row[2])
      problems.push(`Gate table row ${i + 1} needs a mechanism and the setting it relies on.`);
  const named = new Set(
    rows.flatMap((r) => [...(r[3] ?? "").matchAll(/`(\w+Problems)`/g)].map((m) => m[1] as string)),
  );
  for (const name of [...named].sort())
    if (!checkers.includes(name) && !BASE_CHECKERS.includes(name))
      problems.push(`The gate table names ${name}, which no workflow test defines.`);
  for (const name of checkers) if (!named.has(name)) problems.push(`The gate table does not name ${name}.`);
  return problems;
}

describe("docs/promotion.md lists every gate, its mechanism, its setting and its checker", () => {
  const doc = readFileSync(path.join(ROOT, "docs", "promotion.md"), "utf8");
  it("the gate table covers the specification and names real checkers", () => {
    hasProblems(gateTableProblems(doc, Object.keys(CHECKERS)));
  });
  it("the checker flags a missing gate, an empty cell and an unknown checker", () => {
    const table = `## Gates and what enforces them

| Gate | Mechanism | Setting | Test |
| ---- | --------- | ------- | ---- |
| Dev → Staging: all tests pass | checks | ruleset | \`fooProblems\` |
| Hotfix → Prod | | | |
`;
    const problems = gateTableProblems(table, ["checksProblems"]);
    assert.ok(problems.includes('The gate table does not list "QA sign-off".'));
    assert.ok(problems.includes("Gate table row 2 needs a mechanism and the setting it relies on."));
    assert.ok(problems.includes("The gate table names fooProblems, which no workflow test defines."));
    assert.ok(problems.includes("The gate table does not name checksProblems."));
  });
});
