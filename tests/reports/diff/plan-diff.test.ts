import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { STATEFUL } from "../../../src/model/resource-types";
import {
  diffPlans,
  formatPath,
  isAtRisk,
  isStatefulAtRisk,
  parsePlan,
  PlanInputError,
  REPLACE_FORCING_PROPERTIES,
  STATEFUL_RESOURCE_TYPES,
  type ResourceDiff,
  type StackDiff,
} from "../../../src/reports/diff/plan-diff";
import { PLAN_FORMAT_VERSION, SECRET_PLACEHOLDER } from "../../../src/model/plan";
import {
  BUCKET,
  LOG_GROUP,
  componentUrn,
  DB,
  plan,
  SECRET,
  SECURITY_GROUP,
  SUBNET,
  urnOf,
  VPC,
  type ResourceSpec,
} from "../../support/plan-builders";

/** Diff of a one-resource plan before and after, and that resource's entry. */
function diffOne(
  before: ResourceSpec | null,
  after: ResourceSpec | null,
): { diff: StackDiff; r: ResourceDiff } {
  const diff = diffPlans(
    plan({ resources: before ? [before] : [] }),
    plan({ resources: after ? [after] : [] }),
  );
  const r = diff.resources[0];
  assert.ok(r, "expected one resource in the diff");
  return { diff, r };
}

describe("diffPlans: resources", () => {
  test("identical plans have no changes", () => {
    const spec = { resources: [{ type: VPC, name: "dev-vpc", inputs: { cidrBlock: "10.0.0.0/16" } }] };
    const diff = diffPlans(plan(spec), plan(spec));
    assert.equal(diff.status, "unchanged");
    assert.deepEqual(diff.resources, []);
    assert.deepEqual(diff.outputs, []);
    assert.deepEqual(diff.counts, { adds: 0, changes: 0, deletes: 0, statefulAtRisk: 0 });
  });

  test("an added resource is reported without expanding its inputs", () => {
    const { diff, r } = diffOne(null, { type: LOG_GROUP, name: "dev-logs", inputs: { acl: "private" } });
    assert.equal(diff.status, "changed");
    assert.equal(r.kind, "added");
    assert.equal(r.urn, urnOf("dev", LOG_GROUP, "dev-logs"));
    assert.equal(r.type, LOG_GROUP);
    assert.equal(r.name, "dev-logs");
    assert.deepEqual(r.inputs, []);
    assert.deepEqual(diff.counts, { adds: 1, changes: 0, deletes: 0, statefulAtRisk: 0 });
  });

  test("a removed resource that is not stateful is not at risk", () => {
    const { diff, r } = diffOne({ type: SECURITY_GROUP, name: "dev-web" }, null);
    assert.equal(r.kind, "removed");
    assert.equal(r.stateful, false);
    assert.equal(isAtRisk(r), false);
    assert.deepEqual(diff.counts, { adds: 0, changes: 0, deletes: 1, statefulAtRisk: 0 });
  });

  test("nested input changes are addressed by path", () => {
    const { r } = diffOne(
      {
        type: SECURITY_GROUP,
        name: "dev-web",
        inputs: {
          description: "web",
          ingress: [{ fromPort: 80, toPort: 80 }],
          tags: { Environment: "dev", Team: "web" },
        },
      },
      {
        type: SECURITY_GROUP,
        name: "dev-web",
        inputs: {
          ingress: [{ fromPort: 443, toPort: 80 }, { fromPort: 22 }],
          tags: { Environment: "development", Team: "web", "kubernetes.io/role": "elb" },
        },
      },
    );
    assert.equal(r.kind, "changed");
    assert.deepEqual(r.inputs, [
      { kind: "value", path: "description", before: "web", after: undefined, ignored: false },
      { kind: "value", path: "ingress[0].fromPort", before: 80, after: 443, ignored: false },
      { kind: "value", path: "ingress[1]", before: undefined, after: { fromPort: 22 }, ignored: false },
      { kind: "value", path: "tags.Environment", before: "dev", after: "development", ignored: false },
      { kind: "value", path: 'tags["kubernetes.io/role"]', before: undefined, after: "elb", ignored: false },
    ]);
    assert.deepEqual(r.meta, []);
    assert.deepEqual(r.replaceReasons, []);
  });

  test("keys named like Object.prototype members are plain keys", () => {
    const { r } = diffOne(
      { type: LOG_GROUP, name: "b", inputs: { tags: { toString: "x" } } },
      { type: LOG_GROUP, name: "b", inputs: { tags: { constructor: "y" } } },
    );
    assert.deepEqual(r.inputs, [
      { kind: "value", path: "tags.constructor", before: undefined, after: "y", ignored: false },
      { kind: "value", path: "tags.toString", before: "x", after: undefined, ignored: false },
    ]);
  });

  test("a value whose shape changes is one leaf", () => {
    const { r } = diffOne(
      { type: LOG_GROUP, name: "b", inputs: { policy: "{}" } },
      { type: LOG_GROUP, name: "b", inputs: { policy: { Version: "2012-10-17" } } },
    );
    assert.deepEqual(r.inputs, [
      { kind: "value", path: "policy", before: "{}", after: { Version: "2012-10-17" }, ignored: false },
    ]);
  });

  test("option, parent, provider and dependency changes are reported", () => {
    const vpcUrn = urnOf("dev", VPC, "dev-vpc");
    const oldSubnet = urnOf("dev", SUBNET, "dev-a");
    const { r } = diffOne(
      {
        type: SECURITY_GROUP,
        name: "dev-web",
        dependencies: [vpcUrn, oldSubnet],
        options: { ignoreChanges: ["description"] },
      },
      {
        type: SECURITY_GROUP,
        name: "dev-web",
        provider: "urn:pulumi:dev::infra::pulumi:providers:aws::dev-aws",
        dependencies: [vpcUrn],
        options: { protect: true, retainOnDelete: true, deleteBeforeReplace: true, ignoreChanges: ["tags"] },
      },
    );
    assert.deepEqual(r.meta, [
      { kind: "value", path: "options.protect", before: false, after: true, ignored: false },
      { kind: "value", path: "options.retainOnDelete", before: false, after: true, ignored: false },
      { kind: "value", path: "options.deleteBeforeReplace", before: false, after: true, ignored: false },
      { kind: "list", path: "options.ignoreChanges", added: ["tags"], removed: ["description"] },
      {
        kind: "value",
        path: "provider",
        before: null,
        after: "urn:pulumi:dev::infra::pulumi:providers:aws::dev-aws",
        ignored: false,
      },
      { kind: "list", path: "dependencies", added: [], removed: [oldSubnet] },
    ]);
    assert.equal(r.protected, true);
    assert.equal(r.deleteBeforeReplace, true);
    // retainOnDelete governs a delete from the state the deploy starts in: the before side.
    assert.equal(r.retainOnDelete, false);
  });

  test("a parent change is reported", () => {
    const before = plan({ resources: [{ type: LOG_GROUP, name: "b" }] });
    const moved = {
      ...before.resources[0]!,
      parent: "urn:pulumi:dev::infra::infra:index:Environment::other",
    };
    const diff = diffPlans(before, { ...before, resources: [moved] });
    assert.deepEqual(diff.resources[0]?.meta, [
      { kind: "value", path: "parent", before: componentUrn("dev"), after: moved.parent, ignored: false },
    ]);
  });
});

