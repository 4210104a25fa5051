/**
 * Reading a usage file without the yaml package and zod (src/reports/cost/usage.ts): the plain
 * reader returns what the yaml package returns or leaves the text to it, and the well-formed check
 * accepts only what the schema accepts, with the same values. (cost.test.ts tests what the file
 * means: its keys, defaults and error messages.)
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { readPlainUsage, readWellFormed, USAGE_KEYS, usageSchema } from "../../../src/reports/cost/usage";

const committed = (stack: string) =>
  readFileSync(join(__dirname, `../../../stacks/${stack}.usage.yaml`), "utf8");

/** The yaml package's value as JSON, or "throws" when it refuses the text. */
function yamlValue(text: string): string {
  try {
    return JSON.stringify(parse(text));
  } catch {
    return "throws";
  }
}

/** Texts in the plain form, with what they mean. */
const PLAIN: Record<string, unknown> = {
  "": {},
  "# only a comment\n\n": {},
  "version: 1\n": { version: 1 },
  "version: 2 # read; the schema refuses it\n": { version: 2 },
  "nat:\n  dataProcessedGb: 500 # a comment\n": { nat: { dataProcessedGb: 500 } },
  "nat: # why\n  # a comment at any depth\n    # and another\n  dataProcessedGb: 0.25   \n": {
    nat: { dataProcessedGb: 0.25 },
  },
  "logs:\n  flowLogsGb: 1\n  otherGroupGb: 2.50\nkms:\n  requests: 2000000\n": {
    logs: { flowLogsGb: 1, otherGroupGb: 2.5 },
    kms: { requests: 2000000 },
  },
};

/** Texts outside the plain form: left to the yaml package, whatever it makes of them. */
const NOT_PLAIN = [
  "nat:\n\tdataProcessedGb: 1\n", // a tab
  "nat:\r\n  dataProcessedGb: 1\r\n", // CRLF
  "\uFEFFversion: 1\n", // a byte-order mark
  "---\nversion: 1\n", // a document marker
  'nat:\n  "dataProcessedGb": 1\n', // a quoted key
  "nat: {dataProcessedGb: 1}\n", // flow style
  "nat:\n    dataProcessedGb: 1\n", // other indentation
  "nat:\n  dataProcessedGb: 1\nnat:\n  dataProcessedGb: 2\n", // a group twice (yaml refuses)
  "nat:\n  dataProcessedGb: 1\n  dataProcessedGb: 2\n", // a key twice (yaml refuses)
  "version: 1\nversion: 1\n", // version twice (yaml refuses)
  "nat:\nkms:\n  requests: 1\n", // a group with nothing under it (null)
  "kms:\n  requests: 1\nnat:\n", // the same, last
  "  dataProcessedGb: 1\n", // a key under no group
  "version: 1\n  requests: 1\n", // a key under a value
  "nat:\n  dataProcessedGb:\n", // a key with no value (null)
  "nat: 5\n", // a group given a number
  "version:\n", // version with no value
  "nat:\n  bogus: 1\n", // an unknown key
  "bogus:\n  x: 1\n", // an unknown group
  "nat:\n  dataProcessedGb: 1_000\n", // a string in YAML 1.2
  "nat:\n  dataProcessedGb: 1e3\n",
  "nat:\n  dataProcessedGb: -1\n",
  "nat:\n  dataProcessedGb: +1\n",
  "nat:\n  dataProcessedGb: .5\n",
  "nat:\n  dataProcessedGb: 007\n",
  "nat:\n  dataProcessedGb: 0x10\n",
  "nat:\n  dataProcessedGb: .inf\n",
  "nat:\n  dataProcessedGb: 500#x\n", // no space before '#': part of the value
  "nat:#x\n  dataProcessedGb: 1\n",
  "nat:\n  dataProcessedGb: '500'\n",
  "nat:\n  dataProcessedGb: 5 # a\n    more: 1\n",
];

describe("reading a usage file", () => {
  test("the committed usage files are plain, and read as the yaml package reads them", () => {
    for (const stack of ["dev", "staging", "prod"]) {
      const text = committed(stack);
      const plain = readPlainUsage(text);
      assert.ok(plain, `${stack}.usage.yaml is not in the plain form`);
      assert.equal(JSON.stringify(plain), yamlValue(text), stack);
    }
  });

  test("plain texts mean what the yaml package says they mean", () => {
    for (const [text, value] of Object.entries(PLAIN)) {
      assert.deepEqual(readPlainUsage(text), value, JSON.stringify(text));
      assert.equal(JSON.stringify(readPlainUsage(text)), yamlValue(text) === "null" ? "{}" : yamlValue(text));
    }
  });

  test("every other text is left to the yaml package", () => {
    for (const text of NOT_PLAIN) assert.equal(readPlainUsage(text), undefined, JSON.stringify(text));
  });

  test("what the well-formed check accepts, the schema accepts with the same values; the rest goes to it", () => {
    const every = Object.fromEntries(
      [...new Set(USAGE_KEYS.map((k) => k.split(".")[0]!))].map((group) => [
        group,
        Object.fromEntries(
          USAGE_KEYS.filter((k) => k.startsWith(`${group}.`)).map((k) => [k.split(".")[1], 1]),
        ),
      ]),
    );
    const accepted = [{}, { version: 1 }, every, { nat: {} }, { nat: { dataProcessedGb: 0 } }];
    for (const doc of accepted) {
      assert.equal(readWellFormed(doc), doc);
      const result = usageSchema().safeParse(doc);
      assert.ok(result.success, JSON.stringify(doc));
      assert.deepEqual(result.data, doc);
    }
    const refused = [
      null,
      [],
      "text",
      { version: 2 },
      { version: "1" },
      { bogus: {} },
      { nat: null },
      { nat: [] },
      { nat: 5 },
      { nat: { bogus: 1 } },
      { nat: { dataProcessedGb: -1 } },
      { nat: { dataProcessedGb: "1" } },
      { nat: { dataProcessedGb: Infinity } },
      { nat: { dataProcessedGb: NaN } },
      { nat: { dataProcessedGb: null } },
    ];
    for (const doc of refused) {
      assert.equal(readWellFormed(doc), undefined, JSON.stringify(doc));
      assert.equal(usageSchema().safeParse(doc).success, false, JSON.stringify(doc));
    }
  });
});
