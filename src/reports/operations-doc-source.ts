/** docs/operations.md from every stack's resolved settings, in the order a change travels. */
import type { EnvironmentSettings } from "../model/settings";
import { TIERS } from "../model/settings";
import { renderOperationsDoc } from "./operations-doc";

export const OPERATIONS_DOC = "docs/operations.md";

export function operationsDocFor(all: readonly EnvironmentSettings[]): string {
  // dev, staging, prod: the order a change travels.
  const settings = [...all].sort(
    (a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || a.stack.localeCompare(b.stack),
  );
  return renderOperationsDoc(settings);
}
