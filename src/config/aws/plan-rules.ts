/**
 * The AWS rules that need the whole captured plan rather than the settings: every name a
 * resource gets (its name input, or Pulumi's autoname from the logical name) against the rule of
 * its type (src/model/name-rules.ts). Pure: plan in, problem lines out, one per problem, each
 * `<resource> (<type>) <property>: <what> "<value>" …; source: …`. `infra plan` refuses a plan
 * with any of them and writes nothing (src/cli/generators.ts, planFiles).
 */
import type { Plan } from "../../model/plan";
import { NAME_RULES, nameSource, physicalName, physicalNameProblem } from "../../model/name-rules";

/** Problems with the names of every resource of a plan. */
export function planNameProblems(plan: Plan): string[] {
  const problems: string[] = [];
  for (const r of plan.resources) {
    for (const rule of NAME_RULES[r.type] ?? []) {
      const physical = physicalName(rule, r.name, r.inputs);
      if (!physical) continue;
      const problem = physicalNameProblem(rule, physical.name, physical.autonamed);
      if (problem !== undefined)
        problems.push(`${r.name} (${r.type}) ${rule.property}: ${rule.what} ${problem}; ${nameSource(rule)}`);
    }
  }
  return problems;
}

/** Every plan-level AWS rule, in one list (what `infra plan` and the bench run). */
export function planRuleProblems(plan: Plan): string[] {
  return planNameProblems(plan);
}

/** The message `infra plan` prints when a plan breaks a rule: the stack, then one line per problem. */
export function planRuleMessage(stack: string, problems: readonly string[]): string {
  return (
    `The plan of stack "${stack}" (Pulumi.${stack}.yaml) breaks rules AWS enforces; nothing was written:\n` +
    problems.map((p) => `  - ${p}`).join("\n")
  );
}
