/**
 * The two plan readers (src/reports/diff/read-plan.ts) hold to one verdict: the fast one accepts
 * the committed plans, and whatever it accepts, zod accepts and returns the very same value (same
 * fields, same order); everything else it leaves to zod.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Plan } from "../../../src/model/plan";
import { readPlanWithZod, readWrittenPlan } from "../../../src/reports/diff/read-plan";
import { plan, VPC } from "../../support/plan-builders";

const committed = (stack: string) =>
  JSON.parse(readFileSync(join(__dirname, `../../../stacks/${stack}.plan.json`), "utf8")) as unknown;

/** zod's verdict on `json` as text: the plan it returns, in its field order, or its problem. */
function zodVerdict(json: unknown): string {
  const read = readPlanWithZod(json);
  return "plan" in read ? JSON.stringify(read.plan) : `problem: ${read.problem}`;
}

/** A written plan with one resource (inputs, options, a parent) to vary. */
const base = plan({
  resources: [{ type: VPC, name: "dev-vpc", inputs: { cidrBlock: "10.0.0.0/16", tags: { a: [1, null] } } }],
  outputs: { vpcId: "vpc-1" },
});
type Json = Record<string, unknown>;
const resource = base.resources[0] as unknown as Json;
const withResource = (r: Json): unknown => ({ ...base, resources: [r] });
const without = (object: Json, key: string): Json =>
  Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
/** The same fields, `key` moved to the front. */
const first = (object: Json, key: string): Json => ({ [key]: object[key], ...object });

/** Variants zod accepts or refuses, each of which the fast reader must leave to zod. */
const LEFT_TO_ZOD: Record<string, unknown> = {
  "a field besides the plan's": { ...base, note: "x" },
  "the plan's fields in another order": first(base as unknown as Json, "outputs"),
  "a field besides the resource's": withResource({ ...resource, extra: 1 }),
  "the resource's fields in another order": withResource(first(resource, "inputs")),
  "a field besides the options'": withResource({
    ...resource,
    options: { ...base.resources[0]!.options, x: 1 },
  }),
  "a missing field": withResource(without(resource, "provider")),
  "a missing option": withResource({ ...resource, options: without(resource.options as Json, "protect") }),
  "a string where a boolean goes": withResource({ ...resource, custom: "true" }),
  "a number where a string goes": withResource({ ...resource, urn: 1 }),
  "null where a string goes": withResource({ ...resource, type: null }),
  "a dependency that is not a string": withResource({ ...resource, dependencies: [1] }),
  "ignoreChanges that is not a list": withResource({
    ...resource,
    options: { ...(resource.options as Json), ignoreChanges: "x" },
  }),
  "inputs that are a list": withResource({ ...resource, inputs: [] }),
  "inputs that are null": withResource({ ...resource, inputs: null }),
  "an input named __proto__ (zod drops it)": withResource({
    ...resource,
    inputs: JSON.parse('{"__proto__": 1}'),
  }),
  "resources that are not a list": { ...base, resources: {} },
  "outputs that are a string": { ...base, outputs: "x" },
  "a fractional format version": { ...base, formatVersion: 2.5 },
  "an unsafe integer as format version": { ...base, formatVersion: 2 ** 60 },
  "format 1 (no ids; zod adds them)": { ...base, formatVersion: 1, resources: [without(resource, "id")] },
  "format 1 with ids": { ...base, formatVersion: 1 },
  null: null,
  "a list": [],
  "a string": "plan",
};

describe("reading plan files", () => {
  test("the committed plans are read by the fast reader, exactly as zod reads them", () => {
    for (const stack of ["dev", "staging", "prod"]) {
      const json = committed(stack);
      const fast = readWrittenPlan(json);
      assert.ok(fast, `${stack}: the fast reader declined a plan npm run plan wrote`);
      assert.equal(JSON.stringify(fast), zodVerdict(json), stack);
    }
  });

  test("what the fast reader accepts, zod accepts as the same value", () => {
    const accepted: [string, unknown][] = [
      ["a plan of one resource", base],
      ["no resources, no outputs", plan({})],
      ["an empty id and a parent", withResource({ ...resource, id: "", parent: "urn:x", provider: "urn:p" })],
      [
        "inputs holding any JSON",
        withResource({ ...resource, inputs: { a: { b: [true, 1.5, null, "s"] } } }),
      ],
    ];
    for (const [name, json] of accepted) {
      const fast = readWrittenPlan(JSON.parse(JSON.stringify(json)));
      assert.ok(fast, name);
      assert.equal(JSON.stringify(fast), zodVerdict(json), name);
    }
  });

  test("anything but the written shape is left to zod, whatever zod says of it", () => {
    for (const [name, json] of Object.entries(LEFT_TO_ZOD)) {
      assert.equal(readWrittenPlan(json), undefined, name);
    }
    // Both verdicts occur among them: zod reads some (an extra field it drops, another order,
    // format 1) and refuses the others.
    const verdicts = Object.values(LEFT_TO_ZOD).map((json) => zodVerdict(json).startsWith("problem: "));
    assert.ok(verdicts.includes(true) && verdicts.includes(false));
    const formatOne = readPlanWithZod(LEFT_TO_ZOD["format 1 (no ids; zod adds them)"]);
    assert.ok("plan" in formatOne && (formatOne.plan as Plan).resources[0]?.id === null);
  });
});
