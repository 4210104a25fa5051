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

/** One check's verdict: what went wrong, or what passed, for the report. */
export interface Checked {
  readonly problems: readonly string[];
  readonly summary: string;
}

/** The runner's exit code when it has already reported the error (pulumi-language-nodejs). */
export const REPORTED = 32;
/** How many differing resources a failure lists. */
const SHOWN = 8;

/** The warnings and errors among what the engine was told, one line each. */
export function engineComplaints(logs: readonly EngineLog[]): string[] {
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

/** One violation the policy pack reported to the engine. */
export interface PolicyDiagnostic {
  readonly policy: string;
  readonly urn: string;
  readonly level: "advisory" | "mandatory" | "disabled" | "remediate";
  readonly message: string;
}

/** What the rules report in-process for the same plan and tier (src/policy/evaluate.ts). */
export interface ExpectedViolations {
  /** Violations that fail a preview: the pack must report each as mandatory. */
  readonly failures: readonly { readonly rule: string; readonly urn: string }[];
  /** Violations the tier's exceptions allow: the pack must report each as advisory. */
  readonly excepted: readonly { readonly rule: string; readonly urn: string }[];
}

/**
 * The policy pack under Pulumi's policy runner against the rules in-process: the same policies,
 * and for one plan the same violations at the same enforcement levels, no more and no fewer.
 */
export function policyProblems(
  declared: readonly string[],
  rules: readonly string[],
  diagnostics: readonly PolicyDiagnostic[],
  expected: ExpectedViolations,
): string[] {
  const problems: string[] = [];
  const missing = rules.filter((r) => !declared.includes(r));
  const extra = declared.filter((p) => !rules.includes(p));
  if (missing.length > 0) problems.push(`the pack does not declare ${missing.join(", ")}`);
  if (extra.length > 0) problems.push(`the pack declares ${extra.join(", ")}, which no rule is`);
  const key = (rule: string, urn: string) => `${rule} on ${urn || "the stack"}`;
  for (const [level, wanted] of [
    ["mandatory", expected.failures],
    ["advisory", expected.excepted],
  ] as const) {
    const got = new Set(diagnostics.filter((d) => d.level === level).map((d) => key(d.policy, d.urn)));
    const want = new Set(wanted.map((v) => key(v.rule, v.urn)));
    for (const k of got)
      if (!want.has(k)) problems.push(`the pack reports ${level} ${k}; the rules in-process do not`);
    for (const k of want)
      if (!got.has(k)) problems.push(`the rules in-process report ${k}; the pack does not, as ${level}`);
  }
  for (const d of diagnostics.filter((d) => d.level !== "mandatory" && d.level !== "advisory")) {
    problems.push(`the pack reports ${d.level} ${key(d.policy, d.urn)}`);
  }
  return problems;
}
