/**
 * `infra plan --watch [stacks… | --all]`: the warm review loop. The process keeps the Pulumi SDK
 * loaded; every save of a stack file re-plans that stack, every save under src/ re-plans every
 * watched stack with the new code, and each re-plan prints its diff against the committed plan
 * (stacks/<stack>.plan.json) and how long it took. Nothing is written: `infra plan` does that.
 *
 * New code is loaded without restarting: the program's own modules are dropped from the module
 * cache and loaded again (from the bundle, rebuilt first, when running compiled), while the SDK
 * and every other package stay loaded. That is what makes a re-plan warm.
 */
import { existsSync, readFileSync, watch as fsWatch } from "node:fs";
import { basename, join } from "node:path";
import { performance } from "node:perf_hooks";
import { ProgramFailure } from "../plan/program-failure";
import { planPath } from "../plan/plan-file";
import { loadStackView } from "../plan/stack-views";
import { diffPlans, parsePlan } from "../reports/diff/plan-diff";
import { renderText } from "../reports/diff/render";
import { selectStacks } from "./cli";
import { EXIT, type Io } from "./io";

/** The project's root: this file sits in src/cli/, or the bundle in bin/cli/. */
const ROOT = join(__dirname, "..", "..");

export interface WatchOptions {
  readonly stacks: readonly string[];
  readonly all?: boolean;
}

/** What to watch, and how: fs.watch by default; tests pass their own trigger. */
export type Watcher = (
  dir: string,
  recursive: boolean,
  onChange: (file: string) => void,
) => { close(): void };

const fsWatcher: Watcher = (dir, recursive, onChange) =>
  fsWatch(dir, { recursive }, (_event, file) => {
    if (file) onChange(String(file));
  });

/** One stack planned by this module's code, and its diff against the committed plan. */
export async function replan(dir: string, stack: string): Promise<{ text: string; ms: number }> {
  const start = performance.now();
  const { plan } = await loadStackView(dir, stack);
  const ms = performance.now() - start;
  const file = planPath(dir, stack);
  const committed = existsSync(file) ? parsePlan(readFileSync(file, "utf8"), file) : null;
  return { text: renderText([diffPlans(committed, plan)]), ms };
}

/**
 * `replan` from freshly loaded program code. Compiled, the bundle is rebuilt if a source is newer
 * and loaded again; from TypeScript (tsx), every module under src/ is loaded again.
 */
function freshReplan(): typeof replan {
  if (__filename.endsWith(".js")) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS build script, loaded only when compiled
    (require(join(ROOT, "scripts", "build.js")) as { ensureBuilt(): string }).ensureBuilt();
  }
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(join(ROOT, "src")) || key.startsWith(join(ROOT, "bin"))) delete require.cache[key];
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- reloading this module is the point
  return (require(__filename) as { replan: typeof replan }).replan;
}

const SOURCE = /\.(ts|json)$/;

export async function runWatch(
  options: WatchOptions,
  io: Io,
  {
    signal,
    watcher = fsWatcher,
    fresh = freshReplan,
    current = replan,
  }: {
    signal?: AbortSignal;
    watcher?: Watcher;
    /** The re-plan from freshly loaded code, after a source change. */
    fresh?: () => typeof replan;
    /** The re-plan with the loaded code, after a stack file's change (and the first plan). */
    current?: typeof replan;
  } = {},
): Promise<number> {
  const stacks = selectStacks(io.cwd, options.all, options.stacks);
  const stackFiles = new Map(stacks.map((s) => [`Pulumi.${s}.yaml`, s]));
  let pending = new Set<string>(stacks);
  let reload = false;
  let first = true;
  let running: Promise<void> | undefined;

  const cycle = async (): Promise<void> => {
    while (pending.size > 0) {
      const todo = [...pending];
      const reloaded = reload;
      pending = new Set();
      reload = false;
      const run = reloaded ? fresh() : current;
      const verb = first ? "planned" : "re-planned";
      first = false;
      for (const stack of todo) {
        try {
          const { text, ms } = await run(io.cwd, stack);
          io.stdout(
            `── ${stack} ${verb} in ${ms.toFixed(0)} ms${reloaded ? " (source changed)" : ""}\n${text}\n`,
          );
        } catch (error) {
          // A mistake mid-edit (bad config, a throw in the program) is shown; the watch goes on.
          const message =
            error instanceof ProgramFailure || error instanceof Error ? error.message : String(error);
          io.stderr(`── ${stack}: ${message}\n`);
        }
      }
    }
  };
  const schedule = () => {
    running ??= cycle().finally(() => {
      running = undefined;
      if (pending.size > 0) schedule();
    });
  };

  schedule();
  const watchers = [
    watcher(io.cwd, false, (file) => {
      const stack = stackFiles.get(basename(file));
      if (stack) {
        pending.add(stack);
        schedule();
      }
    }),
    watcher(join(ROOT, "src"), true, (file) => {
      if (!SOURCE.test(file)) return;
      for (const s of stacks) pending.add(s);
      reload = true;
      schedule();
    }),
  ];
  io.stderr(`watching ${[...stackFiles.keys()].join(", ")} and src/ (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener("abort", () => resolve());
  });
  for (const w of watchers) w.close();
  await running;
  return EXIT.ok;
}
