/**
 * `npm run cost -- <stack> | --all`: each stack's monthly cost estimate as a table, its budget,
 * and what is not priced. Exit 1 when a stack's estimate exceeds its budget
 * (infra:cost.monthlyBudgetUsd). The committed report is written by `npm run plan`.
 */
import { parseArgs } from "node:util";
import { resolveSettings } from "../config/resolve";
import { projectName, readStackFile } from "../config/stack-files";
import { budgetProblem } from "../reports/cost/estimate";
import { formatUsd, renderCostText } from "../reports/cost/render";
import { captureStack } from "../plan/capture";
import { runCli, selectStacks } from "./cli";
import { buildCostReport } from "../reports/cost/files";

const USAGE = "usage: npm run cost -- <stack> | --all";

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { all: { type: "boolean" } },
  });
  const dir = process.cwd();
  const project = projectName(dir);
  const stacks = selectStacks(dir, values.all, positionals, USAGE);
  const over: string[] = [];
  for (const stack of stacks) {
    const file = readStackFile(dir, stack, project);
    const input = { project, stack, config: file.config, secretKeys: file.secretKeys };
    const { settings } = resolveSettings(input);
    const plan = await captureStack({ ...input, projectDir: dir });
    const report = buildCostReport(dir, plan, settings);
    console.log(renderCostText(report.estimate, report.budgetUsd));
    console.log(`at the auto-scaling maximum: ${formatUsd(report.atMaxScale.totalUsd)}/month\n`);
    const problem = budgetProblem(report.estimate, report.budgetUsd);
    if (problem) over.push(problem);
  }
  for (const problem of over) console.error(problem);
  return over.length > 0 ? 1 : 0;
}

void runCli(() => main(process.argv.slice(2)));
