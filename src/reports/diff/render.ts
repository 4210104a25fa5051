/**
 * Renders plan diffs (see `plan-diff.ts`) for a terminal and as one Markdown PR comment. Pure:
 * strings in, strings out.
 *
 * Both renderers put what can lose data first: stateful deletions and likely replacements are
 * listed before any detail, because a reviewer skimming a long diff must not miss them.
 */
import {
  hasChanges,
  isAtRisk,
  isDestructive,
  isLikelyReplacement,
  type DocumentChange,
  type PropertyChange,
  type ResourceDiff,
  type SecretTransition,
  type StackDiff,
} from "./plan-diff";
import type { PlanValue } from "../../model/plan";
import type { CostDelta, CostItem, ItemCost } from "./cost-delta";
import { formatDelta, formatUsd } from "../cost/render";
import { describeRelease } from "./release";

/** GitHub rejects issue and PR comments longer than this. */
export const GITHUB_COMMENT_LIMIT = 65536;

/** First line of the comment: CI finds and updates its earlier comment by it. */
export const COMMENT_MARKER = "<!-- infra-plan-diff -->";

/** Longest value shown in the comment; the terminal shows values whole. */
const MAX_MARKDOWN_VALUE = 300;

export interface MarkdownOptions {
  /** Upper bound on the comment's length (UTF-16 code units, never fewer than characters). */
  readonly maxLength?: number;
  /** The git ref compared against, quoted in the "full diff" hint when the comment is trimmed. */
  readonly baseRef?: string;
  /** Each stack's monthly cost before and after; adds a "Monthly cost" column when given. */
  readonly costs?: ReadonlyMap<string, CostDelta>;
}

export interface TextOptions {
  readonly costs?: ReadonlyMap<string, CostDelta>;
}

/** `$226.22 → $240.10 (+$13.88)`; one side only for a new or removed stack; n/a if unpriced. */
export function costCell(cost: CostDelta | undefined): string {
  if (!cost) return "n/a";
  const { before, after } = cost;
  if (before === undefined && after === undefined) return "n/a";
  if (before === undefined) return `${formatUsd(after!)} (new)`;
  if (after === undefined) return `${formatUsd(before)} (removed)`;
  if (Math.abs(after - before) < 0.005) return `${formatUsd(after)} (±$0.00)`;
  return `${formatUsd(before)} → ${formatUsd(after)} (${formatDelta(after - before)})`;
}

/** Before, after and change of one resource: "—" where it is absent, "not priced" where unpriced. */
function itemCells(item: CostItem): [string, string, string] {
  const cell = (c: ItemCost) => (c === undefined ? "—" : typeof c === "number" ? formatUsd(c) : c);
  const priced = item.before !== "not priced" && item.after !== "not priced";
  const change = priced ? formatDelta(((item.after as number) ?? 0) - ((item.before as number) ?? 0)) : "n/a";
  return [cell(item.before), cell(item.after), change];
}

/** Rows of the itemised cost delta: every changed stack's items, in stack order. */
function costItems(
  diffs: readonly StackDiff[],
  costs?: ReadonlyMap<string, CostDelta>,
): { stack: string; item: CostItem }[] {
  if (!costs) return [];
  return diffs.flatMap((d) => (costs.get(d.stack)?.items ?? []).map((item) => ({ stack: d.stack, item })));
}

// ---------------------------------------------------------------------------------------------
// Wording shared by both renderers

const SECRET_WORDING: Record<SecretTransition, string> = {
  changed: "secret value changed",
  added: "secret value added",
  removed: "secret value removed",
  "became-secret": "became secret (value hidden)",
  "no-longer-secret": "no longer secret (value hidden)",
};

function formatValue(value: PlanValue | undefined): string {
  return value === undefined ? "(unset)" : JSON.stringify(value);
}

