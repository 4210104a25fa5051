/**
 * The sanitizer against a real PostgreSQL (scripts/test-postgres.sh starts one; .ci/run and CI
 * export SANITIZE_TEST_DATABASE_URL and SANITIZE_TEST_REQUIRED=1). Without a URL the suite is
 * skipped locally; with SANITIZE_TEST_REQUIRED=1 a missing or unreachable database fails it.
 */
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { Client } from "pg";
import { TEST_ADDRESS, FAKE_FIRST_NAMES, FAKE_LAST_NAMES, parsePiiSpec } from "../../src/sanitize/rules";
import { readSpec, runSanitize, SanitizeRefused } from "../../src/sanitize/run";
import { FIXTURE_ROWS, FIXTURE_SQL } from "../support/sanitize-fixture";

const URL_ = process.env["SANITIZE_TEST_DATABASE_URL"];
const REQUIRED = process.env["SANITIZE_TEST_REQUIRED"] === "1";
const PROJECT_DIR = resolve(__dirname, "../..");
const SPEC = readSpec(PROJECT_DIR);
const KEYS: Readonly<Record<string, string>> = Object.fromEntries(SPEC.tables.map((t) => [t.table, t.key]));
const LISTED: Readonly<Record<string, string[]>> = Object.fromEntries(
  SPEC.tables.map((t) => [t.table, t.columns.map((c) => c.column)]),
);

test("a database for the sanitizer tests is configured where CI requires one", () => {
  if (REQUIRED) assert.ok(URL_, "SANITIZE_TEST_REQUIRED=1 but SANITIZE_TEST_DATABASE_URL is not set");
});

