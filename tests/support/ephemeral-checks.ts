/**
 * The ephemeral sandbox workflow's checkers (.github/workflows/ephemeral.yml cannot run here: it
 * needs a sandbox account, so it is made correct by construction): each takes parsed YAML, or the
 * throwaway stack's plan, and returns the problems it finds. Used by tests/ci/ephemeral-workflow.test.ts
 * (the workflow, and each checker failing on a workflow that breaks its rule) and by
 * tests/stack/ephemeral.ts (the throwaway stack captured through the real program).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { ephemeralStackName, renderEphemeralStackFile } from "../../src/config/ephemeral";
import { toRawConfig } from "../../src/config/stack-files";
import type { Plan } from "../../src/model/plan";
import { PROJECT } from "./plans";

export const ROOT = path.resolve(__dirname, "../..");
export const FILE = path.join(ROOT, ".github", "workflows", "ephemeral.yml");

export type Json = Record<string, unknown>;
export const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
export const record = (v: unknown): Json => (isRecord(v) ? v : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const yaml = (text: string): Json => record(parse(text));
export const jobs = (w: Json): Array<[string, Json]> =>
  Object.entries(record(w.jobs)).map(([id, j]) => [id, record(j)]);
export const steps = (j: Json): Json[] => list(j.steps).map(record);
export const run = (s: Json): string =>
  typeof s.run === "string" ? s.run.replace(/\\\n/g, " ").replace(/[ \t]+/g, " ") : "";

/** Steps running a `pulumi <command>`, with the index of the step in its job. */
function pulumiCommands(job: Json): Array<{ index: number; command: string; line: string }> {
  return steps(job).flatMap((s, index) =>
    run(s)
      .split("\n")
      .map((line) => line.trim())
      .map((line) => ({ index, line, command: /^(?:if )?pulumi ([a-z]+(?: [a-z]+)?)/.exec(line)?.[1] ?? "" }))
      .filter((c) => c.command !== "" && !c.command.startsWith("login") && !c.command.startsWith("org")),
  );
}

/** The job that deploys: the one running `pulumi up`. */
function sandboxJob(w: Json): [string, Json] | undefined {
  return jobs(w).find(([, j]) => pulumiCommands(j).some((c) => c.command === "up"));
}

// ---------------------------------------------------------------------------------------------
// Checkers
// ---------------------------------------------------------------------------------------------

/** On a schedule and on demand; never on code events (a pull request must not reach the sandbox). */
export function triggerProblems(w: Json): string[] {
  const on = record(w.on);
  const problems: string[] = [];
  const crons = list(on.schedule).map((s) => record(s).cron);
  if (crons.length === 0 || !crons.every((c) => typeof c === "string" && c.trim().split(/\s+/).length === 5))
    problems.push("must run on a schedule (on.schedule[].cron with five fields)");
  if (!("workflow_dispatch" in on)) problems.push("must run on demand (on.workflow_dispatch)");
  for (const event of Object.keys(on).filter((e) => e !== "schedule" && e !== "workflow_dispatch"))
    problems.push(`must not run on "${event}"`);
  return problems;
}

/**
 * The stack is new each run: its name comes from the run id and attempt through
 * scripts/ephemeral-stack.ts, and every pulumi command names that stack and no other.
 */
export function uniqueStackProblems(w: Json): string[] {
  const found = sandboxJob(w);
  if (!found) return ["no job runs `pulumi up`"];
  const [id, job] = found;
  const problems: string[] = [];
  const writer = steps(job).find((s) => run(s).includes("scripts/ephemeral-stack.ts"));
  const env = record(writer?.env);
  if (!writer || writer.id !== "stack")
    problems.push(`job "${id}": no step with id "stack" runs scripts/ephemeral-stack.ts`);
  else if (env.RUN_ID !== "${{ github.run_id }}" || env.RUN_ATTEMPT !== "${{ github.run_attempt }}")
    problems.push(`job "${id}": the stack name must come from github.run_id and github.run_attempt`);
  for (const c of pulumiCommands(job)) {
    const stackEnv = record(steps(job)[c.index]?.env).STACK;
    if (!/--stack "\$\{STACK\}"/.test(c.line) || stackEnv !== "${{ steps.stack.outputs.name }}")
      problems.push(
        `job "${id}": \`pulumi ${c.command}\` must target --stack "\${STACK}" = steps.stack.outputs.name`,
      );
  }
  return problems;
}

/**
 * The order that makes a run safe: the stack file is planned offline (the program's own
 * validation) before any credentials, then up, then the smoke check, then destroy, which runs
 * always once the stack exists, and fails the run when it cannot finish.
 */
