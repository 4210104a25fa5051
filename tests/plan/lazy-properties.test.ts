/**
 * The capture's lazy resource properties (src/plan/runtime-internals.ts): a property nobody reads
 * makes no Output, and one that is read — before its registration comes back or after — holds
 * exactly what the SDK's own eager Output would: the value, its secrecy and its resource.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { captureStack } from "../../src/plan/capture";

/** A resource of a type the mocks know nothing about: its state is its inputs, plus its name. */
class Thing extends pulumi.CustomResource {
  declare readonly label: pulumi.Output<string>;
  declare readonly token: pulumi.Output<string>;
  declare readonly unread: pulumi.Output<string | undefined>;

  constructor(name: string, args: { label: pulumi.Input<string>; token: pulumi.Input<string> }) {
    super("test:index:Thing", name, { ...args, unread: undefined });
  }
}

const valueOf = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((resolve) => output.apply(resolve));

async function capture(program: () => Record<string, unknown>) {
  return captureStack({
    project: "infra",
    stack: "dev",
    config: { "aws:region": "us-east-1" },
    secretKeys: [],
    projectDir: process.cwd(),
    program: async () => program(),
  });
}

describe("capture: resource properties are made when read", () => {
  test("a property read before its registration returns resolves to what the mock answered", async () => {
    let first: Thing | undefined;
    const plan = await capture(() => {
      first = new Thing("first", { label: "one", token: pulumi.secret("s3cret") });
      // Read at once: the registration is still in flight, so the Output is made pending.
      const second = new Thing("second", { label: first.label.apply((l) => `${l}-two`), token: "t" });
      return { label: second.label };
    });
    const second = plan.resources.find((r) => r.name === "second");
    assert.equal(second?.inputs["label"], "one-two");
    assert.deepEqual(second?.dependencies, [plan.resources.find((r) => r.name === "first")?.urn]);
    assert.equal(plan.outputs["label"], "one-two");
    assert.ok(first);
    // Never read, so still the getter: no Output, no promises.
    assert.equal(typeof Object.getOwnPropertyDescriptor(first, "unread")?.get, "function");
  });

  test("a property read after its registration returned keeps value, secrecy and resource", async () => {
    let thing: Thing | undefined;
    await capture(() => {
      thing = new Thing("late", { label: "plain", token: pulumi.secret("s3cret") });
      return {};
    });
    assert.ok(thing);
    assert.equal(typeof Object.getOwnPropertyDescriptor(thing, "label")?.get, "function");
    const label = thing.label;
    // Read once, the property is a plain value like the SDK's own, and stays the same Output.
    assert.equal(Object.getOwnPropertyDescriptor(thing, "label")?.value, label);
    assert.equal(thing.label, label);
    assert.ok(pulumi.Output.isInstance(label));
    assert.equal(await valueOf(label), "plain");
    assert.equal(await pulumi.isSecret(label), false);
    assert.equal(await valueOf(thing.token), "s3cret");
    assert.equal(await pulumi.isSecret(thing.token), true);
    assert.deepEqual([...(label as unknown as { resources(): Set<unknown> }).resources()], [thing]);
  });

  test("a property can be assigned like the SDK's plain one", async () => {
    let thing: Thing | undefined;
    await capture(() => {
      thing = new Thing("assigned", { label: "x", token: "t" });
      return {};
    });
    assert.ok(thing);
    (thing as unknown as { unread: string }).unread = "set";
    assert.equal((thing as unknown as { unread: string }).unread, "set");
  });
});
