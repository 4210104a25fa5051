/**
 * What `infra runtime-check` concludes from a run under Pulumi's runner: the process's exit and
 * output, what the engine was told (logs) and what was registered. Pure, so every verdict is
 * tested without a process (tests/plan/runtime-verdict.test.ts); src/cli/runtime-check.ts runs.
 */
import type { Plan, PlanResource } from "../model/plan";
import { T } from "../model/resource-types";
import { serializePlan } from "./plan-file";

/** What the engine was told: a log line, by severity, about a resource or none. */
export interface EngineLog {
  readonly severity: "debug" | "info" | "warning" | "error";
  readonly message: string;
  readonly urn: string;
}

/** How the program's process ended. */
export interface NodeRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
  readonly timedOut: boolean;
}

/** The runner's exit code when it has already reported the error (pulumi-language-nodejs). */
export const REPORTED = 32;
/** How many differing resources a failure lists. */
const SHOWN = 8;

function engineComplaints(logs: readonly EngineLog[]): string[] {
  return logs
    .filter((log) => log.severity === "error" || log.severity === "warning")
    .map((log) => `engine ${log.severity}: ${log.message.trim()}${log.urn ? ` (${log.urn})` : ""}`);
}

/** A planned run: exit 0, no warning or error, and exactly the committed plan. */
export function planProblems(
  run: NodeRun,
  logs: readonly EngineLog[],
  registered: Plan | undefined,
  committed: { readonly path: string; readonly text: string },
): string[] {
  const problems: string[] = [];
  if (run.code !== 0) {
    problems.push(`the program exited with ${run.code ?? run.signal}${run.timedOut ? " (timed out)" : ""}`);
    if (run.output.trim()) problems.push(...tail(run.output));
  }
  problems.push(...engineComplaints(logs));
  if (run.code === 0 && registered && serializePlan(registered) !== committed.text) {
    problems.push(
      `registered a plan that differs from ${committed.path} ` +
        "(if the program or stack file changed, `npm run check` says whether that plan is stale):",
      ...differences(readCommitted(committed.text), registered),
    );
  }
  return problems;
}

/**
 * A refused run, as the user must see it: the runner's "already reported" exit, one error whose
 * message is the configuration's (no stack frames), nothing registered but the root stack.
 */
export function refusalProblems(
  run: NodeRun,
  logs: readonly EngineLog[],
  registeredTypes: readonly string[],
): string[] {
  const problems: string[] = [];
  if (run.code !== REPORTED) {
    problems.push(
      `the program exited with ${run.code ?? run.signal}, not ${REPORTED} (refused and reported)`,
    );
  }
  const errors = logs.filter((log) => log.severity === "error");
  if (errors.length !== 1)
    problems.push(`${errors.length} engine errors, not one:`, ...engineComplaints(logs));
  for (const error of errors) {
    if (!error.message.startsWith("Invalid configuration for stack")) {
      problems.push(`the error is not the configuration's: ${error.message.split("\n")[0]}`);
    }
    if (/^\s+at /m.test(error.message)) problems.push("the error carries a stack trace");
  }
  const resources = registeredTypes.filter((type) => type !== T.stack);
  const n = resources.length;
  if (n > 0) problems.push(`registered ${n} resource${n === 1 ? "" : "s"} before refusing`);
  return problems;
}

/** The last lines the program printed, where its error is. */
function tail(output: string): string[] {
  const lines = output.trimEnd().split("\n");
  return lines.slice(-20).map((line) => `| ${line}`);
}

/** The committed plan as written; a file that is not one compares as an empty plan of no format. */
export function readCommitted(text: string): Plan {
  try {
    const value = JSON.parse(text) as Partial<Plan> | null;
    if (value && Array.isArray(value.resources)) return value as Plan;
  } catch {
    // Not JSON: reported below as a plan with nothing in it.
  }
  return {
    formatVersion: Number.NaN,
    project: "",
    stack: "",
    tier: "",
    resources: [],
    outputs: {},
  } as unknown as Plan;
}

/** What differs between the committed plan and the registered one, resource by resource. */
export function differences(committed: Plan, registered: Plan): string[] {
  const before = new Map(committed.resources.map((r) => [r.urn, r]));
  const after = new Map(registered.resources.map((r) => [r.urn, r]));
  const lines: string[] = [];
  for (const [urn, resource] of after) {
    const old = before.get(urn);
    if (!old) lines.push(`+ ${urn} (registered, not in the committed plan)`);
    else {
      const fields = changedFields(old, resource);
      if (fields.length > 0) lines.push(`~ ${urn}: ${fields.join(", ")}`);
    }
  }
  for (const urn of before.keys()) if (!after.has(urn)) lines.push(`- ${urn} (committed, not registered)`);
  for (const key of ["project", "stack", "tier", "outputs", "formatVersion"] as const) {
    if (JSON.stringify(committed[key]) !== JSON.stringify(registered[key])) lines.push(`~ the plan's ${key}`);
  }
  return lines.length > SHOWN ? [...lines.slice(0, SHOWN), `… and ${lines.length - SHOWN} more`] : lines;
}

function changedFields(a: PlanResource, b: PlanResource): string[] {
  return (Object.keys({ ...a, ...b }) as (keyof PlanResource)[]).filter(
    (key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]),
  );
}
