/**
 * User-facing configuration errors. A user mistake prints one message (stack, key, value given,
 * what is allowed) and no stack trace; values of secret keys are never echoed.
 */
import type { z } from "zod";
import { SECRET_PLACEHOLDER } from "../model/plan";

/**
 * A stack file Pulumi cannot read as this program would (src/config/stack-files.ts). Its message
 * is only `Pulumi.<stack>.yaml:<line>: <problem>` lines: no stack trace and no quoted source,
 * since the lines around a mistake in a stack file can hold secrets.
 */
export class StackFileError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join("\n"));
    this.name = "StackFileError";
  }
}

export class ConfigError extends Error {
  constructor(
    readonly stack: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Invalid configuration for stack "${stack}" (Pulumi.${stack}.yaml); no resources were registered:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

const MAX_SHOWN = 80;

/** A value as a user typed it: JSON, shortened when long. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

function keyPath(key: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : `${acc}.${String(part)}`),
    key,
  );
}

function shapeKeys(schema: z.ZodType): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** The schema of a nested object (e.g. infra:access.permissionSets), through optional/nullable wrappers. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType {
  let current: unknown = schema;
  for (const key of path) {
    while ((current as { unwrap?: () => unknown })?.unwrap)
      current = (current as { unwrap: () => unknown }).unwrap();
    const shape = (current as { shape?: Record<string, unknown> } | undefined)?.shape;
    if (!shape || typeof key !== "string" || !(key in shape)) return schema;
    current = shape[key];
  }
  while ((current as { unwrap?: () => unknown })?.unwrap)
    current = (current as { unwrap: () => unknown }).unwrap();
  return current as z.ZodType;
}

/** Lines for one schema issue: `infra:compute.minSize: got 0.5; expected an integer from 1 to 500`. */
export function formatIssue(
  key: string,
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  secret: boolean,
): string[] {
  const where = keyPath(key, issue.path);
  const given = secret ? SECRET_PLACEHOLDER : describeValue((issue as { input?: unknown }).input);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = shapeKeys(schemaAt(schema, issue.path)).join(", ");
      return issue.keys.map(
        (k) => `${keyPath(where, [k])}: unknown key; allowed keys in ${where}: ${allowed}`,
      );
    }
    case "invalid_key":
      // A mapping's key broke the key's own rule: say that rule, not "invalid key".
      return [`${where}: got ${given}; expected ${issue.issues[0]?.message ?? issue.message}`];
    case "invalid_value":
      return [`${where}: got ${given}; allowed: ${issue.values.map((v) => describeValue(v)).join(", ")}`];
    case "invalid_type":
      if (issue.expected === "object") {
        return [`${where}: got ${given}; expected a mapping with any of: ${shapeKeys(schema).join(", ")}`];
      }
      return [`${where}: got ${given}; expected ${issue.message}`];
    default:
      // Every field's own error text is its "what is allowed" phrase.
      return [`${where}: got ${given}; expected ${issue.message}`];
  }
}

/** A Pulumi.yaml that the Pulumi CLI or its Node.js language host would refuse (src/plan/language-host.ts). */
export class ProjectFileError extends Error {
  override name = "ProjectFileError";
}
