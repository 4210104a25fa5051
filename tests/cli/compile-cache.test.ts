/**
 * scripts/compile-cache.js: every command and test process reads compiled package code back from
 * V8's code cache. Proven on a throw-away package in real Node processes, run twice: the second run
 * reads what the first wrote, and a module behaves the same either way (exports, `require`, stack
 * positions on the wrapped first line, a dynamic import — which Node 20 breaks in code read back
 * from a cache, so such a file must be left to Node).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";

const COMPILE_CACHE = resolve(__dirname, "../../scripts/compile-cache.js");

/** A package whose first line throws at a known column, and one that imports dynamically. */
const THROWS = `exports.fail = () => { throw new Error("planned"); }; exports.path = require("node:path").sep;\n`;
// V8 places an Error at its `new`, 1-based.
const THROW_COLUMN = THROWS.indexOf("new Error") + 1;
const DYNAMIC = `exports.load = () => import("node:os").then((os) => typeof os.cpus);\n`;

/**
 * Runs the package in a fresh Node process with the cache installed; returns what it saw. Not
 * spawnSync: the test thread would block ~0.1 s per process instead of letting the machine work.
 */
function run(dir: string, env: Record<string, string> = {}) {
  const script = `
    const cache = require(${JSON.stringify(COMPILE_CACHE)});
    cache.install();
    const pkg = require("pkg");
    const other = require("pkg/other");
    let column;
    try { pkg.fail(); } catch (e) { column = Number(/index\\.js:1:(\\d+)/.exec(e.stack)[1]); }
    require("pkg/dynamic").load().then((kind) => {
      console.log(JSON.stringify({ sep: pkg.path, other, column, kind, stats: cache.stats() }));
    });`;
  return new Promise<Seen>((resolvePromise, reject) =>
    execFile(
      process.execPath,
      ["-e", script],
      { cwd: dir, encoding: "utf8", env: { ...process.env, NODE_PATH: join(dir, "node_modules"), ...env } },
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr || error.message)) : resolvePromise(JSON.parse(stdout)),
    ),
  );
}

interface Seen {
  sep: string;
  other: string;
  column: number;
  kind: string;
  stats: { read: number; compiled: number };
}

/** A package in a folder of its own: index.js (throws on its first line), other.js, dynamic.js. */
function packageDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "compile-cache-"));
  const pkg = join(dir, "node_modules", "pkg");
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, "index.js"), THROWS);
  writeFileSync(join(pkg, "other.js"), `module.exports = "first";\n`);
  writeFileSync(join(pkg, "dynamic.js"), DYNAMIC);
  return dir;
}

function entries(dir: string): string[] {
  const root = join(dir, "node_modules", ".cache", "infra-compile");
  try {
    return readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => /[0-9a-f]{40}$/.test(f));
  } catch {
    return [];
  }
}

describe("the compile cache", () => {
  const off = packageDir();
  const on = packageDir();
  after(() => [off, on].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  test("off when INFRA_COMPILE_CACHE=0: nothing is written", async () => {
    const seen = await run(off, { INFRA_COMPILE_CACHE: "0" });
    assert.deepEqual(seen.stats, { read: 0, compiled: 0 });
    assert.deepEqual(entries(off), []);
  });

  test("a second run reads what the first wrote, behaves the same, and compiles a changed file again", async () => {
    const first = await run(on);
    assert.deepEqual(
      first.stats,
      { read: 0, compiled: 2 },
      "index.js and other.js; dynamic.js is left to Node",
    );
    assert.equal(entries(on).length, 2);
    writeFileSync(join(on, "node_modules", "pkg", "other.js"), `module.exports = "changed";\n`);
    const second = await run(on);
    assert.deepEqual(
      second.stats,
      { read: 1, compiled: 1 },
      "index.js read back; the changed other.js compiled",
    );
    assert.equal(second.other, "changed", "a changed file is never read from its old entry");
    assert.equal(entries(on).length, 3);
    for (const seen of [first, second]) {
      assert.equal(seen.sep, "/");
      assert.equal(seen.column, THROW_COLUMN, "a stack position on the first line is the file's own");
      assert.equal(seen.kind, "function", "the dynamic import still works");
    }
  });
});
