/**
 * The capture's flat `pulumi.all` / `pulumi.output` (src/plan/runtime-internals.ts): over an
 * array or record of Outputs and scalars they make one Output instead of the SDK's 2n + 1, and
 * that Output holds exactly what the SDK's own would — value, known and secret flags, resources —
 * for known, unknown and secret elements; anything else goes to the SDK's own.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { flatOutputCombinators, sdkCombinators } from "../../src/plan/runtime-internals";
import { made, outputModule, parts } from "../support/sdk-outputs";

flatOutputCombinators();

/** Everything an Output carries, in a comparable form. */
async function seen(o: pulumi.Output<unknown>) {
  const p = parts(o);
  return {
    value: await p.promise(true),
    known: await p.isKnown,
    secret: await p.isSecret,
    resources: [...p.resources()],
    allResources: [...(await p.allResources())],
  };
}

/** Counts the Outputs made (every Output sets __pulumiOutput in its constructor) until `stop`. */
function countOutputs(): { stop(): number } {
  const proto = outputModule.Output.prototype as object;
  let made = 0;
  Object.defineProperty(proto, "__pulumiOutput", {
    configurable: true,
    set(this: object, v: unknown) {
      Object.defineProperty(this, "__pulumiOutput", { value: v, writable: true, enumerable: true });
      made++;
    },
  });
  return {
    stop() {
      delete (proto as { __pulumiOutput?: unknown }).__pulumiOutput;
      return made;
    },
  };
}

/** Outputs made while `f` runs. */
function outputsMadeBy(f: () => unknown): number {
  const count = countOutputs();
  try {
    f();
  } finally {
    count.stop();
  }
  return count.stop();
}

/** Outputs made by `f` until the Output it returns has its value. */
async function outputsMadeUntilSettled(f: () => pulumi.Output<unknown>): Promise<number> {
  const count = countOutputs();
  try {
    await parts(f()).promise(true);
  } finally {
    count.stop();
  }
  return count.stop();
}

describe("capture: pulumi.all over Outputs and scalars makes one Output", () => {
  const a = {};
  const b = {};
  const c = {};
  const cases: [string, () => unknown][] = [
    ["known values and a scalar", () => [made("x", { from: a }), 7, made("y", { from: b, deep: [c] })]],
    ["a secret element", () => [made("x", { from: a }), made("s", { from: b, secret: true })]],
    ["an unknown element", () => [made(undefined, { from: a, known: false }), made("y", { from: b })]],
    ["an unknown element holding the unknown value", () => [made(outputModule.unknown, { from: a }), "z"]],
    ["array and record values", () => [made(["p", "q"], { from: a }), made({ k: ["v"] }, { from: b })]],
    ["a record", () => ({ first: made("x", { from: a }), second: "plain", third: made(1, { from: b }) })],
    [
      "plain data beside Outputs",
      () => ({ o: made("x", { from: a }), data: { via: "hotfix", list: ["a", 1] } }),
    ],
  ];
  for (const [name, elements] of cases) {
    test(`${name}: what the SDK's own all would hold`, async () => {
      assert.deepEqual(
        await seen(pulumi.all(elements() as never)),
        await seen(sdkCombinators.all(elements())),
      );
      assert.deepEqual(
        await seen(pulumi.output(elements() as never)),
        await seen(sdkCombinators.output(elements())),
      );
    });
  }

  test("a promise of a record (the root stack's outputs): what the SDK's own output would hold", async () => {
    const outputs = () =>
      Promise.resolve({ vpcId: made("vpc-1", { from: a }), tier: "prod", ids: made(["s-1"], { from: b }) });
    assert.deepEqual(
      await seen(pulumi.output(outputs() as never)),
      await seen(sdkCombinators.output(outputs())),
    );
    const plain = () => Promise.resolve({ tier: "prod", approval: { via: "window" } });
    assert.deepEqual(await seen(pulumi.output(plain() as never)), await seen(sdkCombinators.output(plain())));
    const elements = [made("a"), made("b"), "c"];
    assert.equal(await outputsMadeUntilSettled(() => pulumi.output(Promise.resolve(elements) as never)), 2);
    assert.equal(await outputsMadeUntilSettled(() => sdkCombinators.output(Promise.resolve(elements))), 6);
  });

  test("one Output for n elements, where the SDK's own makes 2n + 1", () => {
    const elements = [made("a"), made("b"), made("c"), "d"];
    assert.equal(
      outputsMadeBy(() => pulumi.all(elements)),
      1,
    );
    assert.equal(
      outputsMadeBy(() => sdkCombinators.all(elements)),
      7,
    );
  });

  test("the combined value is a copy: changing it leaves the element's own value alone", async () => {
    const list = made(["p", "q"]);
    const combined = (await parts(pulumi.all([list, "x"])).promise(true)) as [string[], string];
    combined[0].push("r");
    assert.deepEqual(await parts(list).promise(true), ["p", "q"]);
  });

  test("nested arrays, a lone Output and plain values go to the SDK's own", async () => {
    const nested = () => [[made("x")], made("y")];
    assert.deepEqual(await seen(pulumi.all(nested() as never)), await seen(sdkCombinators.all(nested())));
    const lone = made("z", { secret: true });
    assert.deepEqual(await seen(pulumi.output(lone)), await seen(sdkCombinators.output(lone)));
    assert.deepEqual(await seen(pulumi.all(["a", 1])), await seen(sdkCombinators.all(["a", 1])));
    assert.equal(
      outputsMadeBy(() => pulumi.all(nested() as never)),
      outputsMadeBy(() => sdkCombinators.all(nested())),
    );
  });
});
