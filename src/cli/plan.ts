/**
 * `npm run plan -- <stack>`: the offline plan of a stack, printed as a tree and written to
 * stacks/<stack>.plan.json. `--all` does every stack file; `--check` writes nothing and fails
 * when a committed plan differs from what the program produces now.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { parseArgs } from "node:util";
import { resolveSettings } from "../config/resolve";
import { projectName, readStackFile } from "../config/stack-files";
import { captureStack } from "../plan/capture";
import { planPath, serializePlan } from "../plan/plan-file";
import { renderCounts, renderTree } from "../reports/plan-tree";
import { runCli, selectStacks } from "./cli";
import { buildCostReport, costFile } from "../reports/cost/files";

const USAGE = "usage: npm run plan -- <stack> | --all [--check] [--quiet]";

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { all: { type: "boolean" }, check: { type: "boolean" }, quiet: { type: "boolean" } },
  });
  const dir = process.cwd();
  const project = projectName(dir);
  const stacks = selectStacks(dir, values.all, positionals, USAGE);

  const stale: string[] = [];
  for (const stack of stacks) {
    const file = readStackFile(dir, stack, project);
    const plan = await captureStack({
      project,
      stack,
      config: file.config,
      secretKeys: file.secretKeys,
      projectDir: dir,
    });
    const text = serializePlan(plan);
    const path = planPath(dir, stack);
    const where = relative(dir, path);
    // The cost report is generated with the plan, so a change that moves one moves the other.
    const { settings } = resolveSettings({
      project,
      stack,
      config: file.config,
      secretKeys: file.secretKeys,
    });
    const cost = buildCostReport(dir, plan, settings);
    const costWhere = costFile(stack);
    if (values.check) {
      const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
      if (current !== text) stale.push(`${where} ${current === undefined ? "is missing" : "is stale"}`);
      else console.log(`${where} is up to date (${plan.resources.length} resources)`);
      const costPath = `${dir}/${costWhere}`;
      const currentCost = existsSync(costPath) ? readFileSync(costPath, "utf8") : undefined;
      if (currentCost !== cost.markdown) {
        stale.push(`${costWhere} ${currentCost === undefined ? "is missing" : "is stale"}`);
      } else console.log(`${costWhere} is up to date`);
      continue;
    }
    if (!values.quiet) console.log(`${renderTree(plan)}\n\n${renderCounts(plan)}\n`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    writeFileSync(`${dir}/${costWhere}`, cost.markdown);
    console.log(
      `wrote ${where} (${plan.resources.length} resources) and ${costWhere} ($${cost.estimate.totalUsd.toFixed(2)}/month)`,
    );
  }
  if (stale.length > 0) {
    console.error(
      `${stale.join("\n")}\nrefresh with: npm run plan:all (then commit stacks/*.plan.json and stacks/*.cost.md)`,
    );
    return 1;
  }
  return 0;
}

void runCli(() => main(process.argv.slice(2)));
