/**
 * `infra promote`: staging's outputs and checks in, prod's stack file and a release record out,
 * run in a copy of the project so the real stack files stay untouched.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { runInfra } from "../../src/cli";
import type { Io } from "../../src/cli/io";
import { loadSettings } from "../../src/plan/stack-views";

const PROJECT_DIR = resolve(__dirname, "../..");
const DIGEST = `sha256:${"d".repeat(64)}`;
const AMI = "ami-0fedcba9876543210";

async function inCopy(files: Record<string, unknown>, argv: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "infra-promote-"));
  for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.staging.yaml", "Pulumi.prod.yaml"])
    copyFileSync(join(PROJECT_DIR, f), join(dir, f));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), JSON.stringify(content));
  let stdout = "";
  let stderr = "";
  const io: Io = { cwd: dir, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await runInfra(argv, io);
  return { dir, code, stdout, stderr, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const ARGS = ["promote", "--to", "prod", "--from-outputs", "staging.json", "--checks", "checks.json"];
const STAGING_OUTPUTS = {
  tier: "staging",
  appImage: DIGEST,
  appImageUri: `444444444444.dkr.ecr.us-east-1.amazonaws.com/app@${DIGEST}`,
  amiId: AMI,
};

test("prod's stack file takes staging's digest and AMI, comments kept, and the release is recorded", async () => {
  const run = await inCopy(
    { "staging.json": STAGING_OUTPUTS, "checks.json": { digest: DIGEST, passed: true, checks: ["e2e"] } },
    [...ARGS, "--record", "release.json"],
  );
  try {
    assert.equal(run.code, 0, run.stderr);
    const settings = loadSettings(run.dir, "prod");
    assert.deepEqual(settings.appImage, { kind: "digest", digest: DIGEST });
    assert.equal(settings.compute.imageId, AMI);
    const text = readFileSync(join(run.dir, "Pulumi.prod.yaml"), "utf8");
    assert.match(text, /# Production: real users\./, "the file's comments survive");
    // The release workflow commits this file for main, whose checks run prettier: every line but
    // the two values stays exactly as it was (the yaml library pads flow sequences by default).
    const before = readFileSync(join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8").split("\n");
    const after = text.split("\n");
    assert.equal(after.length, before.length);
    assert.deepEqual(
      after.filter((line, i) => line !== before[i]).map((line) => line.trim().replace(/: .*/, "")),
      ["infra:appImage", "imageId"],
    );
    const record = JSON.parse(readFileSync(join(run.dir, "release.json"), "utf8"));
    assert.deepEqual(
      { ...record, promotedAt: undefined },
      {
        stack: "prod",
        appImage: DIGEST,
        amiId: AMI,
        promotedFrom: "staging",
        checks: ["e2e"],
        promotedAt: undefined,
      },
    );
  } finally {
    run.cleanup();
  }
});

test("a digest staging's checks did not test is refused and prod's file is left as it was", async () => {
  const before = readFileSync(join(PROJECT_DIR, "Pulumi.prod.yaml"), "utf8");
  const run = await inCopy(
    { "staging.json": STAGING_OUTPUTS, "checks.json": { digest: `sha256:${"e".repeat(64)}`, passed: true } },
    ARGS,
  );
  try {
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^Refused: prod takes only what staging runs and tested:\n {2}- the checks ran against/,
    );
    assert.equal(readFileSync(join(run.dir, "Pulumi.prod.yaml"), "utf8"), before);
  } finally {
    run.cleanup();
  }
});

test("promoting into a tier that follows tags is a usage error", async () => {
  const run = await inCopy({ "staging.json": STAGING_OUTPUTS, "checks.json": {} }, [
    "promote",
    "--to",
    "dev",
    "--from-outputs",
    "staging.json",
    "--checks",
    "checks.json",
  ]);
  try {
    assert.equal(run.code, 2);
    assert.match(run.stderr, /dev is a dev-tier stack, which follows a tag/);
  } finally {
    run.cleanup();
  }
});
