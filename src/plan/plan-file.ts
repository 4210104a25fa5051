/** Where plans live and how they are written: one format, byte-identical for the same plan. */
import { join } from "node:path";
import type { Plan } from "../model/plan";

export function planPath(projectDir: string, stack: string): string {
  return join(projectDir, "stacks", `${stack}.plan.json`);
}

/** Two-space JSON with a final newline. Key order is fixed by capture (inputs are sorted). */
export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
