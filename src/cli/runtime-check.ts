/**
 * `infra runtime-check <stack…> | --all`: runs each stack the way `pulumi preview` starts it —
 * Pulumi's own Node.js runner (@pulumi/pulumi/cmd/run) in its own process, with the command line
 * and environment the language host derives from Pulumi.yaml and the stack file
 * (src/plan/language-host.ts) — against an engine of mocks on a gRPC port
 * (src/plan/engine-server.ts), and requires that it registers exactly the committed plan.
 *
 * What it proves that the offline plan cannot: the entry point Pulumi resolves (package.json
 * "main", Pulumi.yaml `main`) loads and runs; the runtime options hold (typescript, tsconfig,
 * nodeargs); the program reads its configuration the way the CLI hands it over; and it registers
 * the same resources, inputs and options with none of the in-process capture's shortcuts.
 * `--all` adds the artifact project's stack (artifact/Pulumi.yaml, run from its own folder); each
 * stack that may deploy at any hour (no deploy window, no sleep: staging, which deploys on every
 * merge) run again as `pulumi up`, which must register the same plan; and a refusal: the first
 * stack with an invalid tier, which must fail the way a user should see it — one message, no stack
 * trace, Pulumi's "already reported" exit code, nothing registered. (A guarded stack's `up` is
 * refused or not by the hour, so it is not run: the guards are tested on their pure functions.)
 * `--all` also runs the policy pack the way `pulumi preview --policy-pack policy` does
 * (./runtime-check-policy.ts).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { readArtifactProject } from "../config/artifact-project";
import { projectName, readStackFile } from "../config/stack-files";
import { loadSettings } from "../plan/stack-views";
import { startMockEngine } from "../plan/engine-server";
import { languageHostLaunch, programLocation, readProjectRuntime } from "../plan/language-host";
import { planOfMonitor } from "../plan/capture";
import { planPath } from "../plan/plan-file";
import { type Checked, type NodeRun, planProblems, refusalProblems } from "../plan/runtime-verdict";
import { checkPolicyPack } from "./runtime-check-policy";
import { selectStacks } from "./cli";
import { EXIT, type Io } from "./io";
import { userMessage } from "./user-errors";

export interface RuntimeCheckOptions {
  readonly stacks: readonly string[];
  readonly all?: boolean;
}

/** One Pulumi project's stack to run. */
interface Target {
  readonly dir: string;
  readonly project: string;
  readonly stack: string;
  /** Config keys set over the stack file's: the run must be refused, not planned. */
  readonly refused?: Readonly<Record<string, string>>;
  /** Run as `pulumi up` rather than `pulumi preview`. */
  readonly up?: boolean;
}

/** The planted mistake of the refusal run: a tier that does not exist. */
const REFUSED = { "infra:tier": "qa" } as const;

/** A run that does not finish in this long is reported as hung (Pulumi would wait for ever). */
const TIMEOUT_MS = 180_000;

