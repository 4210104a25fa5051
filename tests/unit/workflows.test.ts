/**
 * The CI workflows are part of the promotion gates, so they are tested like code: every stack file
 * gets a preview (non-prod stacks on pull requests, prod-tier stacks in release.yml before the
 * approval), production is deployed only from release.yml behind its environments, and the checks
 * need no secrets (fork PRs get none). The gates added for issue 18 are in
 * workflows-gates.test.ts; the repository settings they rely on in workflows-settings.test.ts.
 *
 * The checkers below take parsed YAML, so each is also run on a small in-memory workflow that
 * breaks its rule: a checker that cannot fail proves nothing.
 *
 * The helpers are exported for the other workflows*.test.ts files.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export const ROOT = path.resolve(__dirname, "../..");
export const WORKFLOWS_DIR = path.join(ROOT, ".github", "workflows");

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function record(value: unknown): Json {
  return isRecord(value) ? value : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Parses YAML text into a mapping (an in-memory workflow in the checker tests). */
export function yaml(text: string): Json {
  return record(parse(text));
}

export function loadWorkflow(file: string): Json {
  const parsed: unknown = parse(readFileSync(path.join(WORKFLOWS_DIR, file), "utf8"));
  assert.ok(isRecord(parsed), `${file} is not a YAML mapping`);
  return parsed;
}

export function jobs(workflow: Json): Array<[string, Json]> {
  return Object.entries(record(workflow.jobs)).map(([id, job]) => [id, record(job)]);
}

export function job(workflow: Json, id: string): Json {
  const found = record(workflow.jobs)[id];
  assert.ok(isRecord(found), `no job "${id}"`);
  return found;
}

export function steps(j: Json): Json[] {
  return list(j.steps).map(record);
}

/** A job's `needs`, always as a list. */
export function needsOf(j: Json): string[] {
  if (typeof j.needs === "string") return [j.needs];
  return list(j.needs).filter((n): n is string => typeof n === "string");
}

/** The stacks a job's matrix runs: `matrix.stack` as a list and/or `matrix.include[].stack`. */
export function matrixStacks(j: Json): string[] {
  return matrixValues(j, "stack");
}

/** The job's `environment:` as written: a string, or the `name` of the mapping form. */
export function environmentText(j: Json): string | undefined {
  if (typeof j.environment === "string") return j.environment;
  const name = record(j.environment).name;
  return typeof name === "string" ? name : undefined;
}

/** The values a matrix key takes: `matrix.<key>` as a list and/or `matrix.include[].<key>`. */
export function matrixValues(j: Json, key: string): string[] {
  const matrix = record(record(j.strategy).matrix);
  const values = list(matrix[key]).filter((s): s is string => typeof s === "string");
  for (const entry of list(matrix.include)) {
    const value = record(entry)[key];
    if (typeof value === "string") values.push(value);
  }
  return [...new Set(values)];
}

/**
 * Every environment a job can run in: a literal name; `preview-${{ matrix.stack }}` or
 * `${{ matrix.environment }}` expanded over the matrix; or the quoted names of an expression such
 * as `${{ inputs.hotfix && 'production-hotfix' || 'production' }}`.
 */
export function environmentsOf(j: Json): string[] {
  const text = environmentText(j);
  if (text === undefined) return [];
  const matrixRef = /\$\{\{\s*matrix\.([\w-]+)\s*\}\}/;
  const key = matrixRef.exec(text)?.[1];
  if (key) return matrixValues(j, key).map((value) => text.replace(matrixRef, value));
  if (!text.includes("${{")) return [text];
  return [...text.matchAll(/'([^']+)'/g)].map((m) => m[1] as string);
}

// ---------------------------------------------------------------------------------------------
// Stack files
// ---------------------------------------------------------------------------------------------

