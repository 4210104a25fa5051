/**
 * Reading a plan file (`stacks/<stack>.plan.json`, see `src/model/plan.ts`) for the diff: its
 * shape written once (PLAN_SHAPE), and two readers derived from it. A plan exactly as `npm run
 * plan` writes it is checked in one pass over its resources, without zod; anything else (an
 * older format, a missing or extra field, a wrong type) goes to the zod schema, which decides and
 * words the error. The first is an exact subset of the second: what it accepts, zod accepts and
 * returns the same value for (tests/reports/diff/read-plan.test.ts), so which reader ran never
 * shows. Why two: `infra diff --base` reads six plans, and loading zod and walking every input
 * value with `z.json()` took ~0.15 s of a command whose goal is 0.3 s (issue 16).
 */
import type * as Zod from "zod";
import type { Plan, PlanValue } from "../../model/plan";

/** A plan that cannot be read or compared: a user mistake, reported without a stack trace. */
export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanInputError";
  }
}

/** A field's type: scalars, a list of strings, or a map of JSON values (inputs, outputs). */
type FieldType = "string" | "string or null" | "boolean" | "integer" | "strings" | "values";
interface Shape {
  readonly [field: string]: FieldType | Shape | readonly [Shape];
}

/** Every field of a resource, in the order the plan writer (src/plan/plan-file.ts) writes them. */
const RESOURCE_SHAPE = {
  urn: "string",
  type: "string",
  name: "string",
  id: "string or null",
  parent: "string or null",
  custom: "boolean",
  provider: "string or null",
  dependencies: "strings",
  options: {
    protect: "boolean",
    retainOnDelete: "boolean",
    deleteBeforeReplace: "boolean",
    ignoreChanges: "strings",
  },
  inputs: "values",
} as const satisfies Shape;

export const PLAN_SHAPE = {
  formatVersion: "integer",
  project: "string",
  stack: "string",
  tier: "string",
  resources: [RESOURCE_SHAPE],
  outputs: "values",
} as const satisfies Shape;

// ---------------------------------------------------------------------------------------------
// The fast reader: the shape exactly, fields in order, nothing else

/** An object, not a list: what JSON.parse made of `{…}`. */
function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fits(type: FieldType | Shape | readonly [Shape], value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "string or null":
      return value === null || typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return Number.isSafeInteger(value);
    case "strings":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
    case "values":
      // Parsed from JSON, so every value in it is JSON already: nothing to walk. zod's record
      // drops a `__proto__` key (it assigns keys, and that one sets the prototype): left to zod.
      return isMapping(value) && !Object.hasOwn(value, "__proto__");
  }
  if (Array.isArray(type)) {
    const [item] = type as readonly [Shape];
    return Array.isArray(value) && value.every((element) => fits(item, element));
  }
  if (!isMapping(value)) return false;
  const fields = Object.keys(type);
  const keys = Object.keys(value);
  // The same fields in the same order: zod's result lists the shape's fields in its order, so
  // the value read here is then the value zod would return.
  return (
    keys.length === fields.length &&
    fields.every((field, i) => keys[i] === field && fits((type as Shape)[field]!, value[field]))
  );
}

/**
 * The plan as written, if `json` (what JSON.parse returned) has exactly the current format's
 * shape; undefined otherwise.
 */
export function readWrittenPlan(json: unknown): Plan | undefined {
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  return version !== 1 && fits(PLAN_SHAPE, json) ? (json as Plan) : undefined;
}

// ---------------------------------------------------------------------------------------------
// The zod reader: every other input, and the error messages

function zodOf(z: typeof Zod.z, type: FieldType | Shape | readonly [Shape]): Zod.ZodType {
  switch (type) {
    case "string":
      return z.string();
    case "string or null":
      return z.string().nullable();
    case "boolean":
      return z.boolean();
    case "integer":
      return z.number().int();
    case "strings":
      return z.array(z.string());
    case "values":
      // JSON.parse made every value, so each is a PlanValue by construction.
      return z.record(z.string(), z.custom<PlanValue>());
  }
  if (Array.isArray(type)) return z.array(zodOf(z, (type as readonly [Shape])[0]));
  return objectOf(z, type as Shape);
}

function objectOf(z: typeof Zod.z, shape: Shape): Zod.ZodObject {
  return z.object(Object.fromEntries(Object.entries(shape).map(([field, type]) => [field, zodOf(z, type)])));
}

interface Schemas {
  readonly plan: Zod.ZodType<Plan>;
  readonly formatOne: Zod.ZodType<Plan>;
}
let schemas: Schemas | undefined;

/**
 * Built on first use: the diff of plans as written never loads zod. (Required on every call, a
 * lookup in require's cache after the first, so tests/cli/diff-cli.test.ts sees each use.)
 */
export function planSchemas(): Schemas {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when needed (above)
  const { z } = require("zod") as typeof Zod;
  if (schemas) return schemas;
  const plan = objectOf(z, PLAN_SHAPE);
  // Format 1 recorded no resource ids: such a plan still reads (ids null), so comparing it with
  // a newer one fails on the format version and says to regenerate, not on a missing field.
  const formatOne = plan.extend({
    formatVersion: z.literal(1),
    resources: z.array(objectOf(z, RESOURCE_SHAPE).extend({ id: z.null().default(null) })),
  });
  schemas = {
    plan: plan as unknown as Zod.ZodType<Plan>,
    formatOne: formatOne as unknown as Zod.ZodType<Plan>,
  };
  return schemas;
}

/** The zod reader's verdict on parsed JSON: the plan, or the first problem found. */
export function readPlanWithZod(json: unknown): { plan: Plan } | { problem: string } {
  const formatOne = (json as { formatVersion?: unknown } | null)?.formatVersion === 1;
  const { plan, formatOne: old } = planSchemas();
  const result = (formatOne ? old : plan).safeParse(json);
  if (result.success) return { plan: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join(".") : "top level";
  return { problem: `${where}: ${issue?.message ?? "invalid"}` };
}

/**
 * Parses and checks a plan file's text. `origin` names where it came from (a path, or
 * `<ref>:<path>`) so the error says which input was wrong.
 */
export function parsePlan(text: string, origin: string): Plan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PlanInputError(`${origin} is not a plan file: not valid JSON (${(error as Error).message})`);
  }
  const written = readWrittenPlan(json);
  if (written) return written;
  const read = readPlanWithZod(json);
  if ("plan" in read) return read.plan;
  throw new PlanInputError(
    `${origin} is not a plan file: ${read.problem}; ` +
      "expected the JSON written by `npm run plan` (formatVersion, project, stack, tier, resources, outputs)",
  );
}
