/**
 * scripts/sdk-frames.js, installed by the Pulumi entries: with source-map-support registered as
 * Pulumi's runner registers it, the SDK's frames map to TypeScript files one folder too high
 * (node_modules/@pulumi/output.ts), on which Node 20.20's coloured util.inspect — Pulumi's for every
 * uncaught error — loops for 15–30 s and throws. With the fix they keep their real paths and the
 * error is formatted at once (in a real process: source-map-support patches process-wide state).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";

const ROOT = resolve(__dirname, "../..");

/** An error thrown inside the SDK's Output.apply under the fix: its SDK frames, and whether it formats. */
function runFixed(): Promise<{ frames: string[]; formatted: boolean }> {
  const script = `
    require("source-map-support/register");
    require("./scripts/sdk-frames").install();
    // The rejection reaches this handler once per promise it passes through; the first is enough.
    let seen = false;
    process.on("unhandledRejection", (error) => {
      if (seen) return;
      seen = true;
      const frames = error.stack.split("\\n").filter((l) => l.includes("node_modules/@pulumi/"));
      const formatted = require("node:util").inspect(error, { colors: true }).includes("planted");
      console.log(JSON.stringify({ frames, formatted }));
    });
    require("@pulumi/pulumi/output").output(1).apply(() => { throw new Error("planted"); });`;
  return new Promise((resolvePromise, reject) =>
    execFile(process.execPath, ["-e", script], { cwd: ROOT, timeout: 60_000 }, (error, stdout) =>
      error ? reject(error) : resolvePromise(JSON.parse(stdout) as { frames: string[]; formatted: boolean }),
    ),
  );
}

test("the SDK's source maps point one folder too high: the frame shape Node 20.20 loops on", () => {
  // Read from the map itself: formatting such a frame coloured is the 15–30 s this guards against.
  const sdk = dirname(require.resolve("@pulumi/pulumi/package.json"));
  const map = JSON.parse(readFileSync(join(sdk, "output.js.map"), "utf8")) as { sources: string[] };
  const source = resolve(sdk, map.sources[0] ?? "");
  assert.match(source, /node_modules\/@pulumi\/[^/]+\.ts$/);
  assert.ok(!existsSync(source), `${source} exists; the maps may have been fixed upstream`);
});

test("with the entries' fix the SDK's frames keep their JavaScript paths and the error formats", async () => {
  const { frames, formatted } = await runFixed();
  assert.ok(frames.length > 0);
  for (const frame of frames) assert.match(frame, /node_modules\/@pulumi\/pulumi\/[\w/-]+\.js:\d+:\d+/);
  assert.equal(formatted, true);
});

test("both Pulumi entries install it before they load their program", () => {
  for (const entry of ["scripts/pulumi-main.js", "artifact/pulumi-main.js"]) {
    const text = readFileSync(join(ROOT, entry), "utf8");
    const installed = text.search(/require\("(?:\.|\.\.\/scripts)\/sdk-frames"\)\.install\(\);/);
    assert.ok(installed >= 0, `${entry} does not install scripts/sdk-frames.js`);
    assert.ok(installed < text.indexOf("ensureBuilt("), `${entry} installs it after loading the program`);
  }
});
