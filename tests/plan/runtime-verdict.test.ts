/**
 * src/plan/runtime-verdict.ts: what `infra runtime-check` concludes from a run under Pulumi's
 * runner. Every way a run can go wrong must fail the check, saying what went wrong; CI's
 * `npm run check:runtime` runs the real stacks (and one refused configuration) through the runner.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Plan, PLAN_FORMAT_VERSION } from "../../src/model/plan";
import { T } from "../../src/model/resource-types";
import { serializePlan } from "../../src/plan/plan-file";
import {
  type EngineLog,
  type NodeRun,
  type PolicyDiagnostic,
  planProblems,
  policyProblems,
  readCommitted,
  refusalProblems,
  REPORTED,
} from "../../src/plan/runtime-verdict";

const ok: NodeRun = { code: 0, signal: null, output: "", timedOut: false };
const reported: NodeRun = { ...ok, code: REPORTED };
const log = (severity: EngineLog["severity"], message: string, urn = ""): EngineLog => ({
  severity,
  message,
  urn,
});

const resource = (name: string, inputs: Record<string, string> = {}) => ({
  urn: `urn:pulumi:dev::infra::aws:s3/bucket:Bucket::${name}`,
  type: "aws:s3/bucket:Bucket",
  name,
  id: `${name}-id`,
  parent: null,
  custom: true,
  provider: null,
  dependencies: [],
  options: { protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [] },
  inputs,
});
const plan = (...resources: ReturnType<typeof resource>[]): Plan => ({
  formatVersion: PLAN_FORMAT_VERSION,
  project: "infra",
  stack: "dev",
  tier: "dev",
  resources,
  outputs: { tier: "dev" },
});
const committed = (p: Plan) => ({ path: "stacks/dev.plan.json", text: serializePlan(p) });

describe("a planned run", () => {
  const registered = plan(resource("a"), resource("b", { acl: "private" }));

  test("passes when it exits 0, says nothing alarming and registers the committed plan byte for byte", () => {
    assert.deepEqual(
      planProblems(ok, [log("debug", "Registering"), log("info", "hi")], registered, committed(registered)),
      [],
    );
  });

  test("a different plan names each resource added, removed or changed, and what changed", () => {
    const before = plan(resource("b", { acl: "public-read" }), resource("c"));
    const problems = planProblems(ok, [], registered, committed(before));
    assert.match(problems[0] ?? "", /differs from stacks\/dev\.plan\.json/);
    assert.deepEqual(problems.slice(1), [
      "+ urn:pulumi:dev::infra::aws:s3/bucket:Bucket::a (registered, not in the committed plan)",
      "~ urn:pulumi:dev::infra::aws:s3/bucket:Bucket::b: inputs",
      "- urn:pulumi:dev::infra::aws:s3/bucket:Bucket::c (committed, not registered)",
    ]);
  });

  test("outputs and the plan's own fields count too; a long list is cut", () => {
    const many = plan(...Array.from({ length: 12 }, (_, i) => resource(`r${i}`)));
    const problems = planProblems(ok, [], { ...many, outputs: { tier: "prod" } }, committed(plan()));
    assert.equal(problems.at(-1), "… and 5 more");
    assert.equal(problems.length, 1 + 8 + 1);
    const outputs = planProblems(ok, [], { ...registered, outputs: {} }, committed(registered));
    assert.deepEqual(outputs.slice(1), ["~ the plan's outputs"]);
  });

  test("a committed file that is not a plan compares as empty, not as a crash", () => {
    for (const text of ["{}", "not json", "null"]) {
      assert.deepEqual(readCommitted(text).resources, []);
      const problems = planProblems(ok, [], registered, { path: "p", text });
      assert.ok(
        problems.includes(
          "+ urn:pulumi:dev::infra::aws:s3/bucket:Bucket::a (registered, not in the committed plan)",
        ),
      );
    }
  });

  test("a failed or hung process fails, with the end of what it printed", () => {
    const crashed = planProblems(
      { ...ok, code: 1, output: "line 1\nTypeError: boom\n" },
      [],
      undefined,
      committed(registered),
    );
    assert.deepEqual(crashed, ["the program exited with 1", "| line 1", "| TypeError: boom"]);
    const hung = planProblems(
      { ...ok, code: null, signal: "SIGKILL", timedOut: true },
      [],
      undefined,
      committed(registered),
    );
    assert.deepEqual(hung, ["the program exited with SIGKILL (timed out)"]);
  });

  test("an engine warning or error fails even a run that exits 0", () => {
    const problems = planProblems(
      ok,
      [log("warning", "deprecated  ", "urn:x"), log("error", "bad")],
      registered,
      committed(registered),
    );
    assert.deepEqual(problems, ["engine warning: deprecated (urn:x)", "engine error: bad"]);
  });
});

describe("a refused run", () => {
  const refusal = log(
    "error",
    'Invalid configuration for stack "dev" (Pulumi.dev.yaml); no resources were registered:\n  - infra:tier: got "qa"',
  );

  test("passes when reported once, as the configuration's message, before any resource", () => {
    assert.deepEqual(refusalProblems(reported, [refusal], [T.stack]), []);
  });

  test("fails when it was planned, crashed otherwise, or said more or less than once", () => {
    assert.match(refusalProblems(ok, [refusal], [T.stack]).join("\n"), /exited with 0, not 32/);
    assert.match(
      refusalProblems({ ...ok, code: 1 }, [refusal], [T.stack]).join("\n"),
      /exited with 1, not 32/,
    );
    assert.match(refusalProblems(reported, [], [T.stack]).join("\n"), /0 engine errors, not one/);
    assert.match(
      refusalProblems(reported, [refusal, refusal], [T.stack]).join("\n"),
      /2 engine errors, not one/,
    );
  });

  test("fails when the message is another error's, carries a stack trace, or resources were registered", () => {
    const other = log("error", "Running program failed with an unhandled exception:\nTypeError: x");
    assert.match(
      refusalProblems(reported, [other], [T.stack]).join("\n"),
      /not the configuration's: Running program failed/,
    );
    const traced = log("error", `${refusal.message}\n    at resolveProgramSettings (src/program.ts:50:13)`);
    assert.match(refusalProblems(reported, [traced], [T.stack]).join("\n"), /carries a stack trace/);
    assert.match(
      refusalProblems(reported, [refusal], [T.stack, "aws:s3/bucket:Bucket"]).join("\n"),
      /registered 1 resource before refusing/,
    );
  });
});

describe("the policy pack against the rules in-process", () => {
  const urn = "urn:pulumi:dev::infra::aws:rds/instance:Instance::dev-db";
  const diagnostic = (policy: string, level: PolicyDiagnostic["level"], at = urn): PolicyDiagnostic => ({
    policy,
    urn: at,
    level,
    message: "m",
  });
  const rules = ["rds-storage-encrypted", "rds-backup-retention"];

  test("agrees when it declares every rule and reports the same violations at the same levels", () => {
    const expected = {
      failures: [{ rule: "rds-storage-encrypted", urn }],
      excepted: [{ rule: "rds-backup-retention", urn }],
    };
    const got = [
      diagnostic("rds-storage-encrypted", "mandatory"),
      diagnostic("rds-backup-retention", "advisory"),
    ];
    assert.deepEqual(policyProblems(rules, rules, got, expected), []);
  });

  test("a missing or extra policy, a violation one side lacks, or the wrong level fails", () => {
    assert.deepEqual(
      policyProblems(["rds-storage-encrypted", "x"], rules, [], { failures: [], excepted: [] }),
      ["the pack does not declare rds-backup-retention", "the pack declares x, which no rule is"],
    );
    const failure = { failures: [{ rule: "rds-storage-encrypted", urn }], excepted: [] };
    assert.deepEqual(policyProblems(rules, rules, [], failure), [
      `the rules in-process report rds-storage-encrypted on ${urn}; the pack does not, as mandatory`,
    ]);
    assert.deepEqual(
      policyProblems(rules, rules, [diagnostic("rds-storage-encrypted", "advisory")], failure),
      [
        `the rules in-process report rds-storage-encrypted on ${urn}; the pack does not, as mandatory`,
        `the pack reports advisory rds-storage-encrypted on ${urn}; the rules in-process do not`,
      ],
    );
    assert.deepEqual(
      policyProblems(rules, rules, [diagnostic("rds-backup-retention", "mandatory", "")], {
        failures: [],
        excepted: [],
      }),
      ["the pack reports mandatory rds-backup-retention on the stack; the rules in-process do not"],
    );
    assert.deepEqual(
      policyProblems(rules, rules, [diagnostic("rds-backup-retention", "disabled")], {
        failures: [],
        excepted: [],
      }),
      [`the pack reports disabled rds-backup-retention on ${urn}`],
    );
  });
});