describe("diffPlans: risk", () => {
  test("the diff's stateful list is the one list, and knows what replaces each type", () => {
    assert.deepEqual(
      STATEFUL_RESOURCE_TYPES,
      STATEFUL.map((s) => s.type),
    );
    const known: readonly string[] = STATEFUL_RESOURCE_TYPES;
    for (const type of [DB, "aws:kms/key:Key", "aws:secretsmanager/secret:Secret", "aws:ec2/vpc:Vpc"]) {
      assert.ok(known.includes(type), type);
    }
    for (const type of STATEFUL_RESOURCE_TYPES) assert.ok(REPLACE_FORCING_PROPERTIES[type], type);
  });

  test("deleting staging's audit bucket is stateful and at risk (it holds the audit trail)", () => {
    const { r } = diffOne({ type: BUCKET, name: "staging-audit-trail", inputs: {} }, null);
    assert.equal(r.stateful, true);
    assert.equal(isStatefulAtRisk(r), true);
  });

  test("deleting a stateful resource is at risk", () => {
    const { diff, r } = diffOne({ type: DB, name: "dev-db", inputs: { engine: "postgres" } }, null);
    assert.equal(r.stateful, true);
    assert.equal(isStatefulAtRisk(r), true);
    assert.equal(isAtRisk(r), true);
    assert.equal(diff.counts.statefulAtRisk, 1);
  });

  test("a database kmsKeyId change is a likely replacement", () => {
    const { diff, r } = diffOne(
      { type: DB, name: "dev-db", inputs: { instanceClass: "db.t3.micro", kmsKeyId: "key-a" } },
      { type: DB, name: "dev-db", inputs: { instanceClass: "db.t3.small", kmsKeyId: "key-b" } },
    );
    assert.deepEqual(r.replaceReasons, [{ path: "kmsKeyId" }]);
    assert.equal(isStatefulAtRisk(r), true);
    assert.deepEqual(diff.counts, { adds: 0, changes: 1, deletes: 0, statefulAtRisk: 1 });
  });

  test("a vpc cidrBlock change is a likely replacement; setting a new forcing input counts too", () => {
    const { r } = diffOne(
      {
        type: VPC,
        name: "dev-vpc",
        inputs: { cidrBlock: "10.0.0.0/16" },
        options: { deleteBeforeReplace: true },
      },
      { type: VPC, name: "dev-vpc", inputs: { cidrBlock: "10.1.0.0/16", ipv4NetmaskLength: 16 } },
    );
    assert.deepEqual(r.replaceReasons, [{ path: "cidrBlock" }, { path: "ipv4NetmaskLength" }]);
    assert.equal(r.deleteBeforeReplace, true);
  });

  test("in-place changes are not replacements; Secrets Manager kmsKeyId updates in place", () => {
    const db = diffOne(
      { type: DB, name: "dev-db", inputs: { instanceClass: "db.t3.micro", tags: { a: "1" } } },
      { type: DB, name: "dev-db", inputs: { instanceClass: "db.t3.large", tags: { a: "2" } } },
    );
    assert.deepEqual(db.r.replaceReasons, []);
    assert.equal(isAtRisk(db.r), false);
    const secret = diffOne(
      { type: SECRET, name: "dev-secret", inputs: { kmsKeyId: "key-a" } },
      { type: SECRET, name: "dev-secret", inputs: { kmsKeyId: "key-b" } },
    );
    assert.deepEqual(secret.r.replaceReasons, []);
  });

  test("conditional replacements carry their condition", () => {
    const type = "aws:elasticache/replicationGroup:ReplicationGroup";
    const { r } = diffOne(
      { type, name: "dev-redis", inputs: { transitEncryptionEnabled: false } },
      { type, name: "dev-redis", inputs: { transitEncryptionEnabled: true } },
    );
    assert.deepEqual(r.replaceReasons, [
      { path: "transitEncryptionEnabled", onlyWhen: "engineVersion is below 7.0.5" },
    ]);
  });

  test("changes covered by ignoreChanges are marked and force nothing", () => {
    const { r } = diffOne(
      { type: VPC, name: "dev-vpc", inputs: { cidrBlock: "a", ingress: [{ fromPort: 1 }] } },
      {
        type: VPC,
        name: "dev-vpc",
        inputs: { cidrBlock: "b", ingress: [{ fromPort: 2 }] },
        options: { ignoreChanges: ["cidrBlock", "ingress[*].fromPort"] },
      },
    );
    assert.deepEqual(
      r.inputs.map((c) => [c.path, c.kind !== "list" && c.ignored]),
      [
        ["cidrBlock", true],
        ["ingress[0].fromPort", true],
      ],
    );
    assert.deepEqual(r.replaceReasons, []);
  });

  test("protect on either side marks the resource protected", () => {
    const removed = diffOne({ type: DB, name: "dev-db", options: { protect: true } }, null);
    assert.equal(removed.r.protected, true);
    const nowProtected = diffOne(
      { type: DB, name: "dev-db", inputs: { kmsKeyId: "a" } },
      { type: DB, name: "dev-db", inputs: { kmsKeyId: "b" }, options: { protect: true } },
    );
    assert.equal(nowProtected.r.protected, true);
    assert.equal(isAtRisk(nowProtected.r), true);
  });

  test("a protected resource that is not stateful is still at risk when deleted", () => {
    const { r } = diffOne({ type: SECURITY_GROUP, name: "dev-web", options: { protect: true } }, null);
    assert.equal(isAtRisk(r), true);
    assert.equal(isStatefulAtRisk(r), false);
  });
});

