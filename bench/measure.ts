/**
 * One measurement, in a process of its own so its peak memory is its own:
 *   measure.ts <stack> program <runs>   the real program for the stack's file
 *   measure.ts <stack> floor <runs>     as many bare resources as that stack registers, same mocks
 *   measure.ts <stack> replay <runs>    the replay floor: the captured plan's own registrations,
 *                                       same inputs and options, no project logic (bench/replay.ts)
 * Prints one JSON line: { resources, runsMs, maxRssMb }. The replay must reproduce the program's
 * plan resource for resource, or the measurement fails: a floor that registers something else
 * would measure something else.
 */
import * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import { captureStack, type CaptureInput } from "../src/plan/capture";
import { replayProgram } from "./replay";
import { projectName, readStackFile } from "../src/config/stack-files";

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

async function main(): Promise<void> {
  // The real plan gives the count the floor must match (the root stack exists in both).
  const captured = await captureStack(base);
  const resources = captured.resources.length;
  const input =
    mode === "floor"
      ? { ...base, program: bare(resources - 1) }
      : mode === "replay"
        ? { ...base, program: replayProgram(captured) }
        : base;
  // Warm-up: module loading and JIT are not the program's cost.
  const warm = await captureStack(input);
  if (mode === "replay") {
    const differs = captured.resources.filter((r, i) => !isDeepStrictEqual(r, warm.resources[i]));
    if (differs.length > 0 || warm.resources.length !== resources) {
      throw new Error(`the replay of ${stack} differs from its plan at ${differs[0]?.urn ?? "the count"}`);
    }
  }
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
