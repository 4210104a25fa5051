/** docs/operations.md for the stack files in `dir`, each resolved the way the program resolves it. */
import { resolveSettings } from "../config/resolve";
import { listStacks, projectName, readStackFile } from "../config/stack-files";
import { TIERS } from "../model/settings";
import { renderOperationsDoc } from "./operations-doc";

export const OPERATIONS_DOC = "docs/operations.md";

export function operationsDocFor(dir: string): string {
  const project = projectName(dir);
  const settings = listStacks(dir).map((stack) => {
    const file = readStackFile(dir, stack, project);
    return resolveSettings({ project, stack, config: file.config, secretKeys: file.secretKeys }).settings;
  });
  // dev, staging, prod: the order a change travels.
  settings.sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || a.stack.localeCompare(b.stack));
  return renderOperationsDoc(settings);
}