/** Stack names from `Pulumi.<stack>.yaml` at the repo root (the project file Pulumi.yaml is not one). */
export function stackFiles(root: string): string[] {
  return readdirSync(root)
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/** The stack's `infra:tier`; a stack file without one is taken to be the tier it is named after. */
export function stackTier(root: string, stack: string): string {
  const file = readdirSync(root).find((f) => f === `Pulumi.${stack}.yaml` || f === `Pulumi.${stack}.yml`);
  const parsed: unknown = file ? parse(readFileSync(path.join(root, file), "utf8")) : undefined;
  const tier = record(record(parsed).config)["infra:tier"];
  return typeof tier === "string" ? tier : stack;
}

// ---------------------------------------------------------------------------------------------
// Pulumi steps and what they target
// ---------------------------------------------------------------------------------------------

export interface PulumiStep {
  readonly jobId: string;
  readonly command: string;
  readonly stacks: readonly string[];
  /** The stack-name as written, e.g. `${{ vars.PULUMI_ORG }}/infra/prod`. */
  readonly stackName: string;
  readonly environments: readonly string[];
  readonly job: Json;
  readonly step: Json;
  /** The step's index in its job. */
  readonly index: number;
}

const QUALIFIED = /^\$\{\{\s*vars\.PULUMI_ORG\s*\}\}\/[A-Za-z0-9_.-]+\/(.+)$/;

/** Every pulumi/actions step, including those that only install the CLI (no command). */
export function pulumiActionSteps(workflow: Json): Array<[string, Json]> {
  return jobs(workflow).flatMap(([jobId, j]) =>
    steps(j)
      .filter((s) => typeof s.uses === "string" && s.uses.startsWith("pulumi/actions@"))
      .map((s): [string, Json] => [jobId, s]),
  );
}

/**
 * The pulumi/actions steps of a workflow that run a command. The stack is the last segment of
 * stack-name: a literal or `${{ matrix.stack }}`, bare or qualified as
 * `${{ vars.PULUMI_ORG }}/<project>/<stack>`.
 */
export function pulumiSteps(workflow: Json): PulumiStep[] {
  const found: PulumiStep[] = [];
  for (const [jobId, j] of jobs(workflow)) {
    steps(j).forEach((step, index) => {
      if (typeof step.uses !== "string" || !step.uses.startsWith("pulumi/actions@")) return;
      const w = record(step.with);
      if (w.command === undefined) return;
      const stackName = String(w["stack-name"] ?? "");
      const stackPart = QUALIFIED.exec(stackName)?.[1] ?? stackName;
      let stacks: string[];
      if (/^\$\{\{\s*matrix\.stack\s*\}\}$/.test(stackPart)) stacks = matrixStacks(j);
      else if (!stackPart.includes("${{")) stacks = [stackPart];
      else
        throw new Error(
          `${jobId}: cannot tell which stack "${stackName}" names; use a literal or matrix.stack`,
        );
      found.push({
        jobId,
        command: String(w.command ?? ""),
        stacks,
        stackName,
        environments: environmentsOf(j),
        job: j,
        step,
        index,
      });
    });
  }
  return found;
}

export const CHANGES = new Set(["up", "update", "destroy", "refresh"]);

/** Environments a prod-tier stack may be changed from: the release and the hotfix path. */
export const PRODUCTION_ENVIRONMENTS = ["production", "production-hotfix"];

/**
 * Preview coverage: every stack that is not prod-tier is previewed on pull requests; every
 * prod-tier stack is previewed in release.yml (never on a pull request: see
 * workflows-gates.test.ts); nothing previewed lacks a stack file.
 */
export function previewCoverageProblems(
  stacks: readonly string[],
  tierOf: (stack: string) => string,
  prWorkflow: Json,
  releaseWorkflow: Json,
): string[] {
  const previewedIn = (workflow: Json): Set<string> =>
    new Set(
      pulumiSteps(workflow)
        .filter((s) => s.command === "preview")
        .flatMap((s) => s.stacks),
    );
  const onPr = previewedIn(prWorkflow);
  const onRelease = previewedIn(releaseWorkflow);
  const problems: string[] = [];
  for (const stack of stacks) {
    if (tierOf(stack) === "prod") {
      if (!onRelease.has(stack))
        problems.push(
          `Pulumi.${stack}.yaml (prod tier) has no preview in release.yml: add one before the deploy job.`,
        );
    } else if (!onPr.has(stack)) {
      problems.push(
        `Pulumi.${stack}.yaml has no pull-request preview: add "${stack}" to the preview matrix in .github/workflows/pull-request.yml.`,
      );
    }
  }
  for (const stack of [...new Set([...onPr, ...onRelease])].sort()) {
    if (!stacks.includes(stack)) {
      problems.push(`A workflow previews "${stack}", but there is no Pulumi.${stack}.yaml.`);
    }
  }
  return problems;
}

/**
 * Every change of a prod-tier stack must come from release.yml and run in a job behind the
 * `production` or `production-hotfix` environment; anything else could reach production without
 * an approval gate.
 */
export function productionDeployProblems(
  workflows: Readonly<Record<string, Json>>,
  tierOf: (stack: string) => string,
): string[] {
  const problems: string[] = [];
  for (const [file, workflow] of Object.entries(workflows)) {
    for (const step of pulumiSteps(workflow)) {
      if (!CHANGES.has(step.command)) continue;
      for (const stack of step.stacks) {
        if (tierOf(stack) !== "prod") continue;
        if (file !== "release.yml") {
          problems.push(
            `${file} job "${step.jobId}" runs "${step.command}" on prod-tier stack "${stack}"; only release.yml may.`,
          );
        } else if (
          step.environments.length === 0 ||
          step.environments.some((e) => !PRODUCTION_ENVIRONMENTS.includes(e))
        ) {
          problems.push(
            `${file} job "${step.jobId}" runs "${step.command}" on "${stack}" outside the production environments (environment: ${step.environments.join(", ") || "none"}).`,
          );
        }
      }
    }
  }
  return problems;
}

/** Paths of every value in a job that reads a secret, e.g. `steps[3].env.TOKEN`. */
export function secretReferences(value: unknown, at = ""): string[] {
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
export function runCommands(j: Json): string[] {
  return steps(j)
    .map((s) => s.run)
    .filter((r): r is string => typeof r === "string")
    .map((r) => r.trim().replace(/\s+/g, " "));
}

// ---------------------------------------------------------------------------------------------
// The repository's workflows
// ---------------------------------------------------------------------------------------------

/** Every workflow, drift.yml included: tests/ci/drift-workflow.test.ts tests what it does, these what it may hold. */
export const WORKFLOW_FILES = [
  "pull-request.yml",
  "main.yml",
  "release.yml",
  "checks.yml",
  "drift.yml",
] as const;
export const workflows: Record<string, Json> = Object.fromEntries(
  WORKFLOW_FILES.map((f) => [f, loadWorkflow(f)]),
);
export const pr = workflows["pull-request.yml"] as Json;
export const mainWf = workflows["main.yml"] as Json;
export const release = workflows["release.yml"] as Json;
export const checksWf = workflows["checks.yml"] as Json;
export const STACKS = stackFiles(ROOT);
export const tierOf = (stack: string): string => stackTier(ROOT, stack);

describe("workflow files", () => {
  it("every workflow in .github/workflows is one these tests know", () => {
    const present = readdirSync(WORKFLOWS_DIR)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
    assert.deepEqual(present, [...WORKFLOW_FILES].sort());
  });
});

describe("stack coverage", () => {
  it("finds the stack files at the repo root", () => {
    assert.ok(STACKS.length > 0, `no Pulumi.<stack>.yaml found in ${ROOT}`);
  });

  it("previews every non-prod stack on pull requests and every prod-tier stack in release.yml", () => {
    const problems = previewCoverageProblems(STACKS, tierOf, pr, release);
    assert.deepEqual(problems, [], problems.join("\n"));
  });

  it("changes prod-tier stacks only from release.yml behind the production environments", () => {
    const problems = productionDeployProblems(workflows, tierOf);
    assert.deepEqual(problems, [], problems.join("\n"));
  });

  it("the coverage checker names a stack file missing from either preview", () => {
    const previews = (stacks: string): Json =>
      yaml(`
jobs:
  preview:
    strategy: { matrix: { stack: [${stacks}] } }
    steps:
      - uses: pulumi/actions@v6
        with: { command: preview, stack-name: "\${{ vars.PULUMI_ORG }}/infra/\${{ matrix.stack }}" }
`);
    const tiers = (stack: string): string => (stack.startsWith("prod") ? "prod" : "dev");
    assert.deepEqual(
      previewCoverageProblems(["dev", "perf", "prod"], tiers, previews("dev"), previews("qa")),
      [
        'Pulumi.perf.yaml has no pull-request preview: add "perf" to the preview matrix in .github/workflows/pull-request.yml.',
        "Pulumi.prod.yaml (prod tier) has no preview in release.yml: add one before the deploy job.",
        'A workflow previews "qa", but there is no Pulumi.qa.yaml.',
      ],
    );
  });

  it("the production checker flags a prod change outside release.yml or outside its environments", () => {
    const deploy = (environment: string): Json =>
      yaml(`
jobs:
  deploy:
    environment: ${environment}
    steps:
      - uses: pulumi/actions@v6
        with: { command: up, stack-name: prod-eu }
`);
    const tiers = (stack: string): string => (stack === "prod-eu" ? "prod" : "staging");
    assert.deepEqual(productionDeployProblems({ "main.yml": deploy("production") }, tiers), [
      'main.yml job "deploy" runs "up" on prod-tier stack "prod-eu"; only release.yml may.',
    ]);
    assert.deepEqual(productionDeployProblems({ "release.yml": deploy("staging") }, tiers), [
      'release.yml job "deploy" runs "up" on "prod-eu" outside the production environments (environment: staging).',
    ]);
    assert.deepEqual(
      productionDeployProblems(
        { "release.yml": deploy(`"\${{ inputs.x && 'sandbox' || 'production' }}"`) },
        tiers,
      ),
      [
        'release.yml job "deploy" runs "up" on "prod-eu" outside the production environments (environment: sandbox, production).',
      ],
    );
    assert.deepEqual(productionDeployProblems({ "release.yml": deploy("{ name: production }") }, tiers), []);
    assert.deepEqual(
      productionDeployProblems(
        { "release.yml": deploy(`"\${{ inputs.hotfix && 'production-hotfix' || 'production' }}"`) },
        tiers,
      ),
      [],
    );
  });
});

describe("pull-request.yml", () => {
  it("runs on pull_request, never pull_request_target (which would hand fork code our secrets)", () => {
    assert.deepEqual(Object.keys(record(pr.on)), ["pull_request"]);
  });

  it("plan diff: the offline diff of all stacks against the PR base", () => {
    const commands = runCommands(job(pr, "plan-diff"));
    assert.ok(commands.includes("npm ci"));
    assert.ok(
      commands.some((c) =>
        /^npm run diff -- --base "?origin\/(\$\{BASE_REF\}|\$\{\{ github\.base_ref \}\})"? --format markdown --out plan-diff\.md$/.test(
          c,
        ),
      ),
      `no plan diff against the PR base among: ${commands.join(" | ")}`,
    );
    const checkout = steps(job(pr, "plan-diff")).find((s) => String(s.uses).startsWith("actions/checkout@"));
    assert.equal(record(checkout?.with)["fetch-depth"], 0, "the diff needs the base branch: fetch-depth 0");
  });

  it("checks and plan diff use no secrets and no cloud credentials, so fork PRs run them", () => {
    for (const id of ["checks", "plan-diff"]) {
      const j = job(pr, id);
      assert.deepEqual(secretReferences(j), [], id);
      assert.equal(record(j.permissions)["id-token"], undefined, `${id} must not mint cloud credentials`);
      assert.ok(!JSON.stringify(j).includes("configure-aws-credentials"), id);
    }
    const checks = job(checksWf, "checks");
    assert.deepEqual(secretReferences(checks), []);
    assert.equal(record(checks.permissions)["id-token"], undefined);
  });

  it("the secrets checker finds a secret wherever it hides", () => {
    const leaky = yaml(`
steps:
  - run: echo hi
  - uses: some/action@v1
    with: { token: "\${{ secrets.DEPLOY_TOKEN }}" }
  - run: echo "\${{ secrets['OTHER'] }}"
    env: { A: "\${{ toJSON(secrets) }}" }
`);
    assert.deepEqual(secretReferences(leaky), ["steps[1].with.token", "steps[2].run", "steps[2].env.A"]);
  });

  it("plan diff: posts ONE sticky comment found by the marker, and keeps the diff visible for forks", () => {
    const diff = job(pr, "plan-diff");
    assert.ok(
      JSON.stringify(diff).includes("<!-- infra-plan-diff -->"),
      "the comment must be found by its marker",
    );
    assert.equal(record(diff.permissions)["pull-requests"], "write");
    const comment = steps(diff).find((s) => String(s.uses).startsWith("actions/github-script@"));
    assert.ok(comment, "no comment step");
    assert.match(String(comment["continue-on-error"]), /head\.repo\.full_name != github\.repository/);
    assert.ok(
      runCommands(diff).includes('cat plan-diff.md >> "$GITHUB_STEP_SUMMARY"'),
      "the diff must also go to the job summary",
    );
    assert.ok(steps(diff).some((s) => String(s.uses).startsWith("actions/upload-artifact@")));
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
    const w = record(pulumi[0]?.step.with);
    assert.deepEqual(
      { command: w.command, "comment-on-pr": w["comment-on-pr"], diff: w.diff },
      { command: "preview", "comment-on-pr": true, diff: true },
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

  it("runs the shared checks, then `up` on staging in the staging environment, one deploy at a time", () => {
    const ups = pulumiSteps(mainWf).filter((s) => CHANGES.has(s.command));
    assert.deepEqual(
      ups.map((s) => ({ job: s.jobId, command: s.command, stacks: s.stacks, environments: s.environments })),
      [{ job: "deploy-staging", command: "up", stacks: ["staging"], environments: ["staging"] }],
    );
    const deploy = job(mainWf, "deploy-staging");
    assert.equal(deploy.needs, "checks");
    assert.deepEqual(deploy.concurrency, { group: "pulumi-up-staging", "cancel-in-progress": false });
  });
});

describe("release.yml", () => {
  it("runs only by manual dispatch (from main), with the ref to release as an input", () => {
    const on = record(release.on);
    assert.deepEqual(Object.keys(on), ["workflow_dispatch"]);
    const inputs = record(record(on.workflow_dispatch).inputs);
    assert.equal(record(inputs.ref).required, true);
  });

  it("offers the hotfix path and rollback as dispatch inputs", () => {
    const inputs = record(record(record(release.on).workflow_dispatch).inputs);
    assert.equal(record(inputs.hotfix).type, "boolean");
    assert.equal(record(inputs.hotfix).default, false);
    assert.equal(record(inputs.reason).type, "string");
    assert.equal(record(inputs.rollback).type, "boolean");
    assert.equal(record(inputs.rollback).default, false);
  });

  it("runs the shared checks, then `up` on prod behind the production environments, one deploy at a time", () => {
    const ups = pulumiSteps(release).filter((s) => CHANGES.has(s.command));
    assert.deepEqual(
      ups.map((s) => ({ job: s.jobId, command: s.command, stacks: s.stacks, environments: s.environments })),
      [
        {
          job: "deploy-prod",
          command: "up",
          stacks: ["prod"],
          environments: ["production-hotfix", "production"],
        },
      ],
    );
    const deploy = job(release, "deploy-prod");
    assert.ok(needsOf(deploy).includes("checks"));
    assert.deepEqual(deploy.concurrency, { group: "pulumi-up-prod", "cancel-in-progress": false });
  });

  it("hands the program a hotfix approval only on the hotfix path, from the verified approval", () => {
    const up = pulumiSteps(release).find((s) => s.command === "up");
    assert.deepEqual(
      {
        approver: record(up?.step.env).INFRA_HOTFIX_APPROVER,
        reason: record(up?.step.env).INFRA_HOTFIX_REASON,
      },
      {
        approver: "${{ inputs.hotfix && steps.approval.outputs.approver || '' }}",
        reason: "${{ inputs.hotfix && needs.gate.outputs.reason || '' }}",
      },
    );
    // Set for the program nowhere else.
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
      for (const step of pulumiSteps(workflow).filter((s) => CHANGES.has(s.command))) {
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