describe("diffPlans: secrets", () => {
  const RAW = "hunter2-plaintext";

  test("secret transitions are reported without either value", () => {
    const { r } = diffOne(
      {
        type: DB,
        name: "dev-db",
        inputs: {
          credentials: SECRET_PLACEHOLDER,
          password: SECRET_PLACEHOLDER,
          username: "admin-name",
          oldToken: SECRET_PLACEHOLDER,
        },
      },
      {
        type: DB,
        name: "dev-db",
        inputs: {
          credentials: { user: SECRET_PLACEHOLDER, password: SECRET_PLACEHOLDER },
          password: RAW,
          username: SECRET_PLACEHOLDER,
          newToken: SECRET_PLACEHOLDER,
        },
      },
    );
    assert.deepEqual(r.inputs, [
      { kind: "secret", path: "credentials", transition: "changed", ignored: false },
      { kind: "secret", path: "newToken", transition: "added", ignored: false },
      { kind: "secret", path: "oldToken", transition: "removed", ignored: false },
      { kind: "secret", path: "password", transition: "no-longer-secret", ignored: false },
      { kind: "secret", path: "username", transition: "became-secret", ignored: false },
    ]);
    // Conservative: a replace-forcing input that became secret may have changed, so it counts.
    assert.deepEqual(r.replaceReasons, [{ path: "username" }]);
    const serialized = JSON.stringify(r);
    assert.ok(!serialized.includes(RAW));
    assert.ok(!serialized.includes("admin-name"));
  });

  test("two redacted values compare equal (the documented limitation)", () => {
    const spec = { type: SECRET, name: "s", inputs: { value: SECRET_PLACEHOLDER } };
    const diff = diffPlans(plan({ resources: [spec] }), plan({ resources: [spec] }));
    assert.equal(diff.status, "unchanged");
  });

  test("secret outputs are redacted too", () => {
    const diff = diffPlans(
      plan({ outputs: { dbPassword: RAW } }),
      plan({ outputs: { dbPassword: SECRET_PLACEHOLDER } }),
    );
    assert.deepEqual(diff.outputs, [
      { kind: "secret", path: "dbPassword", transition: "became-secret", ignored: false },
    ]);
  });
});

