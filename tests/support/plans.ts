/**
 * Captures shared by the stack tests: each stack is evaluated once per test run, from its real
 * stack file, by the real program under the capturing mock monitor, in the capture worker.
 */
import { resolve } from "node:path";
import { listStacks, projectName, readStackFile } from "../../src/config/stack-files";
import type { ArtifactPlan } from "../../src/artifact/capture";
import type { Capture, CaptureInput } from "../../src/plan/capture";
import { CaptureClient } from "./capture-client";
import { type TestCaptureInput, toRequest } from "./capture-protocol";
import { type Plan, type PlanResource, resourceWithId } from "../../src/model/plan";
import type { EnvironmentSettings } from "../../src/model/settings";
import { loadSettings } from "../../src/plan/stack-views";
import { SEED, type SeedEnvironment } from "../stack/seed-table";

export const PROJECT_DIR = resolve(__dirname, "../..");
export const PROJECT = projectName(PROJECT_DIR);
/** Every stack file's stack: a new Pulumi.<stack>.yaml is tested like the others, with no edit here. */
export const STACKS: readonly string[] = listStacks(PROJECT_DIR);
export type StackName = string;

const cache = new Map<string, Promise<Plan>>();

/** The plan of a stack file, captured once. */
export function planOf(stack: string): Promise<Plan> {
  let plan = cache.get(stack);
  if (!plan) {
    plan = capture(stackInput(stack));
    cache.set(stack, plan);
  }
  return plan;
}

const again = new Map<string, ReturnType<typeof captureWithOutput>>();
/**
 * A second evaluation of a stack file in the same worker, with everything the program wrote while
 * it ran: the plan-file suite compares it with the first (byte-identical), the secret-hygiene suite
 * searches it and the output for planted secrets. Captured once per stack.
 */
export function secondEvaluationOf(stack: string): ReturnType<typeof captureWithOutput> {
  let second = again.get(stack);
  if (!second) again.set(stack, (second = planOf(stack).then(() => captureWithOutput(stackInput(stack)))));
  return second;
}

/**
 * Asks for every stack file's plan at once, so the worker captures them back to back while the
 * test thread loads the suites (scripts/test.js calls it first in the stack process). A failure is
 * reported by the tests that await the plan.
 */
export function prefetchPlans(): void {
  for (const stack of STACKS) planOf(stack).catch(() => undefined);
}

/**
 * Marks a capture asked for when its suite loads (not when its test runs), so the worker makes it
 * while earlier suites run: its failure is reported by the test that awaits it, not as an
 * unhandled rejection before then.
 */
export function early<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The plan of any input (see captureRegistrations). */
export async function capture(input: TestCaptureInput): Promise<Plan> {
  return (await captureRegistrations(input)).plan;
}

/**
 * A capture with what was registered; rejects with a ProgramFailure when the program fails. Runs in
 * the capture worker (tests/support/capture-worker.ts says why); a program of its own is named in
 * `workerProgram` (tests/support/worker-programs.ts).
 */
export function captureRegistrations(input: TestCaptureInput): Promise<Capture> {
  // The same input makes the same plan (the plan-file suite proves it with a second evaluation,
  // which bypasses this): two suites varying a stack the same way share one capture.
  const key = JSON.stringify(toRequest(input));
  let capture = captures.get(key);
  if (!capture) captures.set(key, (capture = worker().capture(input)));
  return capture;
}
const captures = new Map<string, Promise<Capture>>();
let shared: CaptureClient | undefined;
const worker = () => (shared ??= new CaptureClient());

let artifact: Promise<ArtifactPlan> | undefined;
/** The artifact project's plan (src/artifact/capture.ts), captured once, in the worker. */
export function artifactPlanOf(): Promise<ArtifactPlan> {
  return (artifact ??= worker().artifactPlan(PROJECT_DIR));
}

/**
 * A capture and everything the program wrote to stdout, stderr or the console while it ran,
 * collected in the worker: this process's streams carry the test report and are never touched.
 */
