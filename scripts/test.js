#!/usr/bin/env node
// `npm test`: the whole suite, compiled, in two processes. esbuild bundles the test files (and the
// project code they import; every package stays an external require) into two JavaScript files, one
// per process, and node's test runner runs both at once:
//
//   bin/tests/unit.test.js   every tests/**/*.test.ts, in path order
//   bin/tests/stack.test.js  every suite in tests/stack/, in one process so each stack is captured
//                            once and every suite reads the same plan
//   bin/tests/capture-worker.js  the thread each process captures stacks in
//                            (tests/support/capture-worker.ts says why), named to the tests in
//                            INFRA_TEST_CAPTURE_WORKER
//
// Why not tsx: its hooks roughly quadruple the time to load the Pulumi SDK (0.8 s against 0.2 s)
// and compile ~250 files on every cold run; the bundles build in ~0.35 s, and only when an input
// changed (bundle() keeps a key of what each was built from). Type-checking stays its
// own step (`npm run typecheck`), as with tsx. The SDK's function-serializer dependencies load only
// if used (scripts/lazy-modules.js), as for the `infra` command.
//
// Files are found by name, never listed, so a new test cannot be left out. Arguments select files:
// `npm test -- deploy-window stack/` runs the files whose path (under tests/) contains any of them.
// One file also runs on its own from TypeScript: `node --import tsx --test tests/x/y.test.ts`.
"use strict";
const { spawnSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const { dirname, join, relative } = require("node:path");
const { BUNDLE_OPTIONS, ensureBuilt, writeOutputs } = require("./build");

const ROOT = join(__dirname, "..");
const TESTS = join(ROOT, "tests");
const OUT = join(ROOT, "bin", "tests");

/**
 * What a process does before its suites load: the stack process keeps the Pulumi SDK off its own
 * thread (tests/support/sdk-free-thread.ts says why), then asks for every stack's plan at once, so
 * the capture worker starts at once and captures them back to back.
 */
const PRELUDE = {
  stack: [
    `require("./support/sdk-free-thread").forbidSdkOnThisThread();`,
    `require("./support/plans").prefetchPlans();`,
  ],
};

/** The two processes' files: unit tests anywhere under tests/, stack suites in tests/stack/. */
function discover() {
  const all = readdirSync(TESTS, { recursive: true, encoding: "utf8" }).map((f) => f.split("\\").join("/"));
  const sorted = (files) => files.sort((a, b) => a.localeCompare(b));
  return {
    unit: sorted(all.filter((f) => f.endsWith(".test.ts"))),
    stack: sorted(all.filter((f) => /^stack\/[^/]+\.ts$/.test(f))),
  };
}

/**
 * Keeps each module's own `__dirname`/`__filename`: in one bundle they would all name the bundle's
 * folder, and the tests find the project's files relative to themselves. And no bundled module is
 * the process's entry point: `require.main === module` (a command's "run me") would be true of the
 * bundle itself.
 */
const sourcePaths = {
  name: "source-paths",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${"node_modules"}/`)) return undefined;
      const text = readFileSync(args.path, "utf8")
        .replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path)))
        .replace(/\b__filename\b/g, JSON.stringify(args.path))
        .replace(/\brequire\.main === module\b/g, "false");
      return { contents: text, loader: "ts" };
    });
  },
};

/** The folders a bundle's modules come from, and the files that decide how it is built. */
const INPUT_DIRS = ["src", "tests", "scripts"];
const INPUT_FILES = ["package.json", "package-lock.json", "tsconfig.json"];

/**
 * Every input file's path, size and modification time, hashed: a bundle whose inputs all look
 * the same as when it was built is used as it is. Bundling took ~0.35 s of every run's wall time
 * before a single test started; this walk takes a few milliseconds. Any edit, added or deleted
 * file changes it (packages stay external requires, so node_modules is read when the tests run).
 */
function inputsFingerprint(root = ROOT) {
  const hash = createHash("sha1").update(`${root}\0${process.version}\0`);
  const add = (path) => {
    const stat = statSync(path);
    hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else add(path);
    }
  };
  for (const dir of INPUT_DIRS) walk(join(root, dir));
  for (const file of INPUT_FILES) add(join(root, file));
  return hash.digest("hex");
}

/**
 * Bundles files behind an entry that requires them in order, into bin/tests/<name>.js, unless
 * the bundle there was built from the same entry and the same inputs (its `.key` file says).
 */
async function bundle(name, files, prelude = [], fingerprint = inputsFingerprint()) {
  const entry = [
    `require(${JSON.stringify(join(ROOT, "scripts", "lazy-modules.js"))}).install();`,
    ...prelude,
    ...files.map((f) => `require(${JSON.stringify(`./${f}`)});`),
  ].join("\n");
  const out = join(OUT, `${name}.js`);
  const keyFile = `${out}.key`;
  const key = createHash("sha1").update(`${fingerprint}\0${entry}`).digest("hex");
  if (
    existsSync(out) &&
    existsSync(`${out}.map`) &&
    existsSync(keyFile) &&
    readFileSync(keyFile, "utf8") === key
  ) {
    return out;
  }
  const result = await require("esbuild").build({
    ...BUNDLE_OPTIONS,
    stdin: { contents: entry, resolveDir: TESTS, sourcefile: `${name}.js`, loader: "js" },
    outfile: out,
    plugins: [sourcePaths],
  });
  writeOutputs(result, OUT);
  // Written last, beside and then renamed: a key never vouches for a bundle not yet in place.
  writeFileSync(`${keyFile}.${process.pid}.tmp`, key);
  renameSync(`${keyFile}.${process.pid}.tmp`, keyFile);
  return out;
}

async function main(args) {
  const wanted = (f) => args.length === 0 || args.some((a) => f.includes(a));
  const groups = Object.entries(discover())
    .map(([name, files]) => [name, files.filter(wanted)])
    .filter(([, files]) => files.length > 0);
  if (groups.length === 0) {
    console.error(`npm test: no test file under tests/ matches ${args.map((a) => `"${a}"`).join(", ")}`);
    return 2;
  }
  // The `infra` command some tests run as a process: built once here, not by each process at once.
  ensureBuilt();
  const fingerprint = inputsFingerprint();
  const [worker, ...bundles] = await Promise.all([
    bundle("capture-worker", ["support/capture-worker.ts"], [], fingerprint),
    ...groups.map(([name, files]) => bundle(`${name}.test`, files, PRELUDE[name], fingerprint)),
  ]);
  const run = spawnSync(
    process.execPath,
    [
      "--enable-source-maps",
      "--test",
      `--test-concurrency=${bundles.length}`,
      ...bundles.map((b) => relative(ROOT, b)),
    ],
    { cwd: ROOT, stdio: "inherit", env: { ...process.env, INFRA_TEST_CAPTURE_WORKER: worker } },
  );
  return run.status ?? 1;
}

module.exports = { discover, inputsFingerprint, INPUT_DIRS, INPUT_FILES };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      // A compile error (esbuild already printed where), not a failing test.
      console.error(`npm test: the tests did not compile: ${error.message.split("\n")[0]}`);
      process.exitCode = 1;
    },
  );
}