describe("diffPlans: stacks", () => {
  const spec = {
    stack: "qa",
    resources: [
      { type: VPC, name: "qa-vpc" },
      { type: LOG_GROUP, name: "qa-logs" },
    ],
  };

  test("a new stack adds every resource", () => {
    const diff = diffPlans(null, plan(spec));
    assert.equal(diff.stack, "qa");
    assert.equal(diff.status, "added");
    assert.deepEqual(diff.tier, { before: null, after: "qa" });
    assert.deepEqual(
      diff.resources.map((r) => r.kind),
      ["added", "added"],
    );
    assert.deepEqual(diff.counts, { adds: 2, changes: 0, deletes: 0, statefulAtRisk: 0 });
  });

  test("a removed stack deletes every resource, stateful ones at risk", () => {
    const diff = diffPlans(plan(spec), null);
    assert.equal(diff.status, "removed");
    assert.deepEqual(diff.counts, { adds: 0, changes: 0, deletes: 2, statefulAtRisk: 1 });
  });

  test("output and tier changes count as changes", () => {
    const diff = diffPlans(
      plan({ tier: "dev", outputs: { url: "a" } }),
      plan({ tier: "prod", outputs: { url: "b" } }),
    );
    assert.equal(diff.status, "changed");
    assert.deepEqual(diff.tier, { before: "dev", after: "prod" });
    assert.deepEqual(diff.outputs, [{ kind: "value", path: "url", before: "a", after: "b", ignored: false }]);
  });

  test("plans of two different stacks are labelled with both names", () => {
    assert.equal(diffPlans(plan({ stack: "staging" }), plan({ stack: "prod" })).stack, "staging → prod");
  });

  test("plans of different format versions are refused", () => {
    const newer = { ...plan(), formatVersion: 99 };
    assert.throws(() => diffPlans(plan(), newer), PlanInputError);
    assert.throws(() => diffPlans(null, null), PlanInputError);
  });

  test("a format-1 plan (no resource ids) still reads, and comparing it with a newer one says to regenerate", () => {
    const current = plan({ resources: [{ type: VPC, name: "dev-vpc" }] });
    const formatOne = {
      ...current,
      formatVersion: 1,
      resources: current.resources.map(({ id: _id, ...rest }) => rest),
    };
    const old = parsePlan(JSON.stringify(formatOne), "main:stacks/dev.plan.json");
    assert.equal(old.resources[0]?.id, null);
    assert.equal(diffPlans(old, old).status, "unchanged");
    assert.throws(
      () => diffPlans(old, current),
      new RegExp(
        `cannot compare plan format version 1 with ${PLAN_FORMAT_VERSION}; regenerate the older plan`,
      ),
    );
    // A current-format plan must record its ids.
    assert.throws(
      () => parsePlan(JSON.stringify({ ...current, resources: formatOne.resources }), "dev.plan.json"),
      /^PlanInputError: dev\.plan\.json is not a plan file: resources\.0\.id:/,
    );
  });
});