export async function captureWithOutput(
  input: TestCaptureInput,
): Promise<{ capture?: Capture; error?: unknown; output: string }> {
  try {
    return await worker().captureWithOutput(input);
  } catch (error) {
    return { error, output: (error as { output?: string }).output ?? "" };
  }
}

export function stackInput(stack: string, extra: Partial<CaptureInput> = {}): CaptureInput {
  const file = readStackFile(PROJECT_DIR, stack, PROJECT);
  return {
    project: PROJECT,
    stack,
    config: file.config,
    secretKeys: file.secretKeys,
    projectDir: PROJECT_DIR,
    ...extra,
  };
}

/**
 * A stack's input with some `infra:`/`aws:` keys set on top of its stack file, as `pulumi config
 * set` would: objects become the JSON Pulumi stores, strings stay as given. Keys named in
 * `secretKeys` are marked secret, as `--secret` would.
 */
export function withConfig(
  stack: string,
  config: Readonly<Record<string, unknown>>,
  secretKeys: readonly string[] = [],
): CaptureInput {
  const base = stackInput(stack);
  const set = Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
  return {
    ...base,
    config: { ...base.config, ...Object.fromEntries(set) },
    secretKeys: [...base.secretKeys, ...secretKeys],
  };
}

/**
 * prod's stack file moved to eu-west-1, its own address space in three of that Region's AZs: a
 * Region outside the price table, with CloudFront's parts still pinned to us-east-1.
 */
export function prodInEuWest1(): CaptureInput {
  return withConfig("prod", {
    "aws:region": "eu-west-1",
    "infra:network": {
      cidr: "10.2.0.0/16",
      availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    },
  });
}

/** The plan of a stack with some keys set on top of its stack file (see `withConfig`). */
export function captureWith(
  stack: string,
  config: Readonly<Record<string, unknown>>,
  secretKeys: readonly string[] = [],
): Promise<Plan> {
  return capture(withConfig(stack, config, secretKeys));
}

export const ofType = (plan: Plan, type: string): PlanResource[] =>
  plan.resources.filter((r) => r.type === type);

export function one(plan: Plan, type: string, name?: string): PlanResource {
  const found = ofType(plan, type).filter((r) => name === undefined || r.name === name);
  if (found.length !== 1)
    throw new Error(
      `${plan.stack}: expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`,
    );
  return found[0]!;
}

/** A nested input by dotted path. */
export function input(resource: PlanResource, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], resource.inputs);
}

/** The logical name of the resource an id in the plan refers to ("sg-0a1b…" → "prod-db-sg"). */
export function idName(plan: Plan, id: unknown): string {
  const resource = resourceWithId(plan.resources, id);
  if (!resource) throw new Error(`${plan.stack}: no resource has the id ${String(id)}`);
  return resource.name;
}

const settingsCache = new Map<string, EnvironmentSettings>();
/** A stack's resolved settings, as the program resolves them. */
export function settingsOf(stack: string): EnvironmentSettings {
  let settings = settingsCache.get(stack);
  if (!settings) settingsCache.set(stack, (settings = loadSettings(PROJECT_DIR, stack)));
  return settings;
}

/** The stack's tier: per-stack expectations are per tier, so a new stack file needs no test edit. */
export const tierOf = (stack: string) => settingsOf(stack).tier;

/**
 * The stacks the specification names (dev, staging, prod): only they are held to the seed's
 * literal figures (their CIDRs, namespaces, sizes). A new stack is held to its tier's rules.
 */
export const SEED_STACKS: readonly string[] = STACKS.filter((s) => Object.hasOwn(SEED, s));

/** The stack's secrets namespace, e.g. "/production/". */
export const namespaceOf = (stack: string): string => `/${settingsOf(stack).environment}/`;

/**
 * The seed's figures a stack is held to: its own row of the specification's table for the three
 * environments it names, else its tier's row (a new `perf` stack of tier staging is held to
 * staging's figures unless a test says otherwise).
 */
export function seedFor(stack: string): SeedEnvironment {
  return (SEED as Record<string, SeedEnvironment>)[stack] ?? SEED[settingsOf(stack).tier];
}