/** `JSON document: 2 lines added, 1 removed`; formatting-only changes say so. */
function documentSummary(change: DocumentChange): string {
  if (change.hunks.length === 0) return "JSON document: formatting only, same content";
  const parts = [
    change.added > 0 ? `${plural(change.added, "line")} added` : "",
    change.removed > 0 ? `${plural(change.removed, "line")} removed` : "",
  ].filter((p) => p !== "");
  return `JSON document: ${parts.join(", ")}`;
}

/** A hunk as unified-diff lines: `@@ -10,7 +10,9 @@` then its +/-/space lines. */
function hunkLines(change: DocumentChange): string[] {
  return change.hunks.flatMap((h) => {
    const before = h.lines.filter((l) => l[0] !== "+").length;
    const after = h.lines.filter((l) => l[0] !== "-").length;
    return [`@@ -${h.beforeStart},${before} +${h.afterStart},${after} @@`, ...h.lines];
  });
}

function plural(count: number, singular: string): string {
  return `${count} ${count === 1 ? singular : `${singular}s`}`;
}

/** `1 to add, 2 to change`: the non-zero parts only. */
function stackSummary(diff: StackDiff): string {
  const { adds, changes, deletes } = diff.counts;
  const parts = [
    adds > 0 ? `${adds} to add` : "",
    changes > 0 ? `${changes} to change` : "",
    deletes > 0 ? `${deletes} to delete` : "",
    diff.outputs.length > 0 ? `${plural(diff.outputs.length, "output")} changed` : "",
    tierChanged(diff) ? "tier changed" : "",
  ].filter((part) => part !== "");
  return parts.length > 0 ? parts.join(", ") : "no changes";
}

function tierChanged(diff: StackDiff): boolean {
  return diff.status === "changed" && diff.tier.before !== diff.tier.after;
}

function stackStatusNote(diff: StackDiff): string {
  if (diff.status === "added") return " (new stack)";
  if (diff.status === "removed") return " (stack removed)";
  return "";
}

/** Short tags after a resource: why a reviewer should look twice. */
function resourceTags(resource: ResourceDiff): string[] {
  const tags: string[] = [];
  // Creating a stateful resource risks nothing; changing or deleting one is worth a second look.
  if (resource.stateful && resource.kind !== "added") tags.push("stateful");
  if (isLikelyReplacement(resource)) tags.push("likely replacement");
  if (resource.protected) tags.push("protected");
  if (resource.kind === "removed" && resource.retainOnDelete) tags.push("retainOnDelete");
  return tags;
}

/**
 * Why an at-risk resource is in the warning block, most important first. `code` formats property
 * paths (Markdown puts them in code spans); the rest is fixed wording with no markup in it.
 */
function riskNotes(resource: ResourceDiff, code: (text: string) => string = (text) => text): string[] {
  const notes: string[] = [];
  if (resource.stateful) notes.push("stateful");
  if (isLikelyReplacement(resource)) {
    const reasons = resource.replaceReasons.map((r) =>
      r.onlyWhen === undefined ? code(r.path) : `${code(r.path)} (if ${r.onlyWhen})`,
    );
    notes.push(`replacement forced by ${reasons.join(", ")}`);
    if (resource.deleteBeforeReplace) {
      notes.push("deleteBeforeReplace: the old resource is deleted before the new one exists");
    }
  }
  if (resource.protected && isDestructive(resource)) {
    notes.push("protected: the deploy will fail until unprotected");
  }
  if (resource.retainOnDelete && isDestructive(resource)) {
    notes.push("retainOnDelete: the old AWS resource is kept but leaves the stack");
  }
  return notes;
}

function riskAction(resource: ResourceDiff): string {
  return resource.kind === "removed" ? "delete" : "replace";
}

interface Risk {
  readonly stack: string;
  readonly resource: ResourceDiff;
}

/** At-risk resources of all stacks, stateful ones first (the sort is stable: stack order kept). */
function collectRisks(diffs: readonly StackDiff[]): Risk[] {
  const risks = diffs.flatMap((diff) =>
    orderedResources(diff)
      .filter(isAtRisk)
      .map((resource) => ({ stack: diff.stack, resource })),
  );
  return risks.sort((a, b) => Number(b.resource.stateful) - Number(a.resource.stateful));
}

