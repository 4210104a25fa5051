/**
 * `infra cost <stack…> | --all`: each stack's monthly cost estimate as a table, its budget, and
 * what is not priced. Exit 1 when a stack's estimate exceeds its budget
 * (infra:cost.monthlyBudgetUsd). The committed report is written by `infra plan`.
 */
import { loadStackView } from "../plan/stack-views";
import { budgetProblem } from "../reports/cost/estimate";
import { buildCostReport } from "../reports/cost/files";
import { formatUsd, renderCostText } from "../reports/cost/render";
import { selectStacks } from "./cli";
import { EXIT, type Io } from "./io";

export interface CostOptions {
  readonly stacks: readonly string[];
  readonly all?: boolean;
}

export async function runCost(options: CostOptions, io: Io): Promise<number> {
  const stacks = selectStacks(io.cwd, options.all, options.stacks);
  const over: string[] = [];
  for (const stack of stacks) {
    const view = await loadStackView(io.cwd, stack);
    const report = buildCostReport(io.cwd, view.plan, view.settings);
    io.stdout(`${renderCostText(report.estimate, report.budgetUsd)}\n`);
    io.stdout(`at the auto-scaling maximum: ${formatUsd(report.atMaxScale.totalUsd)}/month\n\n`);
    const problem = budgetProblem(report.estimate, report.budgetUsd);
    if (problem) over.push(problem);
  }
  for (const problem of over) io.stderr(`${problem}\n`);
  return over.length > 0 ? EXIT.failed : EXIT.ok;
}
