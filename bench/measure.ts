/**
 * One measurement, in a process of its own so its peak memory is its own:
 *   measure.ts <stack> pair <runs>      program/replay, the goal's figure: the program, its replay
 *                                       floor and the generic replay alternated in this one
 *                                       process (see `pair` below)
 *   measure.ts <stack> program <runs>   the real program for the stack's file
 *   measure.ts <stack> floor <runs>     as many bare resources as that stack registers, same mocks
 *   measure.ts <stack> replay <runs>    the replay floor: the captured plan's own registrations,
 *                                       same inputs and options, no project logic (bench/replay.ts)
 *   measure.ts <stack> checks <runs>    the validation alone, no capture: the stack file's whole
 *                                       resolution (schema and AWS rules), the AWS value, reserved-
 *                                       name and cross-field rules on the settings, and the plan-
 *                                       level name and Region rules on the captured plan
 * Prints one JSON line: { resources, runsMs, maxRssMb } (pair: { resources, rounds } with each
 * round's CPU and wall ms per variant; checks: { resources, configMs, awsSettingsMs, planRulesMs },
 * each a list of per-evaluation times, one per run). A replay must reproduce the program's plan
 * whole, or the measurement fails: a floor that registers something else would measure
 * something else.
 */
import * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import { captureStack, type CaptureInput } from "../src/plan/capture";
import { replayProgram } from "./replay";
import { projectName, readStackFile } from "../src/config/stack-files";
import { resolveSettings } from "../src/config/resolve";
import { awsSettingsProblems } from "../src/config/aws/checks";
import { planRuleProblems } from "../src/config/aws/plan-rules";
import {
  cacheNodeTypeProblem,
  ec2InstanceTypeProblem,
  rdsPostgresClassProblem,
  regionProblem,
} from "../src/config/aws/values";
import { checkNames } from "../src/model/names";
import type { Plan } from "../src/model/plan";

const [stack = "dev", mode = "program", runsArg = "7"] = process.argv.slice(2);
const runs = Number(runsArg);
const dir = process.cwd();
const project = projectName(dir);
const file = readStackFile(dir, stack, project);
const base: CaptureInput = {
  project,
  stack,
  config: file.config,
  secretKeys: file.secretKeys,
  projectDir: dir,
};

/** A custom resource with no inputs: the least a registration can cost. */
class Bare extends pulumi.CustomResource {
  constructor(name: string) {
    super("bench:index:Bare", name, {});
  }
}

/** The floor: `count` bare resources, no parent but the stack, no provider. */
const bare = (count: number) => async () => {
  for (let i = 0; i < count; i++) new Bare(`bare-${i}`);
  return {};
};

/**
 * Each check is far below a millisecond, so one figure is the mean of a batch of evaluations;
 * the batch is sized so a run lasts ~20 ms, and `runs` batches give the spread.
 */
function perEvaluationMs(runs: number, check: () => unknown): number[] {
  const once = () => {
    const start = process.hrtime.bigint();
    check();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  for (let i = 0; i < 20; i++) once(); // warm-up
  const batch = Math.max(1, Math.ceil(20 / Math.max(once(), 0.001)));
  return Array.from({ length: runs }, () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) check();
    return Number(process.hrtime.bigint() - start) / 1e6 / batch;
  });
}

function checks(plan: Plan): void {
  const { settings } = resolveSettings(base);
  const awsSettings = () => [
    ...awsSettingsProblems(settings),
    ...checkNames(project, stack, settings.environment),
    ec2InstanceTypeProblem(settings.compute.instanceType),
    rdsPostgresClassProblem(settings.database.instanceClass),
    cacheNodeTypeProblem(settings.cache.nodeType),
    regionProblem(settings.region),
  ];
  console.log(
    JSON.stringify({
      resources: plan.resources.length,
      configMs: perEvaluationMs(runs, () => resolveSettings(base)),
      awsSettingsMs: perEvaluationMs(runs, awsSettings),
      planRulesMs: perEvaluationMs(runs, () => planRuleProblems(plan, settings.region)),
    }),
  );
}

/** A replay that does not reproduce the plan whole (resources and outputs) measures something else. */
async function assertReplays(plan: Plan, input: CaptureInput, what: string): Promise<void> {
  const replayed = await captureStack(input);
  const differs = plan.resources.find((r, i) => !isDeepStrictEqual(r, replayed.resources[i]));
  if (differs || replayed.resources.length !== plan.resources.length) {
    throw new Error(`the ${what} of ${stack} differs from its plan at ${differs?.urn ?? "the count"}`);
  }
  if (!isDeepStrictEqual(plan, replayed))
    throw new Error(`the ${what} of ${stack} differs from its plan's outputs`);
}

const PAIR_WARM_UP = 5;

/**
 * The program and its floors under the same conditions: one process, so the same loaded modules,
 * JIT state and heap; `PAIR_WARM_UP` rounds of each before timing, so optimised code is timed,
 * not compilation; and rounds that alternate the variants (order rotated each round), so a burst
 * of load from elsewhere on the machine falls on all of them alike. Each run is timed as CPU (user
 * + sys, all threads, so the GC's helper threads count) and wall time. No GC is forced between
 * runs: a full collection before each run shrinks the heap, and its concurrent sweeping spills
 * into the timed run, which doubled every variant's time and pulled their ratios towards 1.
 */
async function pair(plan: Plan): Promise<void> {
  const variants = {
    program: base,
    replay: { ...base, program: replayProgram(plan) },
    generic: { ...base, program: replayProgram(plan, { generic: true }) },
  };
  await assertReplays(plan, variants.replay, "replay");
  await assertReplays(plan, variants.generic, "generic replay");
  const names = Object.keys(variants) as (keyof typeof variants)[];
  for (let i = 0; i < PAIR_WARM_UP; i++) for (const name of names) await captureStack(variants[name]);
  const rounds: Record<string, { cpuMs: number; wallMs: number }>[] = [];
  for (let i = 0; i < runs; i++) {
    const round: (typeof rounds)[number] = {};
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length]!;
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const got = await captureStack(variants[name]);
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      const used = process.cpuUsage(cpu);
      if (got.resources.length !== plan.resources.length)
        throw new Error(`${name} registered ${got.resources.length}`);
      round[name] = { cpuMs: (used.user + used.system) / 1000, wallMs };
    }
    rounds.push(round);
  }
  console.log(JSON.stringify({ resources: plan.resources.length, rounds }));
}

async function main(): Promise<void> {
  // The real plan gives the count the floor must match (the root stack exists in both).
  const captured = await captureStack(base);
  const resources = captured.resources.length;
  if (mode === "checks") return checks(captured);
  if (mode === "pair") return pair(captured);
  const input =
    mode === "floor"
      ? { ...base, program: bare(resources - 1) }
      : mode === "replay"
        ? { ...base, program: replayProgram(captured) }
        : base;
  // Warm-up: module loading and JIT are not the program's cost.
  if (mode === "replay") await assertReplays(captured, input, "replay");
  else await captureStack(input);
  const runsMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const plan = await captureStack(input);
    runsMs.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (plan.resources.length !== resources)
      throw new Error(`${mode} registered ${plan.resources.length}, expected ${resources}`);
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ resources, runsMs, maxRssMb }));
}

void main();
