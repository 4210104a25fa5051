/**
 * The AWS name rules (src/model/name-rules.ts) table-tested one rule at a time, and applied to
 * plans (src/config/aws/plan-rules.ts): every resource type of the committed plans has a name rule
 * or a reason it has no name, and a plan with a name AWS refuses gives one line per resource.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import { planNameProblems, planRegionProblems } from "../../../src/config/aws/plan-rules";
import {
  NAME_RULES,
  type NameRule,
  physicalNameProblem,
  S3_RESERVED_PREFIXES,
  S3_RESERVED_SUFFIXES,
  UNNAMED_TYPES,
} from "../../../src/model/name-rules";
import type { Plan, PlanResource, PlanValue } from "../../../src/model/plan";
import { T } from "../../../src/model/resource-types";
import { resource } from "../../support/plan-builders";

const rule = (type: string, property = "name"): NameRule => {
  const found = NAME_RULES[type]?.find((r) => r.property === property);
  assert.ok(found, `${type} ${property} has a rule`);
  return found;
};
const ok = (r: NameRule, name: string, autonamed = false) =>
  physicalNameProblem(r, name, autonamed) === undefined;

describe("S3 bucket names (Bucket naming rules)", () => {
  const bucket = rule(T.bucket, "bucket");
  const cases: [string, boolean][] = [
    ["prod-trail-logs-0a1b2c3", true],
    ["my.bucket.name", true],
    ["ab", false],
    ["a".repeat(63), true],
    ["a".repeat(64), false],
    ["Prod-logs", false],
    ["prod_logs", false],
    ["-prod-logs", false],
    ["prod-logs-", false],
    ["prod..logs", false],
    ["192.168.5.4", false],
    ...S3_RESERVED_PREFIXES.map((p): [string, boolean] => [`${p}logs`, false]),
    ...S3_RESERVED_SUFFIXES.map((s): [string, boolean] => [`logs${s}`, false]),
  ];
  for (const [name, allowed] of cases) {
    test(`${name}: ${allowed ? "allowed" : "refused"}`, () => assert.equal(ok(bucket, name), allowed));
  }
  test("the reserved lists are the ones the S3 guide names", () => {
    assert.deepEqual([...S3_RESERVED_PREFIXES], ["xn--", "sthree-", "amzn-s3-demo-"]);
    assert.deepEqual([...S3_RESERVED_SUFFIXES], ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]);
  });
  test("an autonamed bucket counts Pulumi's suffix: a 56-character logical name fits, 56 + 8 does not", () => {
    assert.equal(ok(bucket, "a".repeat(55), true), true);
    assert.match(physicalNameProblem(bucket, "a".repeat(56), true) ?? "", /is 64 characters; AWS allows 63$/);
  });
  test("a reserved prefix is refused through the autoname too", () =>
    assert.match(physicalNameProblem(bucket, "sthree-trail-logs", true) ?? "", /starts with "sthree-"/));
});

describe("load balancer, target group and security group names", () => {
  const alb = rule(T.loadBalancer);
  const tg = rule(T.lbTargetGroup);
  const sg = rule(T.securityGroup);
  const cases: [string, NameRule, string, boolean, boolean][] = [
    ["ALB", alb, "prod-alb", true, true],
    ["ALB", alb, "internal-alb", true, false],
    ["ALB", alb, "internal-alb", false, false],
    ["ALB", alb, "internalx-alb", true, true],
    ["ALB", alb, "-alb", false, false],
    ["ALB", alb, "alb-", false, false],
    ["ALB", alb, "prod_alb", true, false],
    ["ALB", alb, "a".repeat(24), true, true],
    ["ALB", alb, "a".repeat(25), true, false],
    ["target group", tg, "prod-app", true, true],
    ["target group", tg, "prod.app", true, false],
    ["target group", tg, "a".repeat(33), false, false],
    ["security group", sg, "prod-app-sg", true, true],
    ["security group", sg, "sg-app-sg", true, false],
    ["security group", sg, "SG-app", false, false],
    ["security group", sg, "app (v2) #1", false, true],
    ["security group", sg, "app%", false, false],
    ["security group", sg, "a".repeat(256), false, false],
  ];
  for (const [what, r, name, autonamed, allowed] of cases) {
    test(`${what} ${name}${autonamed ? " (autonamed)" : ""}: ${allowed ? "allowed" : "refused"}`, () =>
      assert.equal(ok(r, name, autonamed), allowed));
  }
});

describe("the other named resources", () => {
  const cases: [string, string, string, boolean][] = [
    [T.rdsInstance, "identifier", "prod-db", true],
    [T.rdsInstance, "identifier", "prod--db", false],
    [T.rdsInstance, "identifier", "1prod-db", false],
    [T.rdsInstance, "finalSnapshotIdentifier", "prod-db-final-0f1e2d3c", true],
    [T.rdsInstance, "finalSnapshotIdentifier", "prod-db-final-", false],
    [T.replicationGroup, "replicationGroupId", "a".repeat(40), true],
    [T.replicationGroup, "replicationGroupId", "a".repeat(41), false],
    [T.role, "name", "a".repeat(64), true],
    [T.role, "name", "app role", false],
    [T.kmsAlias, "name", "alias/infra/prod", true],
    [T.kmsAlias, "name", "alias/aws/prod", false],
    [T.kmsAlias, "name", "infra/prod", false],
    [T.ssmParameter, "name", "/production/app/port", true],
    [T.ssmParameter, "name", "/aws/app/port", false],
    [T.ssmParameter, "name", "ssm-port", false],
    [T.logGroup, "name", "/infra/prod/app", true],
    [T.logGroup, "name", "aws/infra", false],
    [T.logGroup, "name", "/infra/prod app", false],
    [T.dashboard, "dashboardName", "infra-prod", true],
    [T.dashboard, "dashboardName", "infra/prod", false],
    [T.trail, "name", "prod-trail", true],
    [T.trail, "name", "prod--trail", false],
    [T.trail, "name", "10.0.0.1", false],
    [T.backupRestoreTestingPlan, "name", "prod_restore_test", true],
    [T.backupRestoreTestingPlan, "name", "prod-restore-test", false],
    [T.backupVault, "name", "a".repeat(51), false],
    [T.logDeliverySource, "name", "a".repeat(61), false],
    [T.serverlessrepositoryCloudFormationStack, "name", "a".repeat(105), true],
    [T.metricAlarm, "name", "prod-db-cpu", true],
    [T.metricAlarm, "name", "prod\ncpu", false],
  ];
  for (const [type, property, name, allowed] of cases) {
    test(`${type} ${property} ${JSON.stringify(name).slice(0, 40)}: ${allowed ? "allowed" : "refused"}`, () =>
      assert.equal(ok(rule(type, property), name), allowed));
  }
  test("AWS's serverlessrepo- prefix counts toward the CloudFormation stack name's 128", () =>
    assert.match(
      physicalNameProblem(rule(T.serverlessrepositoryCloudFormationStack), "a".repeat(106), true) ?? "",
      /is 129 characters; AWS allows 128/,
    ));
});

const STACKS_DIR = resolve(__dirname, "../../../stacks");
const committed: Plan[] = readdirSync(STACKS_DIR)
  .filter((f) => f.endsWith(".plan.json"))
  .map((f) => JSON.parse(readFileSync(join(STACKS_DIR, f), "utf8")) as Plan);

describe("every named resource of the committed plans has its rule", () => {
  test("each AWS type of the plans has a name rule or a reason it has no name, never both", () => {
    assert.ok(committed.length >= 3);
    const types = new Set(
      committed.flatMap((p) => p.resources.map((r) => r.type)).filter((t) => t.startsWith("aws:")),
    );
    const missing = [...types].filter((t) => !(t in NAME_RULES) && !(t in UNNAMED_TYPES));
    assert.deepEqual(missing, []);
    assert.deepEqual(
      Object.keys(NAME_RULES).filter((t) => t in UNNAMED_TYPES),
      [],
    );
  });
  test("a name input the plans give is the property its rule reads", () => {
    for (const plan of committed)
      for (const r of plan.resources)
        for (const key of ["name", "bucket", "identifier", "replicationGroupId", "dashboardName"])
          if (
            typeof r.inputs[key] === "string" &&
            r.type in NAME_RULES &&
            !r.type.startsWith("aws:s3/bucket")
          )
            assert.ok(
              NAME_RULES[r.type]!.some((rule) => rule.property === key),
              `${r.type} names itself through ${key}`,
            );
  });
  test("the committed plans break no name rule", () => {
    for (const plan of committed) assert.deepEqual(planNameProblems(plan), [], plan.stack);
  });
});

describe("names in a plan", () => {
  const plan = (stack: string, resources: Parameters<typeof resource>[1][]): Plan => ({
    formatVersion: 1,
    project: "infra",
    stack,
    tier: "dev",
    resources: resources.map((r) => resource(stack, r)),
    outputs: {},
  });
  test("an autonamed security group of a stack called sg: one line naming resource, property, value, limit, source", () => {
    const problems = planNameProblems(
      plan("sg", [
        { type: T.securityGroup, name: "sg-app-sg", inputs: { vpcId: "vpc-1" } },
        { type: T.securityGroup, name: "sg-db-sg", inputs: { vpcId: "vpc-1" } },
        { type: T.vpc, name: "sg-vpc" },
      ]),
    );
    assert.equal(problems.length, 2);
    assert.match(
      problems[0]!,
      /^sg-app-sg \(aws:ec2\/securityGroup:SecurityGroup\) name: security group name "sg-app-sg" plus Pulumi's 8-character random suffix starts with "sg-", which AWS reserves; source: EC2 API Reference, CreateSecurityGroup GroupName, https:\/\/docs\.aws\.amazon\.com\/AWSEC2\/latest\/APIReference\/API_CreateSecurityGroup\.html \(read 2026-12-02\)$/,
    );
  });
  test("an explicit name is read from its property, not the logical name", () => {
    const problems = planNameProblems(
      plan("dev", [{ type: T.bucket, name: "dev-logs", inputs: { bucket: "dev-logs--x-s3" } }]),
    );
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]!,
      /bucket: S3 bucket name "dev-logs--x-s3" ends with "--x-s3", which AWS reserves/,
    );
  });
  test("a resource named only by an explicit property is not autonamed", () => {
    assert.deepEqual(planNameProblems(plan("dev", [{ type: T.kmsAlias, name: "sg-alias" }])), []);
  });
  test("a name that is not yet a string (an Output when the program constructs it) is not mistaken for an autoname", () => {
    // The program's check sees the constructor's props; such a name is checked on the captured plan.
    const unresolved = { type: T.securityGroup, name: "sg-app-sg", inputs: { name: {} as PlanValue } };
    assert.deepEqual(planNameProblems(plan("sg", [unresolved])), []);
    assert.equal(planNameProblems(plan("sg", [{ ...unresolved, inputs: {} }])).length, 1);
  });
});

describe("the edge's Regions, read off each resource's provider", () => {
  const prod = committed.find((p) => p.stack === "prod");
  assert.ok(prod, "the prod plan is committed");
  const providerUrn = prod.resources.find((r) => r.type === T.awsProvider)!.urn;
  const euProvider: PlanResource = {
    ...prod.resources.find((r) => r.type === T.awsProvider)!,
    urn: `${providerUrn}-eu`,
    name: "prod-aws-eu",
    inputs: { region: "eu-west-1" },
  };
  /** The prod plan with some resources moved to another provider or given inputs. */
  const edit = (
    changes: Record<string, { provider?: string; inputs?: Record<string, PlanValue> }>,
    providerRegion?: string,
  ): Plan => ({
    ...prod,
    resources: [
      ...prod.resources.map((r) => {
        const c = changes[r.name];
        if (r.type === T.awsProvider && providerRegion)
          return { ...r, inputs: { ...r.inputs, region: providerRegion } };
        return c ? { ...r, provider: c.provider ?? r.provider, inputs: { ...r.inputs, ...c.inputs } } : r;
      }),
      euProvider,
    ],
  });

  test("prod as committed creates every edge piece where AWS requires", () =>
    assert.deepEqual(planRegionProblems(prod, "us-east-1"), []));

  test("CloudFront's certificate through a provider in eu-west-1 is refused, naming the provider and the source", () => {
    const problems = planRegionProblems(edit({ "prod-cdn-cert": { provider: euProvider.urn } }), "us-east-1");
    assert.equal(
      problems.find((p) => p.startsWith("prod-cdn-cert ")),
      "prod-cdn-cert (aws:acm/certificate:Certificate) provider: created in eu-west-1 (through provider prod-aws-eu); a certificate CloudFront serves (to prod-cdn) must be created in us-east-1; source: CloudFront Developer Guide, Requirements for using SSL/TLS certificates: an ACM certificate for viewers must be in us-east-1 (read 2026-12-02), https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html",
    );
    // Its validation still runs in us-east-1, where the certificate is not.
    assert.match(
      problems.find((p) => p.startsWith("prod-cdn-cert-validated ")) ?? "",
      /^prod-cdn-cert-validated .* created in us-east-1 .* must be created in eu-west-1/,
    );
    assert.equal(problems.length, 2);
  });

  test("a CLOUDFRONT-scoped web ACL outside us-east-1 is refused", () => {
    const problems = planRegionProblems(edit({ "prod-cdn-waf": { provider: euProvider.urn } }), "us-east-1");
    assert.deepEqual(
      problems.map((p) => p.split(";")[0]),
      ["prod-cdn-waf (aws:wafv2/webAcl:WebAcl) scope: created in eu-west-1 (through provider prod-aws-eu)"],
    );
    assert.match(
      problems[0]!,
      /a CLOUDFRONT-scoped web ACL must be created in us-east-1; source: AWS WAF Developer Guide/,
    );
  });

  test("a REGIONAL web ACL outside the stack's Region is refused", () => {
    const problems = planRegionProblems(
      edit({ "prod-waf": { inputs: { region: "eu-west-1" } } }),
      "us-east-1",
    );
    assert.deepEqual(
      problems.map((p) => p.split(";")[0]),
      ["prod-waf (aws:wafv2/webAcl:WebAcl) scope: created in eu-west-1 (through its region input)"],
    );
  });

  test("a stack in eu-west-1: CloudFront's pieces must name us-east-1 themselves; the ALB's stay in the stack's Region", () => {
    const moved = edit({}, "eu-west-1");
    assert.deepEqual(
      planRegionProblems(moved, "eu-west-1").map((p) => p.split(" ")[0]),
      ["prod-cdn-cert", "prod-cdn-waf"],
      "through the stack's provider alone, CloudFront's certificate and web ACL would be in eu-west-1",
    );
    const usEast1 = { inputs: { region: "us-east-1" } };
    const fixed = edit(
      { "prod-cdn-cert": usEast1, "prod-cdn-cert-validated": usEast1, "prod-cdn-waf": usEast1 },
      "eu-west-1",
    );
    assert.deepEqual(planRegionProblems(fixed, "eu-west-1"), []);
    const albCertAway = edit(
      {
        "prod-cdn-cert": usEast1,
        "prod-cdn-cert-validated": usEast1,
        "prod-cdn-waf": usEast1,
        "prod-cert": usEast1,
      },
      "eu-west-1",
    );
    assert.deepEqual(
      planRegionProblems(albCertAway, "eu-west-1").map((p) => p.split(";")[0]),
      [
        "prod-cert-validated (aws:acm/certificateValidation:CertificateValidation) provider: created in eu-west-1 (through provider prod-aws)",
        "prod-cert (aws:acm/certificate:Certificate) provider: created in us-east-1 (through its region input)",
      ],
    );
  });
});
