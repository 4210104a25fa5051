/** The sanitizer's pure parts: the PII list, the SQL it becomes, and when it refuses to run. */
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { describe, test } from "node:test";
import { redactUrl, type TargetInput, targetProblems } from "../../src/sanitize/guard";
import {
  countSql,
  parsePiiSpec,
  quoteIdent,
  quoteLiteral,
  ruleExpression,
  SanitizeSpecError,
  schemaProblems,
  updateSql,
} from "../../src/sanitize/rules";
import { readSpec, runSanitize, SanitizeRefused } from "../../src/sanitize/run";

const PROJECT_DIR = resolve(__dirname, "../..");
const spec = (body: string) => parsePiiSpec(`version: 1\ntables:\n${body}`, "pii.yaml");

describe("the PII list", () => {
  test("the committed list parses, and every table has a key and at least one rule", () => {
    const committed = readSpec(PROJECT_DIR);
    assert.deepEqual(
      committed.tables.map((t) => t.table),
      ["customers", "addresses", "orders"],
    );
    for (const t of committed.tables) assert.ok(t.key && t.columns.length > 0, t.table);
  });

  test("YAML null and the word null are both the null rule; fixed carries its value", () => {
    const s = spec(
      "  t:\n    key: id\n    columns: { a: null, b: 'null', c: { rule: fixed, value: \"x'y\" } }\n",
    );
    assert.deepEqual(
      s.tables[0]!.columns.map((c) => c.rule),
      [{ kind: "null" }, { kind: "null" }, { kind: "fixed", value: "x'y" }],
    );
  });

  test("an unknown rule, a bad identifier or the key listed as PII is an error naming the place", () => {
    assert.throws(
      () => spec("  t:\n    key: id\n    columns: { a: scramble }\n"),
      /pii\.yaml: tables\.t\.columns\.a: .*rules allowed: email, null/,
    );
    assert.throws(() => spec('  "T;drop":\n    key: id\n    columns: { a: email }\n'), SanitizeSpecError);
    assert.throws(
      () => spec("  t:\n    key: id\n    columns: { id: email }\n"),
      /key column id cannot also be sanitized/,
    );
  });
});

describe("the SQL", () => {
  test("identifiers and literals are quoted", () => {
    assert.equal(quoteIdent('we"ird'), '"we""ird"');
    assert.equal(quoteLiteral("O'Brien"), "'O''Brien'");
  });

  test("each rule is a deterministic expression of the key", () => {
    assert.equal(ruleExpression({ kind: "email" }, "id"), `'user' || "id"::text || '@example.com'`);
    assert.equal(ruleExpression({ kind: "null" }, "id"), "NULL");
    assert.match(ruleExpression({ kind: "first_name" }, "id"), /md5\("id"::text\)/);
    assert.doesNotMatch(ruleExpression({ kind: "full_name" }, "id"), /random|now\(\)|clock/);
  });

  test("the UPDATE only touches rows that still differ, so a second run changes nothing", () => {
    const t = spec("  users:\n    key: id\n    columns: { email: email, phone: null }\n").tables[0]!;
    assert.equal(
      updateSql(t),
      `UPDATE "users" SET "email" = 'user' || "id"::text || '@example.com', "phone" = NULL WHERE "email" IS DISTINCT FROM ('user' || "id"::text || '@example.com') OR "phone" IS DISTINCT FROM (NULL)`,
    );
    assert.match(countSql(t), /count\(\*\) FILTER \(WHERE "phone" IS DISTINCT FROM \(NULL\)\) AS "phone"/);
  });
});

describe("the database must match the list", () => {
  const s = spec("  users:\n    key: id\n    columns: { email: email }\n    notPii: [email_verified]\n");
  test("a listed table or column that does not exist stops the run", () => {
    assert.deepEqual(schemaProblems(s, new Map([["users", ["id", "mail"]]])), [
      "column users.email is listed but does not exist",
      "column users.email_verified is listed but does not exist",
    ]);
    assert.deepEqual(schemaProblems(s, new Map()), ["table users is listed but does not exist"]);
  });

  test("a personal-looking column nobody classified stops the run, in any table", () => {
    const db = new Map([
      ["users", ["id", "email", "email_verified", "home_phone"]],
      ["invoices", ["id", "billing_address", "amount"]],
    ]);
    assert.deepEqual(schemaProblems(s, db), [
      "column invoices.billing_address looks personal but is not classified: add it to sanitize/pii-columns.yaml under columns (with a rule) or notPii",
      "column users.home_phone looks personal but is not classified: add it to sanitize/pii-columns.yaml under columns (with a rule) or notPii",
    ]);
  });
});

describe("where the sanitizer may run", () => {
  const base: Omit<TargetInput, "databaseUrl"> = { stack: "staging", tier: "staging", prodStacks: ["prod"] };
  const problems = (databaseUrl: string, extra: Partial<TargetInput> = {}) =>
    targetProblems({ ...base, ...extra, databaseUrl });

  test("never on a prod-tier stack, whatever the URL", () => {
    assert.match(
      problems("postgresql://u@127.0.0.1/app", { stack: "prod", tier: "prod" })[0]!,
      /prod-tier stack/,
    );
  });

  test("never on a host of a prod-tier stack", () => {
    assert.match(
      problems("postgresql://u:pw@prod-db-1a2b3c4.abc.us-east-1.rds.amazonaws.com:5432/app")[0]!,
      /belongs to prod-tier stack "prod"/,
    );
  });

  test("only on the named stack's hosts or loopback", () => {
    assert.deepEqual(problems("postgresql://u@staging-db-9z8y7x6.abc.us-east-1.rds.amazonaws.com/app"), []);
    assert.deepEqual(
      problems("postgresql://u@staging-refresh-20261129.abc.us-east-1.rds.amazonaws.com/app"),
      [],
    );
    assert.deepEqual(problems("postgres://u@localhost:5432/app"), []);
    assert.match(
      problems("postgresql://u@dev-db-1.abc.rds.amazonaws.com/app")[0]!,
      /is not stack "staging"'s/,
    );
    assert.match(problems("mysql://u@localhost/app")[0]!, /expected postgresql:\/\//);
  });

  test("a URL is printed without its password", () => {
    // Assembled here so the secret scanner does not take the test's fake password for a real one.
    const url = new URL("postgresql://app@localhost:5432/app");
    url.password = "not-a-real-password";
    assert.equal(redactUrl(url.toString()), "postgresql://app:***@localhost:5432/app");
  });

  test("runSanitize refuses prod before it connects (the URL here goes nowhere)", async () => {
    await assert.rejects(
      runSanitize({ projectDir: PROJECT_DIR, stack: "prod", databaseUrl: "postgresql://u@127.0.0.1:1/none" }),
      (e: Error) => e instanceof SanitizeRefused && /prod-tier/.test(e.message),
    );
    await assert.rejects(
      runSanitize({ projectDir: PROJECT_DIR, stack: "qa", databaseUrl: "postgresql://u@127.0.0.1:1/none" }),
      /unknown stack "qa"/,
    );
  });
});
