/**
 * The drift workflow (.github/workflows/drift.yml) is the only thing that notices a console edit
 * or a resource changed by hand, so its structure is tested like the other workflows: it runs on
 * a schedule, covers every stack file with that stack's read-only preview role, runs
 * `pulumi preview --refresh --expect-no-changes` and nothing that could change a stack, and keeps
 * one issue per stack.
 *
 * Each checker takes parsed YAML and returns the problems it finds; each is also run on a small
 * in-memory workflow that breaks its rule, so none of them can pass by accident.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "../..");
const DRIFT_FILE = path.join(ROOT, ".github", "workflows", "drift.yml");

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const record = (value: unknown): Json => (isRecord(value) ? value : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const yaml = (text: string): Json => record(parse(text));

const jobs = (workflow: Json): Array<[string, Json]> =>
  Object.entries(record(workflow.jobs)).map(([id, job]) => [id, record(job)]);
const steps = (job: Json): Json[] => list(job.steps).map(record);
/** Every `run:` script of a job, continuation lines joined and whitespace normalised. */
const runScripts = (job: Json): string[] =>
  steps(job)
    .map((s) => s.run)
    .filter((r): r is string => typeof r === "string")
    .map((r) => r.replace(/\\\n/g, " ").replace(/[ \t]+/g, " "));

