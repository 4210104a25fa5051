/**
 * The declarative PII list (`sanitize/pii-columns.yaml`) and the SQL it turns into. Pure: no
 * database here, so the rules and every refusal are unit-tested; src/cli/sanitize.ts runs the
 * statements in one transaction.
 *
 * Every rule is a deterministic function of the row's key, so a second run finds nothing to
 * change (each UPDATE touches only rows where some column IS DISTINCT FROM its sanitized value).
 */
import { parse } from "yaml";
import { z } from "zod";

export const RULES = ["email", "null", "address", "first_name", "last_name", "full_name", "fixed"] as const;
export type RuleName = (typeof RULES)[number];

export type Rule =
  { readonly kind: Exclude<RuleName, "fixed"> } | { readonly kind: "fixed"; readonly value: string };

export interface ColumnRule {
  readonly column: string;
  readonly rule: Rule;
}

export interface TableSpec {
  readonly table: string;
  /** A column whose value identifies the row (the primary key): fakes are derived from it. */
  readonly key: string;
  readonly columns: readonly ColumnRule[];
  /** Columns whose names look personal but are not (e.g. email_verified). */
  readonly notPii: readonly string[];
}

export interface PiiSpec {
  readonly tables: readonly TableSpec[];
}

/** What every `address` column becomes. */
export const TEST_ADDRESS = "1 Test Street, Testville";

export const FAKE_FIRST_NAMES = [
  "Alex",
  "Blake",
  "Casey",
  "Drew",
  "Emery",
  "Finley",
  "Gray",
  "Harper",
  "Indigo",
  "Jules",
  "Kai",
  "Logan",
  "Morgan",
  "Noel",
  "Oakley",
  "Parker",
  "Quinn",
  "Reese",
  "Sage",
  "Taylor",
] as const;

export const FAKE_LAST_NAMES = [
  "Ashdown",
  "Brightwater",
  "Calloway",
  "Dunmore",
  "Elsworth",
  "Fairbank",
  "Glenholm",
  "Hartwell",
  "Ivesdale",
  "Jessop",
  "Kettering",
  "Longmire",
  "Merriweather",
  "Northcote",
  "Oldfield",
  "Pemberton",
  "Quarrington",
  "Redfern",
  "Stanmore",
  "Thistlewood",
] as const;

/**
 * Column names that look like personal data. One of these that the spec does not list, under
 * `columns` or `notPii`, stops the run: a new PII column must be classified, never copied.
 */
export const PERSONAL_LOOKING =
  /(e_?mail|phone|mobile|fax|ssn|social_security|national_id|tax_id|passport|licen[cs]e_no|birth|dob|address|addr_|line1|line2|street|postal|postcode|zip|first_?name|last_?name|full_?name|surname|given_name|maiden|iban|card_?number|ip_address)/i;

