/** Stack views (resolved settings + captured plan) for the parity and report stack tests. */
import { resolveSettings } from "../../src/config/resolve";
import { readStackFile } from "../../src/config/stack-files";
import type { StackView } from "../../src/reports/parity/parity";
import { planOf, PROJECT, PROJECT_DIR, STACKS } from "./plans";

export async function viewOf(stack: string): Promise<StackView> {
  const file = readStackFile(PROJECT_DIR, stack, PROJECT);
  const { settings } = resolveSettings({
    project: PROJECT,
    stack,
    config: file.config,
    secretKeys: file.secretKeys,
  });
  return { stack, settings, plan: await planOf(stack) };
}

export const allViews = (): Promise<StackView[]> => Promise.all(STACKS.map(viewOf));
