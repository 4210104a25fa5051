/**
 * `infra plan <stack…> | --all [--check] [--quiet]`: the offline plan of each stack, printed as a
 * tree and written (with its cost report) to stacks/. `--check` writes nothing and fails when a
 * committed plan or cost report differs from what the program produces now.
 */
import { loadStackView } from "../plan/stack-views";
import { renderCounts, renderTree } from "../reports/plan-tree";
import { selectStacks } from "./cli";
import { staleMessage, syncFiles } from "./generated-files";
import { planFiles } from "./generators";
import { EXIT, type Io } from "./io";

export interface PlanOptions {
  readonly stacks: readonly string[];
  readonly all?: boolean;
  readonly check?: boolean;
  readonly quiet?: boolean;
}

export async function runPlan(options: PlanOptions, io: Io): Promise<number> {
  const stacks = selectStacks(io.cwd, options.all, options.stacks);
  const stale: string[] = [];
  for (const stack of stacks) {
    const view = await loadStackView(io.cwd, stack);
    if (!options.check && !options.quiet)
      io.stdout(`${renderTree(view.plan)}\n\n${renderCounts(view.plan)}\n\n`);
    const mode = options.check ? "check" : "write";
    stale.push(...syncFiles(io, planFiles(io.cwd, view), { mode, quiet: options.quiet }));
  }
  if (stale.length > 0) {
    io.stderr(staleMessage(stale));
    return EXIT.failed;
  }
  return EXIT.ok;
}