describe(
  "sanitizer against a real PostgreSQL",
  { skip: URL_ ? false : "SANITIZE_TEST_DATABASE_URL not set" },
  () => {
    const db = new Client({ connectionString: URL_ });
    const sanitize = (extra: Partial<Parameters<typeof runSanitize>[0]> = {}) =>
      runSanitize({ projectDir: PROJECT_DIR, stack: "staging", databaseUrl: URL_!, ...extra });

    /** Every row of a table as JSON, by key, optionally without some columns. */
    async function rows(table: string, without: readonly string[] = []): Promise<unknown[]> {
      const drop = without.length > 0 ? ` - ARRAY[${without.map((c) => `'${c}'`).join(", ")}]` : "";
      const res = await db.query(
        `SELECT to_jsonb(t)${drop} AS r FROM "${table}" t ORDER BY "${KEYS[table]}"`,
      );
      return res.rows.map((r: { r: unknown }) => r.r);
    }

    async function everything(): Promise<Record<string, unknown[]>> {
      const out: Record<string, unknown[]> = {};
      for (const table of Object.keys(FIXTURE_ROWS)) out[table] = await rows(table);
      return out;
    }

    before(async () => {
      await db.connect();
    });
    after(async () => {
      await db.end();
    });
    beforeEach(async () => {
      await db.query(FIXTURE_SQL);
    });

    test("no original value survives in any listed column; the rules' values are in place", async () => {
      const originals = new Map<string, Set<string>>();
      for (const [table, columns] of Object.entries(LISTED)) {
        for (const column of columns) {
          const res = await db.query(
            `SELECT DISTINCT "${column}"::text AS v FROM "${table}" WHERE "${column}" IS NOT NULL`,
          );
          originals.set(`${table}.${column}`, new Set(res.rows.map((r: { v: string }) => r.v)));
        }
      }
      await sanitize();
      for (const [table, columns] of Object.entries(LISTED)) {
        for (const column of columns) {
          const res = await db.query(
            `SELECT DISTINCT "${column}"::text AS v FROM "${table}" WHERE "${column}" IS NOT NULL`,
          );
          const survivors = res.rows
            .map((r: { v: string }) => r.v)
            .filter((v: string) => originals.get(`${table}.${column}`)!.has(v));
          assert.deepEqual(survivors, [], `${table}.${column} still holds original values`);
        }
      }
      const c = await db.query(
        `SELECT id, email, first_name, last_name, phone, national_id, date_of_birth FROM customers ORDER BY id`,
      );
      for (const r of c.rows as {
        id: string;
        email: string;
        first_name: string;
        last_name: string;
        phone: null;
      }[]) {
        assert.equal(r.email, `user${r.id}@example.com`);
        assert.ok((FAKE_FIRST_NAMES as readonly string[]).includes(r.first_name));
        assert.ok((FAKE_LAST_NAMES as readonly string[]).includes(r.last_name));
        assert.deepEqual(
          [
            r.phone,
            (r as Record<string, unknown>)["national_id"],
            (r as Record<string, unknown>)["date_of_birth"],
          ],
          [null, null, null],
        );
      }
      const a = await db.query(`SELECT DISTINCT line1, line2, postal_code FROM addresses`);
      assert.deepEqual(a.rows, [{ line1: TEST_ADDRESS, line2: null, postal_code: "00000" }]);
    });

    test("row counts and every column not listed are unchanged", async () => {
      const before: Record<string, unknown[]> = {};
      for (const table of Object.keys(FIXTURE_ROWS)) before[table] = await rows(table, LISTED[table]);
      await sanitize();
      for (const table of Object.keys(FIXTURE_ROWS)) {
        const now = await rows(table, LISTED[table]);
        assert.equal(now.length, FIXTURE_ROWS[table], `${table} row count`);
        assert.deepEqual(now, before[table], `${table}: a column outside the PII list changed`);
      }
    });

    test("foreign keys still hold and every constraint is still valid", async () => {
      await sanitize();
      const orphans = await db.query(`
      SELECT (SELECT count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL)
           + (SELECT count(*) FROM orders o LEFT JOIN addresses a ON a.id = o.shipping_address_id
              WHERE o.shipping_address_id IS NOT NULL AND a.id IS NULL)
           + (SELECT count(*) FROM addresses a LEFT JOIN customers c ON c.id = a.customer_id WHERE c.id IS NULL) AS n`);
      assert.equal(Number(orphans.rows[0].n), 0);
      const invalid = await db.query(
        `SELECT conname FROM pg_constraint WHERE conrelid IN ('customers'::regclass, 'addresses'::regclass, 'orders'::regclass) AND NOT convalidated`,
      );
      assert.deepEqual(invalid.rows, []);
    });

    test("reports what it changed per table; a second run changes nothing", async () => {
      const first = await sanitize();
      const customers = first.tables.find((t) => t.table === "customers")!;
      assert.equal(customers.rows, 300);
      assert.equal(customers.rowsChanged, 300);
      assert.equal(customers.columns["email"], 300);
      assert.equal(customers.columns["phone"], 270, "the 30 customers without a phone need no change there");
      assert.deepEqual(
        first.tables.map((t) => [t.table, t.rowsChanged]),
        [
          ["customers", 300],
          ["addresses", 400],
          ["orders", 600],
        ],
      );
      const data = await everything();
      const second = await sanitize();
      assert.deepEqual(
        second.tables.map((t) => [t.table, t.rowsChanged, Object.values(t.columns).every((n) => n === 0)]),
        [
          ["customers", 0, true],
          ["addresses", 0, true],
          ["orders", 0, true],
        ],
      );
      assert.deepEqual(await everything(), data, "the second run wrote something");
    });

    test("one transaction: a failure in a later table leaves the earlier ones untouched", async () => {
      const original = await everything();
      // addresses.line1 is NOT NULL: the second table's UPDATE fails after customers was updated.
      const spec = parsePiiSpec(
        "version: 1\ntables:\n  customers:\n    key: id\n    columns: { email: email, first_name: first_name, last_name: last_name, phone: null, national_id: null, date_of_birth: null }\n    notPii: [email_verified]\n  addresses:\n    key: id\n    columns: { line1: null, line2: null, postal_code: null }\n  orders:\n    key: id\n    columns: { shipping_name: null, shipping_phone: null }\n    notPii: [shipping_address_id]\n",
        "test spec",
      );
      await assert.rejects(sanitize({ spec }), /null value in column "line1"/);
      assert.deepEqual(await everything(), original);
    });

    test("a dry run reports what it would change and writes nothing", async () => {
      const original = await everything();
      const report = await sanitize({ dryRun: true });
      assert.equal(report.tables.find((t) => t.table === "orders")!.columns["shipping_name"], 600);
      assert.deepEqual(await everything(), original);
    });

    test("refuses a prod-tier stack, and an unclassified personal column, writing nothing", async () => {
      const original = await everything();
      await assert.rejects(
        sanitize({ stack: "prod" }),
        (e: Error) => e instanceof SanitizeRefused && /prod-tier/.test(e.message),
      );
      await db.query(`ALTER TABLE customers ADD COLUMN mobile_number text DEFAULT '+1-555-0000'`);
      await assert.rejects(
        sanitize(),
        (e: Error) =>
          e instanceof SanitizeRefused &&
          /customers\.mobile_number looks personal but is not classified/.test(e.message),
      );
      await db.query(`ALTER TABLE customers DROP COLUMN mobile_number`);
      assert.deepEqual(await everything(), original);
    });
  },
);