describe("parsePlan and formatPath", () => {
  test("parsePlan accepts a plan and rejects other JSON, naming the origin", () => {
    const p = plan({ resources: [{ type: VPC, name: "dev-vpc", inputs: { tags: { a: [1, null] } } }] });
    assert.deepEqual(parsePlan(JSON.stringify(p), "dev.plan.json"), p);
    assert.throws(
      () => parsePlan("{", "x.json"),
      /^PlanInputError: x\.json is not a plan file: not valid JSON/,
    );
    assert.throws(
      () => parsePlan(JSON.stringify({ ...p, resources: [{ urn: 1 }] }), "y.json"),
      (error: Error) =>
        error instanceof PlanInputError &&
        error.message.startsWith("y.json is not a plan file: resources.0.urn:"),
    );
  });

  test("formatPath uses Pulumi property-path syntax", () => {
    assert.equal(formatPath(["tags", "Environment"]), "tags.Environment");
    assert.equal(formatPath(["ingress", 0, "fromPort"]), "ingress[0].fromPort");
    assert.equal(formatPath(["tags", "a.b c"]), 'tags["a.b c"]');
    assert.equal(formatPath(["odd key"]), '["odd key"]');
  });
});

describe("diffPlans: JSON documents in string inputs", () => {
  const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
  const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
  const read = { Sid: "Read", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" };
  const policy = (text: string): ResourceSpec => ({ type: ROLE_POLICY, name: "p", inputs: { policy: text } });

  test("a policy change is a line diff of the pretty-printed documents: statement added, action removed", () => {
    const after = doc([
      { ...read, Action: ["s3:GetObject"] },
      { Sid: "Write", Effect: "Allow", Action: ["s3:PutObject"], Resource: "*" },
    ]);
    const { r } = diffOne(policy(doc([read])), policy(after));
    assert.equal(r.inputs.length, 1);
    const change = r.inputs[0]!;
    assert.equal(change.kind, "document");
    if (change.kind !== "document") return;
    assert.equal(change.path, "policy");
    const lines = change.hunks.flatMap((h) => h.lines);
    assert.ok(lines.includes('-        "s3:ListBucket"'), lines.join("\n"));
    assert.ok(lines.includes('+      "Sid": "Write",'), lines.join("\n"));
    assert.ok(lines.includes('+        "s3:PutObject"'), lines.join("\n"));
    // Unchanged lines around a change are context, not changes.
    assert.ok(lines.includes('       "Sid": "Read",'), lines.join("\n"));
    assert.equal(change.added, lines.filter((l) => l.startsWith("+")).length);
    assert.equal(change.removed, lines.filter((l) => l.startsWith("-")).length);
    assert.ok(change.added >= 7 && change.removed >= 1, `${change.added} added, ${change.removed} removed`);
    assert.equal(change.hunks[0]!.beforeStart, change.hunks[0]!.afterStart);
  });

  test("the same document formatted differently is a change with no lines", () => {
    const text = doc([read]);
    const { r } = diffOne(policy(text), policy(JSON.stringify(JSON.parse(text), null, 1)));
    assert.equal(r.inputs[0]!.kind, "document");
    assert.deepEqual(r.inputs[0]!.kind === "document" && r.inputs[0]!.hunks, []);
  });

  test("strings that are not JSON documents stay value changes", () => {
    for (const [before, after] of [
      ["arn:aws:s3:::a", "arn:aws:s3:::b"],
      ["{not json", "{still not"],
      ["42", "43"],
      [doc([read]), "plain text"],
    ]) {
      const { r } = diffOne(policy(before!), policy(after!));
      assert.deepEqual(
        r.inputs.map((c) => c.kind),
        ["value"],
        `${before} → ${after}`,
      );
    }
  });

  test("a document on one side only is a value change (an added input shows its value)", () => {
    const { r } = diffOne({ type: ROLE_POLICY, name: "p", inputs: {} }, policy(doc([read])));
    assert.equal(r.inputs[0]!.kind, "value");
  });

  test("a secret document is never expanded", () => {
    const { r } = diffOne(policy(SECRET_PLACEHOLDER), policy(doc([read])));
    assert.equal(r.inputs[0]!.kind, "secret");
    assert.ok(!JSON.stringify(r).includes("s3:GetObject"), "no value of a secret-bearing side leaks");
  });

  test("an ignored document change is marked ignored", () => {
    const before = { ...policy(doc([read])), options: { ignoreChanges: ["policy"] } };
    const after = { ...policy(doc([])), options: { ignoreChanges: ["policy"] } };
    const { r } = diffOne(before, after);
    assert.equal(r.inputs[0]!.kind === "document" && r.inputs[0]!.ignored, true);
  });
});