/**
 * Stateful resources changed in place (not at risk): a database class, a retention, a parameter.
 * No data goes away, but a reviewer must see them before the rest: some restart the database or
 * fail over the cache.
 */
function collectStatefulChanges(diffs: readonly StackDiff[]): Risk[] {
  return diffs.flatMap((diff) =>
    orderedResources(diff)
      .filter((r) => r.kind === "changed" && r.stateful && !isAtRisk(r))
      .map((resource) => ({ stack: diff.stack, resource })),
  );
}

/** The paths that changed on a resource, inputs then options; ignored inputs left out. */
function changedPaths(resource: ResourceDiff): string[] {
  return allChanges(resource)
    .filter((c) => c.kind === "list" || !c.ignored)
    .map((c) => c.path);
}

const KIND_ORDER: Record<ResourceDiff["kind"], number> = { removed: 0, changed: 1, added: 2 };

/** Deletions first, then changes, then additions; URN order within each. */
function orderedResources(diff: StackDiff): ResourceDiff[] {
  return [...diff.resources].sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0),
  );
}

function allChanges(resource: ResourceDiff): PropertyChange[] {
  return [...resource.inputs, ...resource.meta];
}

// ---------------------------------------------------------------------------------------------
// Terminal

const TEXT_MARKER: Record<ResourceDiff["kind"], string> = { added: "+", removed: "-", changed: "~" };

function textChange(change: PropertyChange): string {
  switch (change.kind) {
    case "secret":
      return SECRET_WORDING[change.transition];
    case "list":
      return [...change.added.map((item) => `+ ${item}`), ...change.removed.map((item) => `- ${item}`)].join(
        ", ",
      );
    case "value":
      return `${formatValue(change.before)} → ${formatValue(change.after)}`;
    case "document":
      return documentSummary(change);
  }
}

function ignoredSuffix(change: PropertyChange): string {
  return change.kind !== "list" && change.ignored ? "  (ignored: in ignoreChanges)" : "";
}

/** Rows of cells as aligned columns; `rightAligned` lists the columns padded on the left. */
function alignColumns(rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return rightAligned.includes(i) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd(),
  );
}

function textSummaryTable(diffs: readonly StackDiff[], costs?: ReadonlyMap<string, CostDelta>): string[] {
  const header = [
    "Stack",
    "Adds",
    "Changes",
    "Deletes",
    "Stateful at risk",
    ...(costs ? ["Monthly cost"] : []),
  ];
  const rows = diffs.map((d) => [
    `${d.stack}${stackStatusNote(d)}`,
    String(d.counts.adds),
    String(d.counts.changes),
    String(d.counts.deletes),
    String(d.counts.statefulAtRisk),
    ...(costs ? [costCell(costs.get(d.stack))] : []),
  ]);
  return alignColumns([header, ...rows], [1, 2, 3, 4]);
}

function textRisks(risks: readonly Risk[]): string[] {
  if (risks.length === 0) return [];
  const rows = risks.map(({ stack, resource }) => [
    `  ${stack}`,
    riskAction(resource),
    `${resource.type} ${resource.name}`,
    `(${riskNotes(resource).join("; ")})`,
  ]);
  return [
    `AT RISK: ${plural(risks.length, "resource")} deleted or likely replaced`,
    ...alignColumns(rows),
    "",
  ];
}

function textStatefulChanges(changes: readonly Risk[]): string[] {
  if (changes.length === 0) return [];
  const rows = changes.map(({ stack, resource }) => [
    `  ${stack}`,
    `${resource.type} ${resource.name}`,
    `(${changedPaths(resource).join(", ")})`,
  ]);
  return [`STATEFUL, CHANGED IN PLACE: ${plural(changes.length, "resource")}`, ...alignColumns(rows), ""];
}

