/**
 * The CI workflows are part of the promotion gates, so they are tested like code: every stack file
 * gets a preview, production is deployed only from release.yml behind the `production`
 * environment, and the pull-request checks need no secrets (fork PRs get none).
 *
 * The checkers below take parsed YAML, so each is also run on a small in-memory workflow that
 * breaks its rule: a checker that cannot fail proves nothing.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "../..");
const WORKFLOWS_DIR = path.join(ROOT, ".github", "workflows");

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function record(value: unknown): Json {
  return isRecord(value) ? value : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function loadWorkflow(file: string): Json {
  const parsed: unknown = parse(readFileSync(path.join(WORKFLOWS_DIR, file), "utf8"));
  assert.ok(isRecord(parsed), `${file} is not a YAML mapping`);
  return parsed;
}

function jobs(workflow: Json): Array<[string, Json]> {
  return Object.entries(record(workflow.jobs)).map(([id, job]) => [id, record(job)]);
}

function job(workflow: Json, id: string): Json {
  const found = record(workflow.jobs)[id];
  assert.ok(isRecord(found), `no job "${id}"`);
  return found;
}

function steps(j: Json): Json[] {
  return list(j.steps).map(record);
}

/** `environment: production` and `environment: { name: production }` both name "production". */
function environmentOf(j: Json): string | undefined {
  if (typeof j.environment === "string") return j.environment;
  const name = record(j.environment).name;
  return typeof name === "string" ? name : undefined;
}

// ---------------------------------------------------------------------------------------------
// Stack files
// ---------------------------------------------------------------------------------------------