export async function runRuntimeCheck(options: RuntimeCheckOptions, io: Io): Promise<number> {
  const project = projectName(io.cwd);
  const targets: Target[] = selectStacks(io.cwd, options.all, options.stacks).map((stack) => ({
    dir: io.cwd,
    project,
    stack,
  }));
  if (options.all) {
    const artifact = readArtifactProject(io.cwd);
    targets.push({ dir: artifact.dir, project: artifact.project, stack: artifact.stack });
    const stacks = targets.filter((t) => t.dir === io.cwd);
    for (const target of stacks) {
      const settings = loadSettings(io.cwd, target.stack);
      if (settings.deployWindow === null && !settings.sleep.enabled) targets.push({ ...target, up: true });
    }
    const first = stacks[0];
    if (first) targets.push({ ...first, refused: REFUSED });
  }
  // Each run has its own engine and process, so runs overlap, one per core; reported in order.
  const results = limited(targets, availableParallelism(), (target) => checkTarget(target, io));
  // A bug in a later run is thrown when its turn comes, not reported early as unhandled.
  for (const result of results) result.catch(() => undefined);
  const policy = options.all ? checkPolicyPack(io, selectStacks(io.cwd, true, [])) : Promise.resolve([]);
  policy.catch(() => undefined);
  let failed = 0;
  const report = (name: string, { problems, summary }: Checked) => {
    if (problems.length === 0) io.stdout(`${name}: ${summary}\n`);
    else {
      failed++;
      io.stderr(`${name}: FAILED\n${problems.map((p) => `  ${p}\n`).join("")}`);
    }
  };
  for (const [i, target] of targets.entries())
    report(label(target, io.cwd), await (results[i] as Promise<Checked>));
  const policies = await policy;
  for (const { name, checked } of policies) report(name, checked);
  const total = targets.length + policies.length;
  if (failed > 0) {
    io.stderr(`runtime-check: ${failed} of ${total} failed\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

function label(target: Target, root: string): string {
  const name = target.dir === root ? target.stack : `${target.dir.slice(root.length + 1)}/${target.stack}`;
  const planted = Object.entries(target.refused ?? {}).map(
    ([key, value]) => `${key}: ${JSON.stringify(value)}`,
  );
  if (planted.length > 0) return `${name} with ${planted.join(", ")}`;
  return target.up ? `${name} as pulumi up` : name;
}

/** Calls `run` on every item, at most `limit` at a time; the promises are in the items' order. */
function limited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R>[] {
  let active = 0;
  const waiting: (() => void)[] = [];
  return items.map(async (item) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await run(item);
    } finally {
      active--;
      waiting.shift()?.();
    }
  });
}

/** A run's problems; a mistake in the project's files is one, a bug is thrown. */
async function checkTarget(target: Target, io: Io): Promise<Checked> {
  try {
    return await runTarget(target, io);
  } catch (error) {
    const message = userMessage(error);
    if (message === undefined) throw error;
    return { problems: [message], summary: "" };
  }
}

async function runTarget(target: Target, io: Io): Promise<Checked> {
  const runtime = readProjectRuntime(target.dir);
  const file = readStackFile(target.dir, target.stack, target.project);
  const committedPath = planPath(target.dir, target.stack);
  if (!target.refused && !existsSync(committedPath)) {
    return {
      problems: [`no committed plan at ${committedPath}; run \`infra plan ${target.stack}\` first`],
      summary: "",
    };
  }
  const engine = await startMockEngine({
    project: target.project,
    stack: target.stack,
    region: file.config["aws:region"] ?? "us-east-1",
  });
  try {
    const { pwd } = programLocation(target.dir, runtime.main);
    const launch = languageHostLaunch({
      root: target.dir,
      runtime,
      runPath: require.resolve("@pulumi/pulumi/cmd/run", { paths: [pwd] }),
      monitorAddress: engine.address,
      engineAddress: engine.address,
      project: target.project,
      stack: target.stack,
      config: { ...file.config, ...target.refused },
      secretKeys: file.secretKeys,
      dryRun: !target.up,
      parallel: 32,
    });
    const started = Date.now();
    const run = await runNode(launch.args, launch.cwd, { ...process.env, ...launch.env });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const registered = engine.monitor.registrations;
    const problems = target.refused
      ? refusalProblems(
          run,
          engine.logs,
          registered.map((r) => r.request.getType()),
        )
      : planProblems(
          run,
          engine.logs,
          run.code === 0 ? planOfMonitor(engine.monitor, target.project, target.stack) : undefined,
          { path: committedPath.slice(io.cwd.length + 1), text: readFileSync(committedPath, "utf8") },
        );
    const mode = runtime.typescript ? "TypeScript through Pulumi's ts-node" : "compiled JavaScript";
    const where = `entry ${launch.args[launch.args.length - 1]} in ${launch.cwd.slice(io.cwd.length) || "."}`;
    const summary = target.refused
      ? `refused by Pulumi's runner in ${seconds} s, one message and no stack trace, nothing registered`
      : `${engine.monitor.registrations.length} resources registered by Pulumi's runner (${mode}, ${where}) ` +
        `in ${seconds} s; identical to the committed plan`;
    return { problems, summary };
  } finally {
    await engine.close();
  }
}

function runNode(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, timedOut });
    });
  });
}
