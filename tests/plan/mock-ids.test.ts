/**
 * The ids the mocks give resources, as the provider sets them: every type the committed plans
 * register has a rule, the plans record the id the mocks answered, the formats are AWS's, and a
 * reference in a plan resolves to the resource it names (resourceWithId).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { listStacks } from "../../src/config/stack-files";
import { type Plan, type PlanResource, resourceWithId } from "../../src/model/plan";
import { T } from "../../src/model/resource-types";
import { ID_RULES, mockResource } from "../../src/plan/mock-outputs";
import { planPath } from "../../src/plan/plan-file";
import { plan as buildPlan } from "../support/plan-builders";

const ROOT = join(__dirname, "..", "..");
const committed: Plan[] = [
  ...listStacks(ROOT).map((stack) => planPath(ROOT, stack)),
  join(ROOT, "artifact", "stacks", "shared.plan.json"),
].map((path) => JSON.parse(readFileSync(path, "utf8")) as Plan);

const regionOf = (plan: Plan): string =>
  String(plan.resources.find((r) => r.type === T.awsProvider)?.inputs["region"] ?? "us-east-1");
const all = committed.flatMap((plan) => plan.resources.map((r) => ({ plan, r })));
const custom = all.filter(({ r }) => r.custom);

/** AWS's id shapes, by type, for the types whose id AWS makes up. */
const EC2 = /^(vpc|subnet|sg|igw|nat|eipalloc|rtb|rtbassoc|lt|eni|fl|sgr)-[0-9a-f]{17}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SHAPES: Readonly<Record<string, RegExp>> = {
  [T.vpc]: /^vpc-/,
  [T.subnet]: /^subnet-/,
  [T.securityGroup]: /^sg-/,
  [T.defaultSecurityGroup]: /^sg-/,
  [T.ec2InternetGateway]: /^igw-/,
  [T.ec2NatGateway]: /^nat-/,
  [T.eip]: /^eipalloc-/,
  [T.ec2RouteTable]: /^rtb-/,
  [T.ec2RouteTableAssociation]: /^rtbassoc-/,
  [T.launchTemplate]: /^lt-/,
  [T.ec2NetworkInterface]: /^eni-/,
  [T.flowLog]: /^fl-/,
  [T.ingressRule]: /^sgr-/,
  [T.vpcSecurityGroupEgressRule]: /^sgr-/,
  [T.rdsInstance]: /^db-[A-Z0-9]{26}$/,
  [T.kmsKey]: UUID,
  [T.backupPlan]: UUID,
  [T.awsProvider]: UUID,
  [T.appconfigApplication]: /^[a-z0-9]{7}$/,
  [T.appconfigDeploymentStrategy]: /^[a-z0-9]{7}$/,
  [T.appconfigEnvironment]: /^[a-z0-9]{7}:[a-z0-9]{7}$/,
  [T.distribution]: /^E[0-9A-Z]{13}$/,
  [T.loadBalancer]: /^arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/[^/]+\/[0-9a-f]{16}$/,
  [T.secret]: /^arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[0-9a-f]{6}$/,
  [T.acmCertificateValidation]: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0000 UTC$/,
};

