/**
 * scripts/test.js reuses a test bundle while nothing it is built from changed: the fingerprint of
 * src/, tests/, scripts/ and the package and TypeScript settings must move with any edit, added or
 * deleted file, and stay put otherwise (else a stale bundle would run yesterday's tests).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the runner is plain CommonJS
const runner = require("../../scripts/test.js") as {
  inputsFingerprint(root: string): string;
  INPUT_DIRS: string[];
  INPUT_FILES: string[];
};

const root = mkdtempSync(join(tmpdir(), "test-bundles-"));
after(() => rmSync(root, { recursive: true, force: true }));
for (const dir of runner.INPUT_DIRS) mkdirSync(join(root, dir, "deep"), { recursive: true });
for (const file of runner.INPUT_FILES) writeFileSync(join(root, file), "{}\n");
writeFileSync(join(root, "src", "deep", "a.ts"), "export const a = 1;\n");

test("the fingerprint is stable while nothing changes", () => {
  assert.equal(runner.inputsFingerprint(root), runner.inputsFingerprint(root));
});

test("an edit, a touch, an added or a deleted file in any input moves it", () => {
  const before = runner.inputsFingerprint(root);
  const changed = (what: string, change: () => void, undo: () => void) => {
    change();
    assert.notEqual(runner.inputsFingerprint(root), before, what);
    undo();
  };
  changed(
    "edited source",
    () => writeFileSync(join(root, "src", "deep", "a.ts"), "export const a = 22;\n"),
    () => writeFileSync(join(root, "src", "deep", "a.ts"), "export const a = 1;\n"),
  );
  changed(
    "touched source (same size)",
    () => utimesSync(join(root, "src", "deep", "a.ts"), new Date(), new Date(Date.now() + 5_000)),
    () => undefined,
  );
  const after = runner.inputsFingerprint(root);
  for (const dir of runner.INPUT_DIRS) {
    const file = join(root, dir, "deep", "new.ts");
    writeFileSync(file, "");
    assert.notEqual(runner.inputsFingerprint(root), after, `a file added under ${dir}/`);
    rmSync(file);
    assert.equal(runner.inputsFingerprint(root), after, `the same file deleted from ${dir}/`);
  }
  writeFileSync(join(root, "package-lock.json"), "{ }\n");
  assert.notEqual(runner.inputsFingerprint(root), after, "package-lock.json");
});

test("a bundle that must be rebuilt where esbuild is not installed says what to do, in one line", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script is plain CommonJS
  const build = require("../../scripts/build.js") as {
    esbuildFor(out: string, load: () => unknown): unknown;
    OUT: string;
  };
  const missing = () => {
    throw Object.assign(new Error("Cannot find module 'esbuild'"), { code: "MODULE_NOT_FOUND" });
  };
  assert.throws(
    () => build.esbuildFor(build.OUT, missing),
    (error: Error) =>
      /^bin\/cli\/index\.js is missing or older than the sources, and esbuild .* `npm ci` with dev dependencies/.test(
        error.message,
      ) && !/\n\s+at /.test(error.stack ?? ""),
  );
  const other = Object.assign(new Error("broken"), { code: "EACCES" });
  assert.throws(
    () =>
      build.esbuildFor(build.OUT, () => {
        throw other;
      }),
    /broken/,
    "anything else is a bug: thrown as it is",
  );
  assert.equal(
    build.esbuildFor(build.OUT, () => "esbuild"),
    "esbuild",
  );
});