export class SanitizeSpecError extends Error {
  override name = "SanitizeSpecError";
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
const identifier = z.string().regex(IDENT, { error: "a lowercase SQL identifier such as first_name" });
const ruleSchema = z.union([
  z.null(),
  z.enum(["email", "null", "address", "first_name", "last_name", "full_name"]),
  z.strictObject({ rule: z.literal("fixed"), value: z.string() }),
]);
const specSchema = z.strictObject({
  version: z.literal(1),
  tables: z.record(
    identifier,
    z.strictObject({
      key: identifier,
      columns: z.record(identifier, ruleSchema),
      notPii: z.array(identifier).optional(),
    }),
  ),
});

export function parsePiiSpec(text: string, where: string): PiiSpec {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new SanitizeSpecError(`${where}: not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  const result = specSchema.safeParse(doc);
  if (!result.success) {
    const lines = result.error.issues.map(
      (i) =>
        `${where}: ${i.path.map(String).join(".") || "(top level)"}: ${i.message}; rules allowed: ${RULES.join(", ")} ({ rule: fixed, value: "…" })`,
    );
    throw new SanitizeSpecError(lines.join("\n"));
  }
  const tables = Object.entries(result.data.tables).map(([table, t]): TableSpec => {
    const columns = Object.entries(t.columns).map(([column, r]): ColumnRule => {
      if (r === null || r === "null") return { column, rule: { kind: "null" } };
      if (typeof r === "string") return { column, rule: { kind: r } };
      return { column, rule: { kind: "fixed", value: r.value } };
    });
    if (columns.some((c) => c.column === t.key)) {
      throw new SanitizeSpecError(
        `${where}: tables.${table}: the key column ${t.key} cannot also be sanitized`,
      );
    }
    if (columns.length === 0) throw new SanitizeSpecError(`${where}: tables.${table}: lists no columns`);
    return { table, key: t.key, columns, notPii: t.notPii ?? [] };
  });
  return { tables };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal for standard_conforming_strings = on (PostgreSQL's default since 9.1). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function arrayLiteral(values: readonly string[]): string {
  return `ARRAY[${values.map(quoteLiteral).join(", ")}]::text[]`;
}

/** A stable pick from `list` by the key: md5 is the same on every PostgreSQL version. */
function pick(list: readonly string[], key: string, slice: number): string {
  const bits = `('x' || substr(md5(${key}::text), ${slice}, 7))::bit(28)::int`;
  return `(${arrayLiteral(list)})[1 + mod(${bits}, ${list.length})]`;
}

/** The sanitized value of a column, as SQL over the row's key column. */
export function ruleExpression(rule: Rule, keyColumn: string): string {
  const key = quoteIdent(keyColumn);
  switch (rule.kind) {
    case "email":
      return `'user' || ${key}::text || '@example.com'`;
    case "null":
      return "NULL";
    case "address":
      return quoteLiteral(TEST_ADDRESS);
    case "first_name":
      return pick(FAKE_FIRST_NAMES, key, 1);
    case "last_name":
      return pick(FAKE_LAST_NAMES, key, 9);
    case "full_name":
      return `${pick(FAKE_FIRST_NAMES, key, 1)} || ' ' || ${pick(FAKE_LAST_NAMES, key, 9)}`;
    case "fixed":
      return quoteLiteral(rule.value);
  }
}

function changed(c: ColumnRule, key: string): string {
  return `${quoteIdent(c.column)} IS DISTINCT FROM (${ruleExpression(c.rule, key)})`;
}

/** Rows, and per column the rows whose value differs from its sanitized value. */
export function countSql(t: TableSpec): string {
  const perColumn = t.columns.map(
    (c) => `count(*) FILTER (WHERE ${changed(c, t.key)}) AS ${quoteIdent(c.column)}`,
  );
  return `SELECT count(*) AS "__rows", ${perColumn.join(", ")} FROM ${quoteIdent(t.table)}`;
}

/** One UPDATE per table, touching only rows that still hold something to sanitize. */
export function updateSql(t: TableSpec): string {
  const sets = t.columns.map((c) => `${quoteIdent(c.column)} = ${ruleExpression(c.rule, t.key)}`);
  const where = t.columns.map((c) => changed(c, t.key)).join(" OR ");
  return `UPDATE ${quoteIdent(t.table)} SET ${sets.join(", ")} WHERE ${where}`;
}

/**
 * What stops a run before anything is written: listed tables or columns the database does not
 * have (the app was renamed under the list), and personal-looking columns nobody classified.
 * `columnsByTable` is the database's columns, per table in the schema the sanitizer runs on.
 */
export function schemaProblems(
  spec: PiiSpec,
  columnsByTable: ReadonlyMap<string, readonly string[]>,
): string[] {
  const problems: string[] = [];
  for (const t of spec.tables) {
    const present = columnsByTable.get(t.table);
    if (!present) {
      problems.push(`table ${t.table} is listed but does not exist`);
      continue;
    }
    for (const name of [t.key, ...t.columns.map((c) => c.column), ...t.notPii]) {
      if (!present.includes(name)) problems.push(`column ${t.table}.${name} is listed but does not exist`);
    }
  }
  for (const [table, columns] of [...columnsByTable.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const t = spec.tables.find((s) => s.table === table);
    const classified = new Set([...(t?.columns.map((c) => c.column) ?? []), ...(t?.notPii ?? []), t?.key]);
    for (const column of columns) {
      if (PERSONAL_LOOKING.test(column) && !classified.has(column)) {
        problems.push(
          `column ${table}.${column} looks personal but is not classified: add it to sanitize/pii-columns.yaml under columns (with a rule) or notPii`,
        );
      }
    }
  }
  return problems;
}