describe("mock ids", () => {
  test("every custom type in the committed plans has an id rule", () => {
    const rules = ID_RULES as Readonly<Record<string, unknown>>;
    const missing = [...new Set(custom.map(({ r }) => r.type))].filter((type) => !rules[type]);
    assert.deepEqual(missing, []);
  });

  test("each plan records the id the mocks answered; components have none", () => {
    for (const { plan, r } of all) {
      const expected = r.custom
        ? mockResource(r.type, r.name, r.inputs as Record<string, unknown>, regionOf(plan)).id
        : undefined;
      assert.equal(r.id, expected ?? null, `${plan.stack}: ${r.urn}`);
    }
  });

  test("ids are in AWS's formats, and EC2's are unique", () => {
    for (const { plan, r } of custom) {
      const shape = SHAPES[r.type];
      if (shape) assert.match(String(r.id), shape, `${plan.stack}: ${r.name}`);
      assert.doesNotMatch(String(r.id), /-id$/, `${plan.stack}: ${r.name} has a made-up id`);
    }
    for (const plan of committed) {
      const ec2 = plan.resources.map((r) => r.id).filter((id) => id !== null && EC2.test(id));
      assert.equal(new Set(ec2).size, ec2.length, `${plan.stack}: an EC2 id is used twice`);
    }
    assert.ok(SHAPES[T.vpc] && custom.some(({ r }) => r.type === T.vpc), "the shapes are exercised");
  });

  test("an id is what other resources' inputs hold: a bucket's id is its name, a role's its name", () => {
    for (const { plan, r } of custom.filter(({ r }) => r.type === T.bucket)) {
      const state = mockResource(r.type, r.name, r.inputs as Record<string, unknown>, regionOf(plan)).state;
      assert.equal(r.id, state["bucket"]);
      assert.ok(String(state["arn"]).endsWith(`:::${String(r.id)}`));
    }
    const prod = committed.find((p) => p.stack === "prod")!;
    const policies = prod.resources.filter((r) => r.type === T.rolePolicy);
    assert.ok(policies.length > 0);
    for (const policy of policies) {
      const role = resourceWithId(prod.resources, policy.inputs["role"], policy);
      assert.equal(role?.type, T.role, policy.name);
      assert.equal(policy.id, `${String(role?.id)}:${String(policy.inputs["name"] ?? policy.name)}`);
    }
  });

  test("a deployed package's type without a rule is refused; a fixture's type gets a plain id", () => {
    assert.throws(
      () => mockResource("aws:sqs/newThing:NewThing", "q", {}, "us-east-1"),
      /^Error: the offline plan has no id rule for aws:sqs\/newThing:NewThing \(q\): add one to ID_RULES in src\/plan\/mock-outputs\.ts$/,
    );
    assert.match(String(mockResource("test:index:Thing", "t", {}, "us-east-1").id), /^t-[0-9a-f]{8}$/);
    assert.equal(mockResource(T.vpc, "v", {}, "us-east-1", false).id, undefined);
  });
});

describe("resourceWithId", () => {
  const p = buildPlan({
    stack: "dev",
    resources: [
      { type: T.bucket, name: "dev-logs" },
      { type: T.securityGroup, name: "dev-a-sg" },
      { type: T.kmsAlias, name: "dev-alias", inputs: { name: "alias/dev" } },
    ],
  });
  const bucket = p.resources.find((r) => r.type === T.bucket)!;
  const policy: PlanResource = {
    ...bucket,
    urn: `${bucket.urn}-policy`,
    type: T.bucketPolicy,
    name: "dev-logs-policy",
    dependencies: [bucket.urn],
  };
  const resources = [...p.resources, policy];

  test("an id shared by a resource and those built on it names the one they build on", () => {
    assert.equal(resourceWithId(resources, bucket.id)?.name, "dev-logs");
    assert.equal(resourceWithId(resources, bucket.id, bucket)?.name, "dev-logs-policy");
  });

  test("a resource's own id in its inputs is not a reference; unknown and non-string ids name nothing", () => {
    const alias = resources.find((r) => r.type === T.kmsAlias)!;
    assert.equal(alias.id, "alias/dev");
    assert.equal(resourceWithId(resources, alias.inputs["name"], alias), undefined);
    assert.equal(resourceWithId(resources, "sg-00000000000000000"), undefined);
    assert.equal(resourceWithId(resources, 7), undefined);
    const sg = resources.find((r) => r.type === T.securityGroup)!;
    assert.equal(resourceWithId(resources, sg.id)?.name, "dev-a-sg");
  });

  test("two unrelated resources with one id name neither", () => {
    const twin = { ...bucket, urn: `${bucket.urn}-twin`, name: "twin" };
    assert.equal(resourceWithId([...resources, twin], bucket.id), undefined);
  });
});
