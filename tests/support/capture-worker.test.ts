/**
 * The capture worker's output collector, which the secret-hygiene suite relies on to see every
 * line a capture writes: it must see console calls and direct stream writes, and put them back.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { collectingOutput } from "./capture-worker";

test("collectingOutput sees console calls and stream writes, and restores them", async () => {
  const before = { write: process.stdout.write, log: console.log };
  const { result, output } = await collectingOutput(async () => {
    console.log("via console.log");
    console.error("via console.error");
    process.stderr.write("via stderr\n");
    return 7;
  });
  assert.equal(await result, 7);
  assert.equal(output, "via console.log\nvia console.error\nvia stderr\n");
  assert.equal(process.stdout.write, before.write);
  assert.equal(console.log, before.log);

  const failed = await collectingOutput(async () => {
    console.warn("before the failure");
    throw new Error("boom");
  });
  await assert.rejects(failed.result, /boom/);
  assert.equal(failed.output, "before the failure\n");
});
