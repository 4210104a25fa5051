/**
 * The `infra` command's conventions, for every subcommand: `--help` lists its options and an
 * example and exits 0; an unknown option or command is one line on stderr and exit 2; a command
 * the user got wrong never prints a stack trace. Driven in-process through `runInfra` (importing
 * the entry runs nothing — this file proves it by importing it).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildProgram, runInfra } from "../../src/cli";
import type { Io } from "../../src/cli/io";
import { PROJECT_DIR } from "../support/plans";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function infra(...argv: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: Io = { cwd: PROJECT_DIR, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await runInfra(argv, io);
  return { code, stdout, stderr };
}

const silent: Io = { cwd: PROJECT_DIR, stdout: () => undefined, stderr: () => undefined };
const SUBCOMMANDS = buildProgram(silent, { value: 0 })
  .commands.map((c) => c.name())
  .filter((name) => name !== "help");

describe("infra: one command, one convention", () => {
  test("the subcommands the issue asks for all exist", () => {
    for (const name of ["plan", "diff", "cost", "reports", "generate", "check", "sanitize", "bench"]) {
      assert.ok(SUBCOMMANDS.includes(name), `infra ${name} is missing`);
    }
  });

  for (const name of SUBCOMMANDS) {
    test(`infra ${name} --help: usage, options and an example; exit 0`, async () => {
      const run = await infra(name, "--help");
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^Usage: infra ${name} `));
      assert.match(run.stdout, /\nOptions:\n/);
      assert.match(run.stdout, new RegExp(`\\nExamples:\\n  \\$ [^\\n]*infra ${name}`));
      assert.equal(run.stderr, "");
    });

    // bench passes unknown options on to the benchmark script, by design.
    if (name !== "bench") {
      test(`infra ${name} --no-such-flag: one line, exit 2`, async () => {
        // sanitize and promote check their required options first, so they are given.
        const required =
          name === "sanitize"
            ? ["--stack", "staging"]
            : name === "promote"
              ? ["--to", "prod", "--from-outputs", "o.json", "--checks", "c.json"]
              : [];
        const run = await infra(name, ...required, "--no-such-flag");
        assert.equal(run.code, 2);
        assert.equal(run.stdout, "");
        assert.match(
          run.stderr,
          new RegExp(`^${name}: unknown option '--no-such-flag' \\(see infra ${name} --help\\)\\n$`),
        );
      });
    }
  }

  test("an unknown command: one line naming it, exit 2", async () => {
    const run = await infra("deploy");
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^infra: unknown command 'deploy' \(see infra --help\)\n$/);
  });

  test("an unknown stack is the user's mistake: one line listing the stacks, exit 2", async () => {
    const run = await infra("plan", "nope");
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^plan: unknown stack "nope": no Pulumi\.nope\.yaml; stacks: [a-z, -]+\n$/);
  });

  test("a bad --only group names the allowed ones, exit 2", async () => {
    const run = await infra("check", "--only", "everything");
    assert.equal(run.code, 2);
    assert.match(run.stderr, /"everything" is not a group; use one of plans, reports, docs, local/);
  });

  test("sanitize without a database URL says where to give one, exit 2", async () => {
    const previous = process.env["SANITIZE_DATABASE_URL"];
    delete process.env["SANITIZE_DATABASE_URL"];
    try {
      const run = await infra("sanitize", "--stack", "staging");
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^sanitize: no database URL: pass --database-url/);
    } finally {
      if (previous !== undefined) process.env["SANITIZE_DATABASE_URL"] = previous;
    }
  });
});
