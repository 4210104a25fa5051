/**
 * `infra generate` removes what it once wrote for a stack whose stack file is gone, and
 * `infra check` fails naming it: a removed or renamed stack must not leave a plan, a cost report
 * or a diagram behind that no check would ever refresh again.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { orphanedFiles, syncOrphans } from "../../src/cli/generated-files";
import { STACK_PATHS } from "../../src/cli/generators";
import { GROUPS } from "../../src/cli/choices";

const dir = mkdtempSync(join(tmpdir(), "orphans-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const FILES = [
  "stacks/dev.plan.json",
  "stacks/dev.cost.md",
  "stacks/dev.usage.yaml",
  "stacks/old.plan.json",
  "stacks/old.cost.md",
  // Written by hand: the usage assumptions are an input, not generated, so they stay.
  "stacks/old.usage.yaml",
  "stacks/PARITY.md",
  "docs/diagrams/dev.md",
  "docs/diagrams/dev.svg",
  "docs/diagrams/old.md",
  "docs/diagrams/old.svg",
];
for (const file of FILES) {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), "x\n");
}
const ALL_PATHS = GROUPS.flatMap((g) => STACK_PATHS[g] ?? []);
const io = (out: string[]) => ({ cwd: dir, stdout: (t: string) => out.push(t), stderr: () => undefined });

describe("generated files of a removed stack", () => {
  test("are found by the shape of each per-stack path, and only those", () => {
    assert.deepEqual(orphanedFiles(dir, ALL_PATHS, ["dev"]).sort(), [
      "docs/diagrams/old.md",
      "docs/diagrams/old.svg",
      "stacks/old.cost.md",
      "stacks/old.plan.json",
    ]);
    assert.deepEqual(
      orphanedFiles(dir, ALL_PATHS, ["dev", "old"]),
      [],
      "a stack with a file keeps its files",
    );
    assert.deepEqual(orphanedFiles(dir, STACK_PATHS.plans ?? [], ["dev"]).sort(), [
      "stacks/old.cost.md",
      "stacks/old.plan.json",
    ]);
  });

  test("check names each and removes nothing; generate removes each and says so", () => {
    const orphans = orphanedFiles(dir, ALL_PATHS, ["dev"]);
    assert.deepEqual(syncOrphans(io([]), orphans, { mode: "check" }), [
      ...orphans.map((f) => `${f} belongs to no stack file`),
    ]);
    assert.ok(orphans.every((f) => existsSync(join(dir, f))));
    const out: string[] = [];
    assert.deepEqual(syncOrphans(io(out), orphans, { mode: "write" }), []);
    assert.deepEqual(
      out,
      orphans.map((f) => `removed ${f} (its stack file is gone)\n`),
    );
    assert.deepEqual(
      FILES.filter((f) => existsSync(join(dir, f))),
      FILES.filter((f) => !orphans.includes(f)),
    );
  });
});