/** Stack names from `Pulumi.<stack>.yaml` at the repo root. */
function stackFiles(root: string): string[] {
  return readdirSync(root)
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/** The repository variable holding a stack's read-only preview role (docs/access.md, pull-request.yml). */
function previewRoleVar(stack: string): string {
  return `AWS_PREVIEW_ROLE_ARN_${stack.toUpperCase().replace(/-/g, "_")}`;
}

// ---------------------------------------------------------------------------------------------
// Checkers
// ---------------------------------------------------------------------------------------------

/** Runs on a schedule (and by hand); never on code events, which would hand PR code the roles. */
function triggerProblems(workflow: Json): string[] {
  const on = record(workflow.on);
  const problems: string[] = [];
  const crons = list(on.schedule).map((s) => record(s).cron);
  if (crons.length === 0 || !crons.every((c) => typeof c === "string" && c.trim().split(/\s+/).length === 5))
    problems.push("drift.yml must run on a schedule (on.schedule[].cron with five fields).");
  for (const event of Object.keys(on).filter((e) => e !== "schedule" && e !== "workflow_dispatch"))
    problems.push(`drift.yml must not run on "${event}": only schedule and workflow_dispatch.`);
  return problems;
}

/**
 * Every stack file is checked, with its own read-only preview role, and nothing else: a stack
 * missing here drifts unseen; a stack without a file could only fail.
 */
function coverageProblems(stacks: readonly string[], workflow: Json): string[] {
  const problems: string[] = [];
  const covered = new Map<string, unknown>();
  for (const [id, job] of jobs(workflow)) {
    const matrix = record(record(job.strategy).matrix);
    for (const entry of list(matrix.include).map(record)) {
      if (typeof entry.stack === "string") covered.set(entry.stack, entry.role_var);
    }
    if (covered.size > 0 && record(job.strategy)["fail-fast"] !== false)
      problems.push(
        `job "${id}": strategy.fail-fast must be false, so one stack's drift does not hide another's.`,
      );
    const credentials = steps(job).filter((s) =>
      String(s.uses).startsWith("aws-actions/configure-aws-credentials@"),
    );
    for (const step of credentials) {
      const role = String(record(step.with)["role-to-assume"] ?? "");
      if (!/^\$\{\{\s*vars\[matrix\.role_var\]\s*\}\}$/.test(role))
        problems.push(`job "${id}": role-to-assume must be \${{ vars[matrix.role_var] }}, got "${role}".`);
    }
  }
  for (const stack of stacks) {
    if (!covered.has(stack))
      problems.push(`Pulumi.${stack}.yaml is not checked for drift: add "${stack}" to the matrix.`);
    else if (covered.get(stack) !== previewRoleVar(stack))
      problems.push(
        `drift check of "${stack}" uses role_var ${String(covered.get(stack))}; expected its read-only preview role ${previewRoleVar(stack)}.`,
      );
  }
  for (const stack of [...covered.keys()].sort())
    if (!stacks.includes(stack))
      problems.push(`The drift matrix lists "${stack}", but there is no Pulumi.${stack}.yaml.`);
  return problems;
}

/** Pulumi commands that change a stack or its state; `preview --refresh` changes neither. */
const MUTATING = /\bpulumi\s+(up|update|refresh|destroy|import|state|cancel|stack\s+rm|config\s+set)\b/;

/** The check itself: a refreshed preview expecting no changes, of the matrix's stack, and nothing else. */
function commandProblems(workflow: Json): string[] {
  const problems: string[] = [];
  let previews = 0;
  for (const [id, job] of jobs(workflow)) {
    for (const step of steps(job)) {
      if (String(step.uses).startsWith("pulumi/actions@") && record(step.with).command !== undefined)
        problems.push(
          `job "${id}": pulumi/actions runs "${String(record(step.with).command)}"; it may only install the CLI.`,
        );
    }
    for (const script of runScripts(job)) {
      if (MUTATING.test(script))
        problems.push(`job "${id}" runs a command that changes a stack: ${MUTATING.exec(script)![0]}`);
      const preview = /\bpulumi\s+preview\b[^\n]*/.exec(script)?.[0];
      if (!preview) continue;
      previews += 1;
      for (const flag of ["--refresh", "--expect-no-changes"])
        if (!preview.split(/\s+/).includes(flag)) problems.push(`job "${id}": the preview lacks ${flag}.`);
      const stackArg = /--stack[ =]"?\$\{?(\w+)\}?"?/.exec(preview)?.[1];
      const step = steps(job).find((s) => typeof s.run === "string" && s.run.includes("pulumi preview"));
      if (!stackArg || !/^\$\{\{\s*matrix\.stack\s*\}\}$/.test(String(record(step?.env)[stackArg] ?? "")))
        problems.push(
          `job "${id}": the preview must target the matrix's stack (--stack "\${STACK}" with STACK: \${{ matrix.stack }}).`,
        );
    }
  }
  if (previews === 0) problems.push("no step runs pulumi preview.");
  return problems;
}

/** Read-only by default; the job may add only OIDC and issues, never contents or pull-requests write. */
function permissionProblems(workflow: Json): string[] {
  const problems: string[] = [];
  if (JSON.stringify(workflow.permissions) !== JSON.stringify({ contents: "read" }))
    problems.push(
      `top-level permissions must be { contents: read }, got ${JSON.stringify(workflow.permissions)}.`,
    );
  const allowed: Json = { contents: "read", "id-token": "write", issues: "write" };
  for (const [id, job] of jobs(workflow)) {
    for (const [scope, level] of Object.entries(record(job.permissions))) {
      if (allowed[scope] !== level && level !== "none" && level !== "read")
        problems.push(
          `job "${id}" asks for ${scope}: ${String(level)}; allowed: ${JSON.stringify(allowed)}.`,
        );
    }
    if (record(job.permissions)["issues"] !== "write")
      problems.push(`job "${id}" needs issues: write to report drift.`);
  }
  return problems;
}

/**
 * One issue per stack: found by a per-stack marker, updated in place, created only when missing,
 * fed by the preview's drift output and the preview's own text.
 */
function issueProblems(workflow: Json): string[] {
  const problems: string[] = [];
  for (const [id, job] of jobs(workflow)) {
    const all = steps(job);
    const previewIndex = all.findIndex((s) => typeof s.run === "string" && s.run.includes("pulumi preview"));
    const previewId = all[previewIndex]?.id;
    const scriptIndex = all.findIndex((s) => String(s.uses).startsWith("actions/github-script@"));
    if (scriptIndex < 0) {
      problems.push(`job "${id}": no actions/github-script step reports drift.`);
      continue;
    }
    const step = all[scriptIndex]!;
    const script = String(record(step.with).script ?? "");
    if (scriptIndex < previewIndex) problems.push(`job "${id}": the issue step runs before the preview.`);
    if (
      typeof previewId !== "string" ||
      !String(record(step.env).DRIFT ?? "").includes(`steps.${previewId}.outputs.drift`)
    )
      problems.push(`job "${id}": the issue step must read the preview step's drift output (env DRIFT).`);
    if (!/^\$\{\{\s*matrix\.stack\s*\}\}$/.test(String(record(step.env).STACK ?? "")))
      problems.push(`job "${id}": the issue step must know the stack (env STACK: \${{ matrix.stack }}).`);
    if (!/infra-drift:\$\{stack\}/.test(script))
      problems.push(`job "${id}": the issue is not found by a per-stack marker.`);
    for (const call of ["issues.update", "issues.create", "preview.txt"])
      if (!script.includes(call)) problems.push(`job "${id}": the issue script never uses ${call}.`);
    // A preview that failed for another reason must fail the job, not be reported as drift.
    if (/always\(\)|failure\(\)/.test(String(step.if ?? "")))
      problems.push(
        `job "${id}": the issue step must not run after a failed preview (if: ${String(step.if)}).`,
      );
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The repository's drift workflow
// ---------------------------------------------------------------------------------------------

const drift = yaml(readFileSync(DRIFT_FILE, "utf8"));
const STACKS = stackFiles(ROOT);

describe("drift.yml", () => {
  it("runs on a schedule and by hand, never on code events", () => {
    assert.deepEqual(triggerProblems(drift), []);
  });

  it("checks every Pulumi.<stack>.yaml with its read-only preview role", () => {
    assert.ok(STACKS.length > 0);
    assert.deepEqual(coverageProblems(STACKS, drift), []);
  });

  it("runs pulumi preview --refresh --expect-no-changes on the matrix's stack, and nothing that changes a stack", () => {
    assert.deepEqual(commandProblems(drift), []);
  });

  it("is read-only except for OIDC and its issues", () => {
    assert.deepEqual(permissionProblems(drift), []);
  });

  it("keeps one issue per stack, fed by the preview", () => {
    assert.deepEqual(issueProblems(drift), []);
  });

  it("tells drift apart from a failed preview by the CLI's own message", () => {
    const run = String(steps(record(record(drift.jobs).drift)).find((s) => s.id === "preview")?.run);
    const pattern = /grep -Eq "([^"]+)"/.exec(run)?.[1];
    assert.ok(pattern, "no grep for the expect-no-changes message");
    const re = new RegExp(pattern);
    // Both wordings the Pulumi CLI has used (pkg/cmd/pulumi preview and up).
    assert.ok(re.test("error: no changes were expected but changes were proposed"));
    assert.ok(re.test("error: no changes were expected but changes occurred"));
    assert.ok(!re.test("error: failed to load credentials"));
  });
});

describe("drift workflow checkers fail on a broken workflow", () => {
  it("trigger: a push trigger, or no schedule", () => {
    assert.deepEqual(triggerProblems(yaml(`on: { push: { branches: [main] } }`)), [
      "drift.yml must run on a schedule (on.schedule[].cron with five fields).",
      'drift.yml must not run on "push": only schedule and workflow_dispatch.',
    ]);
  });

  it("coverage: a missing stack, a deploy role, a stack without a file, fail-fast left on", () => {
    const wf = yaml(`
jobs:
  drift:
    strategy:
      matrix:
        include:
          - { stack: dev, role_var: AWS_PREVIEW_ROLE_ARN_DEV }
          - { stack: staging, role_var: AWS_DEPLOY_ROLE_ARN }
          - { stack: qa, role_var: AWS_PREVIEW_ROLE_ARN_QA }
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with: { role-to-assume: "\${{ vars.AWS_DEPLOY_ROLE_ARN }}" }
`);
    assert.deepEqual(coverageProblems(["dev", "prod", "staging"], wf), [
      "job \"drift\": strategy.fail-fast must be false, so one stack's drift does not hide another's.",
      'job "drift": role-to-assume must be ${{ vars[matrix.role_var] }}, got "${{ vars.AWS_DEPLOY_ROLE_ARN }}".',
      'Pulumi.prod.yaml is not checked for drift: add "prod" to the matrix.',
      'drift check of "staging" uses role_var AWS_DEPLOY_ROLE_ARN; expected its read-only preview role AWS_PREVIEW_ROLE_ARN_STAGING.',
      'The drift matrix lists "qa", but there is no Pulumi.qa.yaml.',
    ]);
  });

  it("command: a preview without the flags, a fixed stack, an up, a refresh, an action running a command", () => {
    const wf = yaml(`
jobs:
  drift:
    steps:
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: prod }
      - run: pulumi preview --stack prod
      - run: |
          pulumi refresh --yes \\
            --stack dev
`);
    assert.deepEqual(commandProblems(wf), [
      'job "drift": pulumi/actions runs "up"; it may only install the CLI.',
      'job "drift": the preview lacks --refresh.',
      'job "drift": the preview lacks --expect-no-changes.',
      'job "drift": the preview must target the matrix\'s stack (--stack "${STACK}" with STACK: ${{ matrix.stack }}).',
      'job "drift" runs a command that changes a stack: pulumi refresh',
    ]);
    assert.deepEqual(commandProblems(yaml(`jobs: { drift: { steps: [ { run: echo } ] } }`)), [
      "no step runs pulumi preview.",
    ]);
  });

  it("permissions: write-all at the top, contents write in the job, no issues write", () => {
    const wf = yaml(`
permissions: write-all
jobs:
  drift:
    permissions: { contents: write, id-token: write }
`);
    assert.deepEqual(permissionProblems(wf), [
      'top-level permissions must be { contents: read }, got "write-all".',
      'job "drift" asks for contents: write; allowed: {"contents":"read","id-token":"write","issues":"write"}.',
      'job "drift" needs issues: write to report drift.',
    ]);
  });

  it("issue: no reporting step at all, or one that always runs and opens a new issue every time", () => {
    assert.deepEqual(issueProblems(yaml(`jobs: { drift: { steps: [ { run: pulumi preview } ] } }`)), [
      'job "drift": no actions/github-script step reports drift.',
    ]);
    const wf = yaml(`
jobs:
  drift:
    steps:
      - id: preview
        run: pulumi preview --refresh --expect-no-changes
      - uses: actions/github-script@v7
        if: always()
        env: { STACK: prod }
        with:
          script: 'github.rest.issues.create({ title: "drift" })'
`);
    assert.deepEqual(issueProblems(wf), [
      'job "drift": the issue step must read the preview step\'s drift output (env DRIFT).',
      'job "drift": the issue step must know the stack (env STACK: ${{ matrix.stack }}).',
      'job "drift": the issue is not found by a per-stack marker.',
      'job "drift": the issue script never uses issues.update.',
      'job "drift": the issue script never uses preview.txt.',
      'job "drift": the issue step must not run after a failed preview (if: always()).',
    ]);
  });
});