/** One aligned line per change; a document's line diff follows its line, indented further. */
function textChangeLines(changes: readonly PropertyChange[], indent: string): string[] {
  const rows = alignColumns(
    changes.map((c) => [`${indent}${c.path}`, `${textChange(c)}${ignoredSuffix(c)}`]),
  );
  return changes.flatMap((c, i) => [
    rows[i]!,
    ...(c.kind === "document" ? hunkLines(c).map((l) => `${indent}  ${l}`) : []),
  ]);
}

function textResource(resource: ResourceDiff): string[] {
  const tags = resourceTags(resource);
  const suffix = tags.length > 0 ? `  [${tags.join(", ")}]` : "";
  const head = `  ${TEXT_MARKER[resource.kind]} ${resource.type} ${resource.name}${suffix}`;
  return [head, ...textChangeLines(allChanges(resource), "      ")];
}

function textStack(diff: StackDiff): string[] {
  const lines = [`${diff.stack}${stackStatusNote(diff)}: ${stackSummary(diff)}`];
  if (tierChanged(diff)) lines.push(`  tier: ${diff.tier.before ?? ""} → ${diff.tier.after ?? ""}`);
  for (const resource of orderedResources(diff)) lines.push(...textResource(resource));
  if (diff.outputs.length > 0) lines.push("  outputs:", ...textChangeLines(diff.outputs, "      "));
  return lines;
}

/** Plain text for a terminal: summary table, at-risk resources, then every change per stack. */
function textCostItems(diffs: readonly StackDiff[], costs?: ReadonlyMap<string, CostDelta>): string[] {
  const items = costItems(diffs, costs);
  if (items.length === 0) return [];
  const rows = items.map(({ stack, item }) => [
    `  ${stack}`,
    `${item.type} ${item.resource}`,
    ...itemCells(item),
  ]);
  return ["Monthly cost by resource (changed only):", ...alignColumns(rows, [2, 3, 4]), ""];
}

/** Each stack whose image or AMI changes, with the rollout that change causes. */
function textReleases(diffs: readonly StackDiff[]): string[] {
  const releases = diffs.filter((d) => d.release);
  if (releases.length === 0) return [];
  return [
    "Releases (a new image or AMI rolls out):",
    ...releases.map((d) => `  ${d.stack}: ${describeRelease(d.release!)}`),
    "",
  ];
}

function markdownReleases(diffs: readonly StackDiff[]): string {
  const releases = diffs.filter((d) => d.release);
  if (releases.length === 0) return "";
  return `**Releases** (a new image or AMI rolls out):\n\n${releases.map((d) => `- ${codeSpan(d.stack)}: ${escapeMarkdown(describeRelease(d.release!))}`).join("\n")}\n\n`;
}

