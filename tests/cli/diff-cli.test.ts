/**
 * The diff CLI on plan files in a temp dir and on a throwaway git repo. A few cases spawn the real
 * `infra` command (scripts/infra.js, the package's bin: exit codes, stdout/stderr, git); the other
 * argument paths call `runInfra` in-process, because every spawn pays the command's start-up.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { runInfra } from "../../src/cli";
import { type Plan, PLAN_FORMAT_VERSION } from "../../src/model/plan";
import { BUCKET, DB, plan, VPC, type PlanSpec } from "../support/plan-builders";

/** The `infra` command as a user runs it (package.json "bin"): it keeps its compiled bundle fresh. */
const INFRA = path.resolve(__dirname, "../../scripts/infra.js");

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runDiff(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [INFRA, "diff", ...args], { cwd }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
  });
}

async function runInProcess(args: readonly string[], cwd: string): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runInfra(["diff", ...args], {
    cwd,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

/** A user mistake: exit 2 and exactly one line on stderr, no stack trace. */
function assertUsageError(run: Run, message: RegExp): void {
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /^diff: [^\n]+\n$/);
  assert.match(run.stderr, message);
}

function writePlan(file: string, p: Plan): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(p, null, 2)}\n`);
}

const devBefore: PlanSpec = {
  stack: "dev",
  resources: [
    { type: VPC, name: "dev-vpc", inputs: { cidrBlock: "10.0.0.0/16", tags: { Environment: "dev" } } },
    { type: BUCKET, name: "dev-logs" },
  ],
};
const devAfter: PlanSpec = {
  stack: "dev",
  resources: [
    { type: VPC, name: "dev-vpc", inputs: { cidrBlock: "10.9.0.0/16", tags: { Environment: "dev" } } },
  ],
};

let dir: string;
let repo: string;

function git(...args: string[]): void {
  execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], {
    cwd: repo,
    stdio: "ignore",
  });
}

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), "plan-diff-cli-"));
  writePlan(path.join(dir, "before.plan.json"), plan(devBefore));
  writePlan(path.join(dir, "after.plan.json"), plan(devAfter));
  writeFileSync(path.join(dir, "not-a-plan.json"), '{"hello": "world"}\n');
  writePlan(path.join(dir, "v99.plan.json"), { ...plan(devAfter), formatVersion: 99 });

  // A repo whose last commit has dev and prod plans; the working tree then changes dev, deletes
  // prod's plan and adds staging's.
  repo = path.join(dir, "repo");
  mkdirSync(repo);
  git("init", "-q");
  for (const stack of ["dev", "prod", "staging"])
    writeFileSync(path.join(repo, `Pulumi.${stack}.yaml`), "config: {}\n");
  writePlan(path.join(repo, "stacks/dev.plan.json"), plan(devBefore));
  writePlan(
    path.join(repo, "stacks/prod.plan.json"),
    plan({ stack: "prod", resources: [{ type: DB, name: "prod-db" }] }),
  );
  git("add", ".");
  git("commit", "-q", "-m", "plans");
  writePlan(path.join(repo, "stacks/dev.plan.json"), plan(devAfter));
  unlinkSync(path.join(repo, "stacks/prod.plan.json"));
  writePlan(
    path.join(repo, "stacks/staging.plan.json"),
    plan({ stack: "staging", resources: [{ type: BUCKET, name: "s" }] }),
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe("diff CLI end to end (a success and a failure as a real process)", { concurrency: true }, () => {
  test("two files, text", async () => {
    const run = await runDiff(["before.plan.json", "after.plan.json"], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "");
    assert.ok(
      run.stdout.includes(
        "  dev  replace  aws:ec2/vpc:Vpc dev-vpc            (stateful; replacement forced by cidrBlock)\n",
      ),
    );
    assert.ok(run.stdout.includes('      cidrBlock  "10.0.0.0/16" → "10.9.0.0/16"\n'));
    assert.ok(run.stdout.includes("  - aws:s3/bucketV2:BucketV2 dev-logs  [stateful]\n"));
  });

  test("--base, all stacks, markdown to a file", async () => {
    const out = path.join(dir, "comment.md");
    // In-process: the same git reads and file write as the process; the two process cases
    // around it cover the exit codes and streams of a real run, a success and a failure.
    const run = await runInProcess(["--base", "HEAD", "--format=markdown", "--out", out], repo);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "");
    const markdown = readFileSync(out, "utf8");
    assert.ok(markdown.startsWith("<!-- infra-plan-diff -->\n"));
    assert.ok(
      markdown.includes(
        // Buckets are priced from usage defaults: dev 1 GB, staging 5 GB at $0.023 per GB-month.
        "| dev | 0 | 1 | 1 | **2** | \\$0.02 → \\$0.00 (-\\$0.02) |\n| prod (stack removed) | 0 | 0 | 1 | **1** | \\$0.00 (removed) |\n| staging (new stack) | 1 | 0 | 0 | 0 | \\$0.12 (new) |\n",
      ),
      markdown,
    );
    assert.ok(markdown.includes("> - **prod**: delete `aws:rds/instance:Instance` `prod-db`: stateful\n"));
  });

  test("bad git ref: exit 2, one line, no stack trace", async () => {
    assertUsageError(
      await runDiff(["--base", "no-such-branch"], repo),
      /unknown git ref "no-such-branch"; give a branch, tag or commit/,
    );
  });
});

describe("diff CLI arguments", () => {
  test("--base with --stack compares that stack only", async () => {
    const run = await runInProcess(["--base", "HEAD", "--stack", "dev"], repo);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(
      run.stdout.startsWith(
        // dev deletes its bucket (stateful: it holds logs) and replaces its VPC; the dev tier's default 1 GB of S3 storage at $0.023.
        "Stack  Adds  Changes  Deletes  Stateful at risk  Monthly cost\ndev       0        1        1                 2  $0.02 → $0.00 (-$0.02)\n\n",
      ),
      run.stdout,
    );
    assert.ok(!run.stdout.includes("prod"));
  });

  test("--base reads the ref's tree in a SHA-256 repository; a folder named like a plan is no plan, at the ref or in the working tree", async () => {
    // git's tree objects hold binary ids, 32 bytes long here (20 with SHA-1, as in `repo`).
    const repo256 = path.join(dir, "repo-sha256");
    const git256 = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", ...args], {
        cwd: repo256,
        stdio: "ignore",
      });
    mkdirSync(path.join(repo256, "stacks", "old.plan.json"), { recursive: true });
    git256("init", "-q", "--object-format=sha256");
    writeFileSync(path.join(repo256, "stacks", "old.plan.json", "notes.txt"), "a folder\n");
    writePlan(path.join(repo256, "stacks/dev.plan.json"), plan(devBefore));
    git256("add", ".");
    git256("commit", "-q", "-m", "plans");
    // The folder stays in the working tree too: neither side reads it as a plan.
    writePlan(path.join(repo256, "stacks/dev.plan.json"), plan(devAfter));
    const run = await runInProcess(["--base", "HEAD"], repo256);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(
      run.stdout.startsWith(
        "Stack  Adds  Changes  Deletes  Stateful at risk  Monthly cost\ndev       0        1        1",
      ),
      run.stdout,
    );
    assert.ok(!run.stdout.includes("old"), run.stdout);
  });

  test("--base from a subdirectory finds the repository root", async () => {
    const run = await runInProcess(["--base=HEAD", "--stack=staging"], path.join(repo, "stacks"));
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.includes("staging (new stack): 1 to add\n"));
  });

  test("--help prints the usage", async () => {
    const run = await runInProcess(["--help"], dir);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: infra diff \[options\] \[files\.\.\.\]/);
    assert.match(run.stdout, /Examples:\n  \$ infra diff /);
  });

  const mistakes: [string, string[], "dir" | "repo", RegExp][] = [
    ["unknown option", ["--bogus"], "dir", /unknown option '--bogus' \(see infra diff --help\)/],
    [
      "missing file",
      ["nope.plan.json", "after.plan.json"],
      "dir",
      /cannot read the before plan "nope\.plan\.json": no such file/,
    ],
    [
      "not a plan",
      ["before.plan.json", "not-a-plan.json"],
      "dir",
      /"not-a-plan\.json" is not a plan file: formatVersion/,
    ],
    [
      "other format version",
      ["before.plan.json", "v99.plan.json"],
      "dir",
      new RegExp(`cannot compare plan format version ${PLAN_FORMAT_VERSION} with 99`),
    ],
    [
      "one file",
      ["before.plan.json"],
      "dir",
      /expected two plan files \(before, after\) or --base <git-ref>; got "before\.plan\.json"/,
    ],
    ["no arguments", [], "dir", /expected two plan files \(before, after\) or --base <git-ref>; got none/],
    [
      "bad format",
      ["a", "b", "--format", "html"],
      "dir",
      /option '--format <format>' argument 'html' is invalid\. Allowed choices are text, markdown/,
    ],
    ["option without value", ["--base"], "dir", /option '--base <git-ref>' argument missing/],
    ["option given twice", ["--base", "a", "--base", "b"], "dir", /--base was given twice/],
    [
      "--stack without --base",
      ["a", "b", "--stack", "dev"],
      "dir",
      /--stack only applies with --base <git-ref>/,
    ],
    [
      "files with --base",
      ["--base", "HEAD", "a.json"],
      "repo",
      /with --base, give no plan files \(got "a\.json"\)/,
    ],
    [
      "not a git repository",
      ["--base", "HEAD"],
      "dir",
      /--base needs a git repository, and .+ is not inside one/,
    ],
    [
      "unknown stack",
      ["--base", "HEAD", "--stack", "qa"],
      "repo",
      /unknown stack "qa"; known stacks: dev, prod, staging$/m,
    ],
    [
      "unwritable --out",
      ["before.plan.json", "after.plan.json", "--out", "no/such/dir/x.md"],
      "dir",
      /cannot write --out "no\/such\/dir\/x\.md"/,
    ],
  ];
  for (const [name, args, where, message] of mistakes) {
    test(`user mistake: ${name}`, async () => {
      assertUsageError(await runInProcess(args, where === "dir" ? dir : repo), message);
    });
  }
});

describe("what diff loads", () => {
  /** The packages `infra diff` requires while it runs (every require passes Module._load). */
  async function packagesRequired(args: readonly string[], cwd: string): Promise<string[]> {
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = loader._load;
    const requested = new Set<string>();
    loader._load = function (this: unknown, request, ...rest) {
      if (request === "zod" || request === "yaml") requested.add(request);
      return original.call(this, request, ...rest);
    };
    try {
      const run = await runInProcess(args, cwd);
      assert.equal(run.code, 0, run.stderr);
    } finally {
      loader._load = original;
    }
    return [...requested].sort();
  }

  test("the project's plan and usage files, as written, are read without zod or yaml", async () => {
    // zod and yaml take ~0.1 s to load; they decide only files in another form.
    const project = path.join(dir, "project");
    mkdirSync(path.join(project, "stacks"), { recursive: true });
    for (const stack of ["dev", "staging", "prod"]) {
      for (const file of [`${stack}.plan.json`, `${stack}.usage.yaml`]) {
        copyFileSync(path.resolve(__dirname, "../../stacks", file), path.join(project, "stacks", file));
      }
    }
    execFileSync("git", ["init", "-q"], { cwd: project });
    execFileSync("git", ["add", "."], { cwd: project });
    execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "x"], {
      cwd: project,
    });
    assert.deepEqual(await packagesRequired(["--base", "HEAD"], project), []);
    // A usage file in flow style goes to yaml, a plan with a field of its own to zod (and the
    // check sees them: each is required where it is used, not when its module loads).
    writeFileSync(path.join(project, "stacks", "dev.usage.yaml"), "nat: {dataProcessedGb: 12}\n");
    assert.deepEqual(await packagesRequired(["--base", "HEAD"], project), ["yaml"]);
    const dev = JSON.parse(readFileSync(path.join(project, "stacks", "dev.plan.json"), "utf8")) as Plan;
    writePlan(path.join(project, "stacks", "dev.plan.json"), { ...dev, note: "x" } as Plan);
    assert.deepEqual(await packagesRequired(["--base", "HEAD", "--stack", "dev"], project), ["yaml", "zod"]);
  });
});