/** Stack names from `Pulumi.<stack>.yaml` at the repo root (the project file Pulumi.yaml is not one). */
function stackFiles(root: string): string[] {
  return readdirSync(root)
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/** The stack's `infra:tier`; a stack file without one is taken to be the tier it is named after. */
function stackTier(root: string, stack: string): string {
  const file = readdirSync(root).find((f) => f === `Pulumi.${stack}.yaml` || f === `Pulumi.${stack}.yml`);
  const parsed: unknown = file ? parse(readFileSync(path.join(root, file), "utf8")) : undefined;
  const tier = record(record(parsed).config)["infra:tier"];
  return typeof tier === "string" ? tier : stack;
}

// ---------------------------------------------------------------------------------------------
// Pulumi steps and what they target
// ---------------------------------------------------------------------------------------------

/** The stacks a job's matrix runs: `matrix.stack` as a list and/or `matrix.include[].stack`. */
function matrixStacks(j: Json): string[] {
  const matrix = record(record(j.strategy).matrix);
  const stacks = list(matrix.stack).filter((s): s is string => typeof s === "string");
  for (const entry of list(matrix.include)) {
    const stack = record(entry).stack;
    if (typeof stack === "string") stacks.push(stack);
  }
  return [...new Set(stacks)];
}

interface PulumiStep {
  readonly jobId: string;
  readonly command: string;
  readonly stacks: readonly string[];
  readonly environment: string | undefined;
  readonly job: Json;
  readonly step: Json;
}

function pulumiSteps(workflow: Json): PulumiStep[] {
  const found: PulumiStep[] = [];
  for (const [jobId, j] of jobs(workflow)) {
    for (const step of steps(j)) {
      if (typeof step.uses !== "string" || !step.uses.startsWith("pulumi/actions@")) continue;
      const w = record(step.with);
      const stackName = String(w["stack-name"] ?? "");
      let stacks: string[];
      if (/^\$\{\{\s*matrix\.stack\s*\}\}$/.test(stackName)) stacks = matrixStacks(j);
      else if (!stackName.includes("${{")) stacks = [stackName];
      else
        throw new Error(
          `${jobId}: cannot tell which stack "${stackName}" names; use a literal or matrix.stack`,
        );
      found.push({
        jobId,
        command: String(w.command ?? ""),
        stacks,
        environment: environmentOf(j),
        job: j,
        step,
      });
    }
  }
  return found;
}

/**
 * What is wrong with preview coverage: stack files nobody previews on a pull request, and
 * previewed stacks that have no stack file (their preview could only fail).
 */
function previewCoverageProblems(stacks: readonly string[], prWorkflow: Json): string[] {
  const previewed = new Set(
    pulumiSteps(prWorkflow)
      .filter((s) => s.command === "preview")
      .flatMap((s) => s.stacks),
  );
  const problems: string[] = [];
  for (const stack of stacks) {
    if (!previewed.has(stack)) {
      problems.push(
        `Pulumi.${stack}.yaml has no pull-request preview: add "${stack}" to the preview matrix in .github/workflows/pull-request.yml.`,
      );
    }
  }
  for (const stack of [...previewed].sort()) {
    if (!stacks.includes(stack)) {
      problems.push(
        `The preview matrix in .github/workflows/pull-request.yml lists "${stack}", but there is no Pulumi.${stack}.yaml.`,
      );
    }
  }
  return problems;
}

/**
 * Every `up` of a prod-tier stack must come from release.yml and run in a job behind the
 * `production` environment; anything else could reach production without the approval gate.
 */
function productionDeployProblems(
  workflows: Readonly<Record<string, Json>>,
  tierOf: (stack: string) => string,
): string[] {
  const problems: string[] = [];
  for (const [file, workflow] of Object.entries(workflows)) {
    for (const step of pulumiSteps(workflow)) {
      if (step.command !== "up" && step.command !== "update" && step.command !== "destroy") continue;
      for (const stack of step.stacks) {
        if (tierOf(stack) !== "prod") continue;
        if (file !== "release.yml") {
          problems.push(
            `${file} job "${step.jobId}" runs "${step.command}" on prod-tier stack "${stack}"; only release.yml may.`,
          );
        } else if (step.environment !== "production") {
          problems.push(
            `${file} job "${step.jobId}" runs "${step.command}" on "${stack}" outside the production environment (environment: ${step.environment ?? "none"}).`,
          );
        }
      }
    }
  }
  return problems;
}

/** Paths of every value in a job that reads a secret, e.g. `steps[3].env.TOKEN`. */
function secretReferences(value: unknown, at = ""): string[] {
  // Only inside ${{ }} expressions: the word in a comment or a log line is not a secret.
  if (typeof value === "string") return /\$\{\{[^}]*\bsecrets\b/.test(value) ? [at || "(value)"] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretReferences(v, `${at}[${i}]`));
  if (isRecord(value)) {
    return Object.entries(value).flatMap(([k, v]) => [
      // `secrets: inherit` hands a called workflow every secret.
      ...(k === "secrets" ? [at ? `${at}.${k}` : k] : []),
      ...secretReferences(v, at ? `${at}.${k}` : k),
    ]);
  }
  return [];
}

/** The `run:` commands of a job, whitespace-normalised. */
function runCommands(j: Json): string[] {
  return steps(j)
    .map((s) => s.run)
    .filter((r): r is string => typeof r === "string")
    .map((r) => r.trim().replace(/\s+/g, " "));
}

// ---------------------------------------------------------------------------------------------
// The repository's workflows
// ---------------------------------------------------------------------------------------------

const WORKFLOW_FILES = ["pull-request.yml", "main.yml", "release.yml"] as const;
const workflows: Record<string, Json> = Object.fromEntries(WORKFLOW_FILES.map((f) => [f, loadWorkflow(f)]));
const pr = workflows["pull-request.yml"] as Json;
const mainWf = workflows["main.yml"] as Json;
const release = workflows["release.yml"] as Json;
const STACKS = stackFiles(ROOT);

/** What CI runs on every change (package.json scripts), in every workflow's checks job. */
const CHECK_COMMANDS = [
  "npm ci",
  "npm run lint",
  "npm run lint:workflows",
  "npm run typecheck",
  "npm test",
  "npm run plan:check",
  "npm run secrets:scan",
  "npm run policy:check",
  "npm run reports:check",
  "npm run local:check",
];

describe("stack coverage", () => {
  it("finds the stack files at the repo root", () => {
    assert.ok(STACKS.length > 0, `no Pulumi.<stack>.yaml found in ${ROOT}`);
  });

  it("previews every Pulumi.<stack>.yaml on pull requests, and nothing else", () => {
    const problems = previewCoverageProblems(STACKS, pr);
    assert.deepEqual(problems, [], problems.join("\n"));
  });

  it("deploys prod-tier stacks only from release.yml behind the production environment", () => {
    const problems = productionDeployProblems(workflows, (stack) => stackTier(ROOT, stack));
    assert.deepEqual(problems, [], problems.join("\n"));
  });

  it("the coverage checker names a stack file missing from the preview matrix", () => {
    const workflow = record(
      parse(`
jobs:
  preview:
    strategy:
      matrix:
        include:
          - { stack: dev }
          - { stack: staging }
    steps:
      - uses: pulumi/actions@v6
        with: { command: preview, stack-name: "\${{ matrix.stack }}" }
`),
    );
    assert.deepEqual(previewCoverageProblems(["dev", "perf", "prod", "staging"], workflow), [
      'Pulumi.perf.yaml has no pull-request preview: add "perf" to the preview matrix in .github/workflows/pull-request.yml.',
      'Pulumi.prod.yaml has no pull-request preview: add "prod" to the preview matrix in .github/workflows/pull-request.yml.',
    ]);
  });

  it("the coverage checker reads a plain matrix list and flags entries without a stack file", () => {
    const workflow = record(
      parse(`
jobs:
  preview:
    strategy: { matrix: { stack: [dev, qa] } }
    steps:
      - uses: pulumi/actions@v6
        with: { command: preview, stack-name: "\${{ matrix.stack }}" }
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: dev }
`),
    );
    assert.deepEqual(previewCoverageProblems(["dev"], workflow), [
      'The preview matrix in .github/workflows/pull-request.yml lists "qa", but there is no Pulumi.qa.yaml.',
    ]);
  });

  it("the production checker flags a prod up outside release.yml or outside the environment", () => {
    const deploy = (environment: string): Json =>
      record(
        parse(`
jobs:
  deploy:
    environment: ${environment}
    steps:
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: prod-eu }
`),
      );
    const tiers = (stack: string): string => (stack === "prod-eu" ? "prod" : "staging");
    assert.deepEqual(productionDeployProblems({ "main.yml": deploy("production") }, tiers), [
      'main.yml job "deploy" runs "up" on prod-tier stack "prod-eu"; only release.yml may.',
    ]);
    assert.deepEqual(productionDeployProblems({ "release.yml": deploy("staging") }, tiers), [
      'release.yml job "deploy" runs "up" on "prod-eu" outside the production environment (environment: staging).',
    ]);
    assert.deepEqual(productionDeployProblems({ "release.yml": deploy("{ name: production }") }, tiers), []);
  });
});

describe("pull-request.yml", () => {
  it("runs on pull_request, never pull_request_target (which would hand fork code our secrets)", () => {
    assert.deepEqual(Object.keys(record(pr.on)), ["pull_request"]);
  });

  it("checks: runs every CI check, then the offline diff of all stacks against the PR base", () => {
    const commands = runCommands(job(pr, "checks"));
    for (const command of CHECK_COMMANDS)
      assert.ok(commands.includes(command), `checks job does not run "${command}"`);
    assert.ok(
      commands.some((c) =>
        /^npm run diff -- --base "?origin\/(\$\{BASE_REF\}|\$\{\{ github\.base_ref \}\})"? --format markdown --out plan-diff\.md$/.test(
          c,
        ),
      ),
      `no plan diff against the PR base among: ${commands.join(" | ")}`,
    );
    const checkout = steps(job(pr, "checks")).find((s) => String(s.uses).startsWith("actions/checkout@"));
    assert.equal(record(checkout?.with)["fetch-depth"], 0, "the diff needs the base branch: fetch-depth 0");
  });

  it("checks: uses no secrets and no cloud credentials, so fork PRs run it", () => {
    const checks = job(pr, "checks");
    assert.deepEqual(secretReferences(checks), []);
    assert.equal(record(checks.permissions)["id-token"], undefined, "checks must not mint cloud credentials");
    assert.ok(!JSON.stringify(checks).includes("configure-aws-credentials"));
  });

  it("the secrets checker finds a secret wherever it hides", () => {
    const leaky = record(
      parse(`
steps:
  - run: echo hi
  - uses: some/action@v1
    with: { token: "\${{ secrets.DEPLOY_TOKEN }}" }
  - run: echo "\${{ secrets['OTHER'] }}"
    env: { A: "\${{ toJSON(secrets) }}" }
`),
    );
    assert.deepEqual(secretReferences(leaky), ["steps[1].with.token", "steps[2].run", "steps[2].env.A"]);
  });

  it("checks: posts ONE sticky comment found by the marker, and keeps the diff visible for forks", () => {
    const checks = job(pr, "checks");
    const text = JSON.stringify(checks);
    assert.ok(
      text.includes("<!-- infra-plan-diff -->"),
      "the comment step must find its comment by the marker",
    );
    assert.equal(record(checks.permissions)["pull-requests"], "write");
    const comment = steps(checks).find((s) => String(s.uses).startsWith("actions/github-script@"));
    assert.ok(comment, "no comment step");
    assert.match(String(comment["continue-on-error"]), /head\.repo\.full_name != github\.repository/);
    assert.ok(
      runCommands(checks).includes('cat plan-diff.md >> "$GITHUB_STEP_SUMMARY"'),
      "the diff must also go to the job summary",
    );
    assert.ok(steps(checks).some((s) => String(s.uses).startsWith("actions/upload-artifact@")));
  });

  it("preview: needs checks, skips forks, and previews with PR comments and diffs", () => {
    const preview = job(pr, "preview");
    assert.equal(preview.needs, "checks");
    assert.match(
      String(preview.if),
      /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/,
    );
    assert.equal(record(preview.permissions)["id-token"], "write");
    const pulumi = pulumiSteps(pr).filter((s) => s.jobId === "preview");
    assert.equal(pulumi.length, 1);
    assert.deepEqual(
      { ...record(pulumi[0]?.step.with), "stack-name": undefined },
      { command: "preview", "stack-name": undefined, "comment-on-pr": true, diff: true },
    );
    assert.ok(
      steps(preview).some((s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@")),
    );
  });

  it("never changes infrastructure", () => {
    assert.deepEqual(
      pulumiSteps(pr)
        .map((s) => s.command)
        .filter((c) => c !== "preview"),
      [],
    );
  });
});

describe("main.yml", () => {
  it("runs on push to main only", () => {
    assert.deepEqual(record(mainWf.on), { push: { branches: ["main"] } });
  });

  it("runs the same checks, then `up` on staging in the staging environment, one deploy at a time", () => {
    const commands = runCommands(job(mainWf, "checks"));
    for (const command of CHECK_COMMANDS)
      assert.ok(commands.includes(command), `checks job does not run "${command}"`);

    const ups = pulumiSteps(mainWf);
    assert.deepEqual(
      ups.map((s) => ({ job: s.jobId, command: s.command, stacks: s.stacks, environment: s.environment })),
      [{ job: "deploy-staging", command: "up", stacks: ["staging"], environment: "staging" }],
    );
    const deploy = job(mainWf, "deploy-staging");
    assert.equal(deploy.needs, "checks");
    assert.deepEqual(deploy.concurrency, { group: "pulumi-up-staging", "cancel-in-progress": false });
  });
});

describe("release.yml", () => {
  it("runs only on version tags and manual dispatch", () => {
    const on = record(release.on);
    assert.deepEqual(Object.keys(on).sort(), ["push", "workflow_dispatch"]);
    assert.deepEqual(record(on.push), { tags: ["v*.*.*"] });
  });

  it("offers the hotfix path as dispatch inputs", () => {
    const inputs = record(record(record(release.on).workflow_dispatch).inputs);
    assert.equal(record(inputs.hotfix).type, "boolean");
    assert.equal(record(inputs.hotfix).default, false);
    assert.equal(record(inputs.reason).type, "string");
  });

  it("runs the same checks, then `up` on prod behind the production environment, one deploy at a time", () => {
    const commands = runCommands(job(release, "checks"));
    for (const command of CHECK_COMMANDS)
      assert.ok(commands.includes(command), `checks job does not run "${command}"`);

    const ups = pulumiSteps(release);
    assert.deepEqual(
      ups.map((s) => ({ job: s.jobId, command: s.command, stacks: s.stacks, environment: s.environment })),
      [{ job: "deploy-prod", command: "up", stacks: ["prod"], environment: "production" }],
    );
    const deploy = job(release, "deploy-prod");
    assert.equal(deploy.needs, "checks");
    assert.deepEqual(deploy.concurrency, { group: "pulumi-up-prod", "cancel-in-progress": false });
  });

  it("hands the program a hotfix approval only on the hotfix path", () => {
    const deploy = job(release, "deploy-prod");
    const hotfixStep = steps(deploy).find((s) => s.id === "hotfix");
    assert.ok(hotfixStep, "no step with id: hotfix");
    assert.equal(hotfixStep.if, "inputs.hotfix");
    const up = pulumiSteps(release)[0];
    assert.deepEqual(
      {
        approver: record(up?.step.env).INFRA_HOTFIX_APPROVER,
        reason: record(up?.step.env).INFRA_HOTFIX_REASON,
      },
      {
        approver: "${{ steps.hotfix.outputs.approver }}",
        reason: "${{ steps.hotfix.outputs.reason }}",
      },
    );
    // Recorded for reviewers in the job summary, and nowhere else set for the program.
    assert.match(String(hotfixStep.run), /GITHUB_STEP_SUMMARY/);
    assert.deepEqual(
      jobs(release).flatMap(([id, j]) =>
        [j, ...steps(j)].flatMap((s) =>
          Object.keys(record(s.env))
            .filter((k) => k.startsWith("INFRA_HOTFIX_"))
            .map((k) => `${id}:${k}`),
        ),
      ),
      ["deploy-prod:INFRA_HOTFIX_APPROVER", "deploy-prod:INFRA_HOTFIX_REASON"],
    );
  });
});

describe("every workflow", () => {
  it("never cancels a running deploy, and names the stack in the concurrency group", () => {
    for (const [file, workflow] of Object.entries(workflows)) {
      for (const step of pulumiSteps(workflow).filter((s) => s.command === "up")) {
        const concurrency = record(step.job.concurrency);
        assert.equal(
          concurrency["cancel-in-progress"],
          false,
          `${file} ${step.jobId}: cancel-in-progress must be false`,
        );
        for (const stack of step.stacks) {
          assert.ok(
            String(concurrency.group).includes(stack),
            `${file} ${step.jobId}: group must name "${stack}"`,
          );
        }
      }
    }
  });

  it("starts from read-only permissions", () => {
    for (const [file, workflow] of Object.entries(workflows)) {
      assert.deepEqual(workflow.permissions, { contents: "read" }, file);
    }
  });
});