export function renderText(diffs: readonly StackDiff[], opts: TextOptions = {}): string {
  const lines = [...textSummaryTable(diffs, opts.costs), ""];
  const changed = diffs.filter(hasChanges);
  if (changed.length === 0) return [...lines, "No changes in any stack.", ""].join("\n");
  // What can lose data first, then what it costs, then every change.
  lines.push(
    ...textReleases(diffs),
    ...textRisks(collectRisks(diffs)),
    ...textStatefulChanges(collectStatefulChanges(diffs)),
    ...textCostItems(diffs, opts.costs),
  );
  for (const diff of changed) lines.push(...textStack(diff), "");
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Markdown

/**
 * Backslash-escapes the characters that could start emphasis, code, links, HTML, entities or a new
 * table cell, for short text outside code spans (it never starts a line, so `#`, `-` and `+` are
 * safe as they are).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/[\\`*_[\]<>|~&]/g, (char) => `\\${char}`);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * An inline code span that holds any text: the fence is one backtick longer than the longest run
 * inside, and pipes are escaped so the span cannot split a table cell (GFM unescapes `\|` inside
 * code spans in tables, and a stray `\|` elsewhere renders the same).
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n/g, " ");
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || (flat.startsWith(" ") && flat.endsWith(" "));
  const inner = pad ? ` ${flat} ` : flat;
  return `${fence}${inner}${fence}`.replace(/\|/g, "\\|");
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function markdownValue(value: PlanValue | undefined): string {
  return value === undefined ? "_unset_" : codeSpan(shorten(JSON.stringify(value), MAX_MARKDOWN_VALUE));
}

function markdownList(items: readonly string[]): string {
  return items.length === 0 ? "" : items.map((item) => codeSpan(item)).join("<br>");
}

/** Before and after cells of one property row. Secret rows show neither value. */
function markdownCells(change: PropertyChange): [string, string] {
  switch (change.kind) {
    case "secret":
      return ["_hidden_", `_${SECRET_WORDING[change.transition]}_`];
    case "list":
      return [markdownList(change.removed), markdownList(change.added)];
    case "value":
      return [markdownValue(change.before), markdownValue(change.after)];
    case "document":
      return ["", `_${documentSummary(change)}${change.hunks.length > 0 ? ", below" : ""}_`];
  }
}

/** Most lines of one document diff shown in the comment; the terminal shows them all. */
const MAX_MARKDOWN_DOCUMENT_LINES = 120;

/** A document's line diff as a fenced `diff` block GitHub colours, under its property path. */
function markdownDocument(change: DocumentChange): string {
  const all = hunkLines(change);
  const lines = all.slice(0, MAX_MARKDOWN_DOCUMENT_LINES);
  if (all.length > lines.length) {
    lines.push(`… ${all.length - lines.length} more lines: run npm run diff for the whole document`);
  }
  const longestRun = Math.max(0, ...lines.flatMap((l) => l.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `\n${codeSpan(change.path)}:\n\n${fence}diff\n${lines.join("\n")}\n${fence}\n`;
}

function markdownChangeTable(changes: readonly PropertyChange[]): string {
  const rows = changes.map((change) => {
    const ignored = change.kind !== "list" && change.ignored ? " _(ignored: in ignoreChanges)_" : "";
    const [before, after] = markdownCells(change);
    return `| ${codeSpan(change.path)}${ignored} | ${before} | ${after} |\n`;
  });
  const documents = changes
    .filter((c): c is DocumentChange => c.kind === "document" && c.hunks.length > 0)
    .map(markdownDocument);
  return `| Property | Before | After |\n| --- | --- | --- |\n${rows.join("")}${documents.join("")}`;
}

function markdownResourceTitle(resource: ResourceDiff): string {
  const action = { added: "add", removed: "delete", changed: "change" }[resource.kind];
  const tags = resourceTags(resource);
  const suffix = tags.length > 0 ? ` (${tags.join(", ")})` : "";
  return `**${action}** ${codeSpan(resource.type)} ${codeSpan(resource.name)}${suffix}`;
}

/** One resource as a self-contained piece, so trimming can stop between any two. */
function markdownResource(resource: ResourceDiff): string {
  const title = markdownResourceTitle(resource);
  if (resource.kind !== "changed") return `- ${title}\n`;
  // Blank lines around the table: a following bullet must not be read as another table row.
  return `\n${title}\n\n${markdownChangeTable(allChanges(resource))}\n`;
}

function markdownSummaryTable(diffs: readonly StackDiff[], costs?: ReadonlyMap<string, CostDelta>): string {
  const rows = diffs.map((d) => {
    const { adds, changes, deletes, statefulAtRisk } = d.counts;
    const atRisk = statefulAtRisk > 0 ? `**${statefulAtRisk}**` : "0";
    // `\$`: two dollar signs in one cell could otherwise start GitHub's inline math.
    const cost = costs ? ` ${escapeMarkdown(costCell(costs.get(d.stack))).replace(/\$/g, "\\$")} |` : "";
    return `| ${escapeMarkdown(d.stack)}${stackStatusNote(d)} | ${adds} | ${changes} | ${deletes} | ${atRisk} |${cost}\n`;
  });
  const table =
    `| Stack | Adds | Changes | Deletes | Stateful at risk |${costs ? " Monthly cost |" : ""}\n` +
    `| --- | ---: | ---: | ---: | ---: |${costs ? " ---: |" : ""}\n` +
    rows.join("");
  // The estimate's basis, so nobody reads it as a bill.
  return costs ? `${table}\nMonthly cost: estimated at today's on-demand prices (docs/cost.md).\n` : table;
}

/** Most cost rows in the comment; the terminal shows them all. */
const MAX_MARKDOWN_COST_ITEMS = 25;

/** The cost delta line by line under the summary table, so a total never comes alone. */
function markdownCostItems(diffs: readonly StackDiff[], costs?: ReadonlyMap<string, CostDelta>): string {
  const items = costItems(diffs, costs);
  if (items.length === 0) return "";
  const dollars = (text: string) => escapeMarkdown(text).replace(/\$/g, "\\$");
  const rows = items.slice(0, MAX_MARKDOWN_COST_ITEMS).map(({ stack, item }) => {
    const cells = itemCells(item).map(dollars).join(" | ");
    return `| ${escapeMarkdown(stack)} | ${codeSpan(item.type)} ${codeSpan(item.resource)} | ${cells} |\n`;
  });
  if (items.length > rows.length) {
    rows.push(`| …and ${items.length - rows.length} more | | | | |\n`);
  }
  return (
    "**Monthly cost by resource** (changed only)\n\n" +
    "| Stack | Resource | Before | After | Change |\n| --- | --- | ---: | ---: | ---: |\n" +
    `${rows.join("")}\n`
  );
}

function markdownRiskLine({ stack, resource }: Risk): string {
  const target = `${codeSpan(resource.type)} ${codeSpan(resource.name)}`;
  const notes = riskNotes(resource, codeSpan).join("; ");
  return `> - **${escapeMarkdown(stack)}**: ${riskAction(resource)} ${target}: ${notes}\n`;
}

function warningsHeading(risks: readonly Risk[]): string {
  const stateful = risks.filter((r) => r.resource.stateful).length;
  return (
    "> [!WARNING]\n" +
    `> **Review before merging: ${plural(risks.length, "resource")} deleted or likely replaced` +
    ` (${stateful} stateful).**\n>\n`
  );
}

/**
 * The loud block, whole. Only when it alone would overflow `budget` (thousands of at-risk
 * resources) does it end early, with a line saying how many were left out.
 */
function markdownWarnings(risks: readonly Risk[], budget: number): string {
  if (risks.length === 0) return "";
  const head = warningsHeading(risks);
  const lines = risks.map(markdownRiskLine);
  const whole = `${head}${lines.join("")}\n`;
  if (whole.length <= budget) return whole;
  const overflow = (left: number) => `> - …and ${left} more: run the full diff to see them\n`;
  let body = "";
  let shown = 0;
  for (const line of lines) {
    const after = head.length + body.length + line.length + overflow(lines.length - shown - 1).length + 1;
    if (after > budget) break;
    body += line;
    shown++;
  }
  return `${head}${body}${overflow(lines.length - shown)}\n`;
}

const MAX_STATEFUL_LINES = 50;

/** The milder block under the warning: stateful resources changed in place, one line each. */
function markdownStatefulChanges(changes: readonly Risk[]): string {
  if (changes.length === 0) return "";
  const lines = changes.slice(0, MAX_STATEFUL_LINES).map(({ stack, resource }) => {
    const paths = changedPaths(resource).map(codeSpan).join(", ");
    return `> - **${escapeMarkdown(stack)}**: ${codeSpan(resource.type)} ${codeSpan(resource.name)}: ${paths}\n`;
  });
  // Bounded so the block can never crowd the details out of the comment; the sections have all.
  if (changes.length > MAX_STATEFUL_LINES) {
    lines.push(`> - …and ${changes.length - MAX_STATEFUL_LINES} more, in the sections below\n`);
  }
  return (
    "> [!IMPORTANT]\n" +
    `> **Stateful ${changes.length === 1 ? "resource" : "resources"} changed in place: ${changes.length}.** ` +
    "No data is deleted, but some changes restart or fail over the resource.\n>\n" +
    `${lines.join("")}\n`
  );
}

interface StackPieces {
  readonly open: string;
  readonly items: readonly string[];
  readonly close: string;
}

function markdownStackPieces(diff: StackDiff): StackPieces {
  const summary = `<strong>${escapeHtml(diff.stack)}</strong>${stackStatusNote(diff)}: ${stackSummary(diff)}`;
  const items = orderedResources(diff).map(markdownResource);
  if (tierChanged(diff)) {
    items.unshift(`\nTier: ${codeSpan(diff.tier.before ?? "")} → ${codeSpan(diff.tier.after ?? "")}\n`);
  }
  if (diff.outputs.length > 0) items.push(`\n**Outputs**\n\n${markdownChangeTable(diff.outputs)}\n`);
  return { open: `<details>\n<summary>${summary}</summary>\n\n`, items, close: "\n</details>\n\n" };
}

/** 65536 → "65,536", without depending on the runtime's locale data. */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function trimNotice(shown: number, total: number, maxLength: number, baseRef: string): string {
  return (
    "> [!NOTE]\n" +
    `> Trimmed to fit the ${groupDigits(maxLength)}-character limit of a GitHub comment:` +
    ` ${shown} of ${total} changes shown.` +
    ` Run ${codeSpan(`npm run diff -- --base ${baseRef}`)} for the full diff.\n\n`
  );
}

/** Whole stack sections while they fit, then resource by resource; returns what was kept. */
function fitDetails(sections: readonly StackPieces[], budget: number): { text: string; shown: number } {
  let text = "";
  let shown = 0;
  for (const section of sections) {
    let sectionText = section.open;
    let kept = 0;
    for (const item of section.items) {
      if (text.length + sectionText.length + item.length + section.close.length > budget) break;
      sectionText += item;
      kept++;
    }
    if (kept > 0) {
      text += sectionText + section.close;
      shown += kept;
    }
    if (kept < section.items.length) break;
  }
  return { text, shown };
}

/**
 * One PR comment for all stacks: marker, summary table, at-risk block, then a collapsible section
 * per changed stack. Cut to `maxLength` by dropping details from the end; the table and the
 * warnings are kept whole (unless the warnings alone overflow) and a note says how to see the rest.
 */
export function renderMarkdown(diffs: readonly StackDiff[], opts: MarkdownOptions = {}): string {
  const maxLength = opts.maxLength ?? GITHUB_COMMENT_LIMIT;
  const baseRef = opts.baseRef ?? "<ref>";
  const changed = diffs.filter(hasChanges);
  const head = `${COMMENT_MARKER}\n## Infrastructure plan diff\n\n${markdownSummaryTable(diffs, opts.costs)}\n`;
  if (changed.length === 0) return `${head}**No changes in any stack.**\n`;

  const sections = changed.map(markdownStackPieces);
  const total = sections.reduce((sum, s) => sum + s.items.length, 0);
  const notice = trimNotice(total, total, maxLength, baseRef);
  const warnings =
    markdownReleases(diffs) +
    markdownWarnings(collectRisks(diffs), maxLength - head.length - notice.length) +
    markdownStatefulChanges(collectStatefulChanges(diffs)) +
    markdownCostItems(diffs, opts.costs);
  const full = fitDetails(sections, Infinity);
  if (head.length + warnings.length + full.text.length <= maxLength) {
    return tidy(`${head}${warnings}${full.text}`);
  }
  // The real notice is never longer than `notice`: `shown` has no more digits than `total`.
  const fitted = fitDetails(sections, maxLength - head.length - warnings.length - notice.length);
  return tidy(`${head}${warnings}${trimNotice(fitted.shown, total, maxLength, baseRef)}${fitted.text}`);
}

/**
 * Pieces each carry the blank lines they need, so two meet with one too many; folding them only
 * ever shortens the text, which keeps the length budget valid. No value holds a raw newline.
 */
function tidy(markdown: string): string {
  return `${markdown.replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