export function lifecycleProblems(w: Json): string[] {
  const found = sandboxJob(w);
  if (!found) return ["no job runs `pulumi up`"];
  const [id, job] = found;
  const all = steps(job);
  const problems: string[] = [];
  const at = (pred: (s: Json) => boolean) => all.findIndex(pred);
  const plan = at((s) => /npm run plan -- "\$\{stack\}"/.test(run(s)));
  const creds = at((s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"));
  const commands = pulumiCommands(job);
  const up = commands.find((c) => c.command === "up")?.index ?? -1;
  const destroy = commands.find((c) => c.command === "destroy")?.index ?? -1;
  const smoke = at((s) => run(s).includes("pulumi stack output --json"));
  if (plan < 0)
    problems.push(`job "${id}": the stack file is not planned offline (npm run plan -- "\${stack}")`);
  else if (creds < 0 || creds < plan)
    problems.push(`job "${id}": the offline plan must run before any cloud credentials exist`);
  if (!(up > plan && smoke > up && destroy > smoke))
    problems.push(`job "${id}": the order must be offline plan, up, smoke check, destroy`);
  const destroyStep = all[destroy];
  const condition = String(destroyStep?.if ?? "");
  if (!/always\(\)/.test(condition) || !/steps\.init\.outcome == 'success'/.test(condition))
    problems.push(
      `job "${id}": destroy must run always() once the stack exists (steps.init.outcome == 'success')`,
    );
  if (destroyStep && destroyStep["continue-on-error"] === true)
    problems.push(`job "${id}": a failed destroy must fail the run`);
  if (destroyStep && !/pulumi stack rm/.test(run(destroyStep)))
    problems.push(`job "${id}": the stack record must be removed after a successful destroy`);
  return problems;
}

/**
 * Credentials: the sandbox environment's OIDC role only (no stored keys), for at least the job's
 * timeout (the destroy at the end needs them), and runs one at a time, never cancelled mid-up.
 */
export function credentialProblems(w: Json): string[] {
  const found = sandboxJob(w);
  if (!found) return ["no job runs `pulumi up`"];
  const [id, job] = found;
  const problems: string[] = [];
  if (job.environment !== "sandbox") problems.push(`job "${id}": must run in the sandbox environment`);
  if (record(job.permissions)["id-token"] !== "write")
    problems.push(`job "${id}": needs id-token: write (OIDC)`);
  const text = JSON.stringify(job);
  if (/secrets\.AWS_|aws-access-key-id|aws-secret-access-key/.test(text))
    problems.push(`job "${id}": uses stored AWS keys; the sandbox role is assumed with OIDC`);
  const creds = steps(job).find((s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@"));
  if (record(creds?.with)["role-to-assume"] !== "${{ vars.AWS_SANDBOX_ROLE_ARN }}")
    problems.push(`job "${id}": must assume vars.AWS_SANDBOX_ROLE_ARN`);
  const timeout = Number(job["timeout-minutes"]);
  if (!(Number(record(creds?.with)["role-duration-seconds"]) >= timeout * 60))
    problems.push(`job "${id}": the role session must last the job's timeout`);
  if (record(job.concurrency)["cancel-in-progress"] !== false)
    problems.push(`job "${id}": concurrency must never cancel a run in progress`);
  if (job.needs !== "checks") problems.push(`job "${id}": must need the checks job`);
  return problems;
}

/** Every output the smoke check reads is one the throwaway stack really exports. */
export function smokeOutputProblems(w: Json, outputs: readonly string[]): string[] {
  const found = sandboxJob(w);
  if (!found) return ["no job runs `pulumi up`"];
  const smoke = steps(found[1]).find((s) => run(s).includes("pulumi stack output --json"));
  const read = [...run(smoke ?? {}).matchAll(/\bout ([A-Za-z]+)\b/g)].map((m) => m[1]!);
  if (read.length < 5) return ["the smoke check reads fewer than 5 outputs"];
  return read
    .filter((k) => !outputs.includes(k))
    .map((k) => `the smoke check reads output "${k}", which the stack does not export`);
}

/** What would make `pulumi destroy` fail or leave something behind. */
export function destroyBlockers(plan: Plan): string[] {
  const problems: string[] = [];
  for (const r of plan.resources) {
    if (r.options.protect) problems.push(`${r.name}: protect`);
    if (r.options.retainOnDelete) problems.push(`${r.name}: retainOnDelete`);
    const i = r.inputs;
    if (i["deletionProtection"] === true || i["enableDeletionProtection"] === true)
      problems.push(`${r.name}: deletion protection`);
    if (r.type === "aws:rds/instance:Instance" && i["skipFinalSnapshot"] !== true)
      problems.push(`${r.name}: takes a final snapshot (left behind)`);
    if (r.type === "aws:secretsmanager/secret:Secret" && i["recoveryWindowInDays"] !== 0)
      problems.push(`${r.name}: recovery window (the name stays taken)`);
    if (r.type.startsWith("aws:s3/bucket") && r.type.endsWith(":Bucket") && i["forceDestroy"] !== true)
      problems.push(`${r.name}: a bucket with objects cannot be deleted without forceDestroy`);
  }
  return problems;
}

/** The workflow as committed, and the throwaway stack file it would write, as the program reads it. */
export const workflow = yaml(readFileSync(FILE, "utf8"));
export const STACK = ephemeralStackName("1234567890", "1");
export const rendered = renderEphemeralStackFile({ stack: STACK, accountId: "123456789012" });
export const raw = toRawConfig(record(record(parse(rendered)).config), PROJECT);

/** The real workflow with one change made by `edit` to its sandbox job. */
export function broken(edit: (job: Json) => void): Json {
  const copy = structuredClone(workflow);
  edit(record(record(copy.jobs).sandbox));
  return copy;
}
export const stepWith = (job: Json, text: string): Json => steps(job).find((s) => run(s).includes(text))!;
