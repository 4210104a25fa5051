/**
 * The stack lists inside the CI workflows, generated from the stack files so a new
 * Pulumi.<stack>.yaml is previewed and drift-checked without a hand edit. Each list sits between
 * two marker comments in its workflow; everything else in the file is written by hand.
 *
 * - pull-request.yml previews every stack that is not prod-tier (prod is never previewed from
 *   unreviewed code: docs/promotion.md), each in its own `preview-<stack>` environment, under the
 *   policy pack with its tier's config;
 * - drift.yml checks every stack with its read-only preview role; a prod-tier stack's leg runs
 *   in `<environment>-preview` (production-preview), which accepts main only.
 */
import type { EnvironmentSettings } from "../model/settings";
import { packConfigPath } from "../policy/docs";

export const PULL_REQUEST_WORKFLOW = ".github/workflows/pull-request.yml";
export const DRIFT_WORKFLOW = ".github/workflows/drift.yml";

const START = "# generated:stacks:start";
const END = "# generated:stacks:end";

/** The repository variable holding a stack's read-only preview role ARN. */
export const previewRoleVar = (stack: string): string =>
  `AWS_PREVIEW_ROLE_ARN_${stack.toUpperCase().replace(/-/g, "_")}`;

/** The GitHub environment a stack's preview and drift legs run in. */
export const previewEnvironment = (s: Pick<EnvironmentSettings, "stack" | "tier" | "environment">): string =>
  s.tier === "prod" ? `${s.environment}-preview` : `preview-${s.stack}`;

type Entry = Readonly<Record<string, string>>;

function renderInclude(entries: readonly Entry[], indent: string): string {
  const lines = [`${indent}include:`];
  for (const entry of entries) {
    Object.entries(entry).forEach(([key, value], i) => {
      lines.push(`${indent}${i === 0 ? "  - " : "    "}${key}: ${value}`);
    });
  }
  return lines.join("\n");
}

/** The tier order dev → staging → prod, then by name: the order a change travels. */
function ordered(all: readonly EnvironmentSettings[]): EnvironmentSettings[] {
  const rank = { dev: 0, staging: 1, prod: 2 } as const;
  return [...all].sort((a, b) => rank[a.tier] - rank[b.tier] || a.stack.localeCompare(b.stack));
}

export function pullRequestMatrix(all: readonly EnvironmentSettings[]): Entry[] {
  return ordered(all)
    .filter((s) => s.tier !== "prod")
    .map((s) => ({
      stack: s.stack,
      role_var: previewRoleVar(s.stack),
      policy_config: packConfigPath(s.tier),
    }));
}

export function driftMatrix(all: readonly EnvironmentSettings[]): Entry[] {
  return ordered(all).map((s) => ({
    stack: s.stack,
    role_var: previewRoleVar(s.stack),
    environment: previewEnvironment(s),
  }));
}

/** The workflow text with the generated list replaced; the markers' indentation is kept. */
export function spliceMatrix(text: string, entries: readonly Entry[], where: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${where} lost its markers "${START}" … "${END}"`);
  const lineStart = text.lastIndexOf("\n", start) + 1;
  const indent = text.slice(lineStart, start);
  const endLineStart = text.lastIndexOf("\n", end) + 1;
  return `${text.slice(0, start)}${START} (npm run generate, from the stack files)\n${renderInclude(entries, indent)}\n${text.slice(endLineStart)}`;
}
