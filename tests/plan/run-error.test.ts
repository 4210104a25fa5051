/**
 * src/run-error.ts: every mistake the program reports to the user is a RunError without stack
 * frames, so Pulumi's runner prints it at once. With frames, Pulumi's `util.inspect(err,
 * { colors: true })` loops on Node 20.20 over the SDK's source-mapped frames
 * (node_modules/@pulumi/resource.ts): a config mistake took ~17 s to report under the runner.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { inspect } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { userError } from "../../src/run-error";

const SRC = resolve(__dirname, "../../src");

test("a user error is the SDK's RunError, with its message and no stack frames", () => {
  const error = userError('Invalid configuration for stack "dev"\n  - infra:tier: got "qa"');
  assert.ok(pulumi.RunError.isInstance(error), "Pulumi prints a RunError's message alone");
  assert.equal(error.message, 'Invalid configuration for stack "dev"\n  - infra:tier: got "qa"');
  assert.doesNotMatch(error.stack ?? "", /\n\s+at /);
  assert.doesNotMatch(
    inspect(error, { colors: true }),
    /\n\s+at /,
    "nothing for Node to colour frame by frame",
  );
});

test("the program makes its RunErrors only through userError", () => {
  const made = readdirSync(SRC, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && file !== "run-error.ts")
    .filter((file) => /new\s+(?:pulumi\.)?RunError\s*\(/.test(readFileSync(join(SRC, file), "utf8")));
  assert.deepEqual(made, [], "use userError (src/run-error.ts) instead");
});
