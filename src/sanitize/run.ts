/**
 * The staging-data sanitizer (`infra sanitize`).
 *
 * Rewrites the personal data listed in sanitize/pii-columns.yaml, in one transaction, in a
 * database restored from a production snapshot (docs/staging-data.md). Refuses a prod-tier stack
 * and a host that is not the named stack's (src/sanitize/guard.ts) before connecting; refuses
 * a database whose columns disagree with the list before writing. Idempotent: a second run
 * reports nothing changed. The URL may come from $SANITIZE_DATABASE_URL instead of the command
 * line, to keep a password out of shell history; it is never printed with its password.
 *
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import type { Tier } from "../model/settings";
import { listStacks, projectName, readStackFile } from "../config/stack-files";
import { redactUrl, targetProblems } from "./guard";
import { countSql, type PiiSpec, parsePiiSpec, schemaProblems, updateSql } from "./rules";

export const DEFAULT_SPEC = "sanitize/pii-columns.yaml";

export interface SanitizeOptions {
  readonly projectDir: string;
  readonly stack: string;
  readonly databaseUrl: string;
  readonly spec?: PiiSpec;
  readonly dryRun?: boolean;
}

export interface TableReport {
  readonly table: string;
  readonly rows: number;
  readonly rowsChanged: number;
  /** Per column: rows whose value was (or, in a dry run, would be) replaced. */
  readonly columns: Readonly<Record<string, number>>;
}

export interface SanitizeReport {
  readonly target: string;
  readonly dryRun: boolean;
  readonly tables: readonly TableReport[];
}

/** A run the sanitizer refused: nothing was written. */
export class SanitizeRefused extends Error {
  override name = "SanitizeRefused";
}

function tierOf(projectDir: string, stack: string): { tier: Tier; prodStacks: string[] } {
  const project = projectName(projectDir);
  const stacks = listStacks(projectDir);
  if (!stacks.includes(stack)) {
    throw new SanitizeRefused(
      `unknown stack "${stack}": no Pulumi.${stack}.yaml; stacks: ${stacks.join(", ")}`,
    );
  }
  const tiers = new Map(stacks.map((s) => [s, readStackFile(projectDir, s, project).config["infra:tier"]]));
  const tier = tiers.get(stack);
  if (tier !== "dev" && tier !== "staging" && tier !== "prod") {
    throw new SanitizeRefused(`stack "${stack}" names no valid infra:tier (got ${JSON.stringify(tier)})`);
  }
  return { tier, prodStacks: stacks.filter((s) => tiers.get(s) === "prod") };
}

export function readSpec(projectDir: string, file = DEFAULT_SPEC): PiiSpec {
  return parsePiiSpec(readFileSync(join(projectDir, file), "utf8"), file);
}

async function columnsByTable(client: Client): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.table_name, [...(map.get(r.table_name) ?? []), r.column_name]);
  return map;
}

export async function runSanitize(options: SanitizeOptions): Promise<SanitizeReport> {
  const { tier, prodStacks } = tierOf(options.projectDir, options.stack);
  const refused = targetProblems({
    stack: options.stack,
    tier,
    databaseUrl: options.databaseUrl,
    prodStacks,
  });
  if (refused.length > 0) throw new SanitizeRefused(refused.join("\n"));
  const spec = options.spec ?? readSpec(options.projectDir);
  const dryRun = options.dryRun ?? false;

  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    try {
      const problems = schemaProblems(spec, await columnsByTable(client));
      if (problems.length > 0) throw new SanitizeRefused(problems.join("\n"));
      const tables: TableReport[] = [];
      for (const t of spec.tables) {
        // Lock first: nothing may write the table between the count and the update.
        await client.query(`LOCK TABLE "${t.table}" IN SHARE ROW EXCLUSIVE MODE`);
        const counts = (await client.query<Record<string, string>>(countSql(t))).rows[0]!;
        const columns = Object.fromEntries(t.columns.map((c) => [c.column, Number(counts[c.column])]));
        const rowsChanged = dryRun ? -1 : ((await client.query(updateSql(t))).rowCount ?? 0);
        tables.push({ table: t.table, rows: Number(counts["__rows"]), rowsChanged, columns });
      }
      await client.query(dryRun ? "ROLLBACK" : "COMMIT");
      return { target: redactUrl(options.databaseUrl), dryRun, tables };
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  } finally {
    await client.end();
  }
}

export function renderReport(report: SanitizeReport): string {
  const lines = [`${report.dryRun ? "dry run (rolled back)" : "sanitized"}: ${report.target}`];
  for (const t of report.tables) {
    const changed = report.dryRun ? "would change" : `${t.rowsChanged} changed of`;
    const cols = Object.entries(t.columns)
      .map(([c, n]) => `${c} ${n}`)
      .join(", ");
    lines.push(`  ${t.table}: ${changed} ${t.rows} rows (${cols})`);
  }
  const total = report.tables.reduce((s, t) => s + Math.max(t.rowsChanged, 0), 0);
  if (!report.dryRun)
    lines.push(total === 0 ? "nothing to change: already sanitized" : `${total} rows changed`);
  return `${lines.join("\n")}\n`;
}
