/**
 * Deriving inputs (src/environment/inputs.ts): a plain input gives a plain value, no Output; an
 * Output gives one Output with the same value, secrecy and resources as `pulumi.output(x).apply`.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { jsonInput, mapInput } from "../../src/environment/inputs";
import { made, parts } from "../support/sdk-outputs";

/** An Output as a resource's property would be: `from`'s, and secret if asked. */
const madeFrom = (value: string, from: object, secret = false) =>
  made(value, { from, secret }) as pulumi.Output<string>;

describe("mapInput", () => {
  test("a plain input gives the plain result, no Output", () => {
    assert.equal(
      mapInput("123456789012", (a) => `arn:aws:iam::${a}:root`),
      "arn:aws:iam::123456789012:root",
    );
  });

  test("an Output gives one Output of the result, with its resources and secrecy", async () => {
    const from = {};
    const mapped = mapInput(madeFrom("123456789012", from, true), (a) => `arn:aws:iam::${a}:root`);
    assert.ok(pulumi.Output.isInstance(mapped));
    assert.equal(await parts(mapped).promise(), "arn:aws:iam::123456789012:root");
    assert.deepEqual([...parts(mapped).resources()], [from]);
    assert.equal(await parts(mapped).isSecret, true);
  });

  test("a promise gives an Output of the result", async () => {
    const mapped = mapInput(Promise.resolve(2), (n) => n * 21);
    assert.ok(pulumi.Output.isInstance(mapped));
    assert.equal(await parts(mapped).promise(), 42);
  });
});

describe("jsonInput", () => {
  test("a document without Outputs is its JSON text", () => {
    assert.equal(jsonInput({ a: [1, "x"], b: { c: true } }), '{"a":[1,"x"],"b":{"c":true}}');
  });

  test("a document holding an Output, at any depth, is an Output of the same text, secret if it is", async () => {
    const from = {};
    const json = jsonInput({ host: "h", port: 5432, deep: [{ password: madeFrom("pw", from, true) }] });
    assert.ok(pulumi.Output.isInstance(json));
    assert.equal(await parts(json).promise(), '{"host":"h","port":5432,"deep":[{"password":"pw"}]}');
    assert.equal(await parts(json).isSecret, true);
    assert.deepEqual([...parts(json).resources()], [from]);
  });
});
