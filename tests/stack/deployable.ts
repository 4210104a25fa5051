/**
 * What the first `pulumi up` would hit that the mocks accept (issue 13, "Confirmed defects"):
 * values AWS refuses, tags the provider does not apply, names that collide on a second delete,
 * missing dependencies. Each test states AWS's rule and checks every stack's plan against it.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { planTier } from "../../src/policy/from-plan";
import { TIER_DEFAULTS } from "../../src/config/tiers";
import type { Plan } from "../../src/model/plan";
import { arnOf, stateOf } from "../support/arns";
import { input, one, ofType, planOf, STACKS } from "../support/plans";

const json = (v: unknown) => JSON.parse(String(v)) as { Statement: Record<string, unknown>[] };
const byName = (plan: Plan, type: string, name: string) => one(plan, type, name);
const PASSWORD = "random:index/randomPassword:RandomPassword";

/**
 * AWS's character rules, as the service documents them (the oracle; the program's sets are in
 * src/environment/secrets/secrets.ts). ElastiCache AUTH: letters, digits and ! & # $ ^ < > -
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html). RDS master password: any
 * printable ASCII except / ' " @ and space (CreateDBInstance, MasterUserPassword).
 */
const ELASTICACHE_AUTH_SPECIALS = new Set("!&#$^<>-");
const RDS_FORBIDDEN = new Set(`/'"@ `);

for (const stack of STACKS) {
  describe(`${stack}: what AWS accepts, not only the mocks`, () => {
    test("the Redis AUTH token draws only on the specials ElastiCache accepts; the DB password avoids RDS's forbidden ones", async () => {
      const plan = await planOf(stack);
      const token = byName(plan, PASSWORD, `${stack}-redis-auth-token`);
      const specials = [...String(input(token, "overrideSpecial"))];
      const refused = specials.filter((c) => !ELASTICACHE_AUTH_SPECIALS.has(c));
      assert.deepEqual(refused, [], `${stack}-redis-auth-token: ElastiCache refuses ${refused.join(" ")}`);
      const length = input(token, "length") as number;
      assert.ok(length >= 16 && length <= 128, "ElastiCache AUTH tokens are 16-128 characters");
      const password = byName(plan, PASSWORD, `${stack}-db-password`);
      const forbidden = [...String(input(password, "overrideSpecial"))].filter((c) => RDS_FORBIDDEN.has(c));
      assert.deepEqual(forbidden, [], `${stack}-db-password: RDS refuses ${forbidden.join(" ")}`);
    });

    test("the auto-scaling group carries the environment tags (provider default tags skip it)", async () => {
      const plan = await planOf(stack);
      const provider = one(plan, "pulumi:providers:aws");
      // Provider inputs are stored as Pulumi passes them to the provider: JSON strings.
      const defaults = (
        JSON.parse(String(input(provider, "defaultTags"))) as { tags: Record<string, string> }
      ).tags;
      assert.ok(defaults && Object.keys(defaults).length > 0, "the provider sets default tags");
      // Every group: the app servers' and, where there is one, the NAT instance's.
      for (const asg of ofType(plan, "aws:autoscaling/group:Group")) {
        const tags = input(asg, "tags") as { key: string; value: string; propagateAtLaunch: boolean }[];
        for (const [key, value] of Object.entries(defaults)) {
          const tag = tags.find((t) => t.key === key);
          assert.equal(tag?.value, value, `${asg.name}: tag ${key} must be ${value}`);
          assert.equal(tag?.propagateAtLaunch, true, `${asg.name}: tag ${key} must reach the instances`);
        }
      }
    });

    test("the flow-log role has AWS's documented actions, and the flow log waits for them", async () => {
      const plan = await planOf(stack);
      const policy = one(plan, "aws:iam/rolePolicy:RolePolicy", `${stack}-flow-logs-policy`);
      const actions = json(input(policy, "policy")).Statement.flatMap((s) => s["Action"] as string[]);
      // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html (the group exists already)
      for (const action of [
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "logs:DescribeLogGroups",
        "logs:DescribeLogStreams",
      ])
        assert.ok(actions.includes(action), `${policy.name}: ${action} is missing`);
      const flowLog = one(plan, "aws:ec2/flowLog:FlowLog");
      assert.ok(
        flowLog.dependencies.includes(policy.urn),
        "the flow log must be created after its role's policy",
      );
    });

    test("the audit-trail bucket logs its own access to an SSE-S3 bucket (CIS 3.6, CloudTrail.7)", async () => {
      const plan = await planOf(stack);
      const trailBucket = one(plan, "aws:s3/bucket:Bucket", `${stack}-trail-logs`);
      const target = one(plan, "aws:s3/bucket:Bucket", `${stack}-access-logs`);
      const logging = one(plan, "aws:s3/bucketLogging:BucketLogging");
      assert.equal(input(logging, "bucket"), trailBucket.id);
      assert.equal(input(logging, "targetBucket"), target.id);
      const sse = ofType(
        plan,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      ).find((r) => input(r, "bucket") === target.id);
      // S3 server access logging writes only to SSE-S3 target buckets.
      assert.equal(input(sse!, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm"), "AES256");
      const bucketPolicy = ofType(plan, "aws:s3/bucketPolicy:BucketPolicy").find(
        (r) => input(r, "bucket") === target.id,
      )!;
      const grant = json(input(bucketPolicy, "policy")).Statement.find(
        (s) => JSON.stringify(s["Principal"]) === JSON.stringify({ Service: "logging.s3.amazonaws.com" }),
      );
      assert.ok(grant, "S3's logging service may write to the access-log bucket");
      assert.deepEqual((grant["Condition"] as Record<string, unknown>)["ArnLike"], {
        "aws:SourceArn": arnOf(plan, trailBucket),
      });
      assert.ok(logging.dependencies.includes(bucketPolicy.urn), "logging is turned on after the grant");
    });
  });
}

describe("prod: a delete or a rotation does not break the next deploy", () => {
  test("the Redis final snapshot gets a fresh name per group (a fixed name fails the second delete)", async () => {
    const plan = await planOf("prod");
    const group = one(plan, "aws:elasticache/replicationGroup:ReplicationGroup");
    const suffix = one(plan, "random:index/randomId:RandomId", "prod-redis-final-snapshot-id");
    assert.equal(
      input(group, "finalSnapshotIdentifier"),
      `prod-redis-final-${String(stateOf(plan, suffix)["hex"])}`,
    );
    assert.ok(group.dependencies.includes(suffix.urn));
    // The suffix is replaced with the inputs that replace the group.
    const keepers = input(suffix, "keepers") as Record<string, unknown>;
    for (const key of ["subnetGroup", "kmsKeyId", "port"]) assert.ok(keepers[key] !== undefined, key);
  });

  test("the rotated database secret's tracked version keeps a label of its own, so rotation cannot orphan it", async () => {
    const plan = await planOf("prod");
    assert.ok(TIER_DEFAULTS[planTier(plan)].groups.secrets.rotationDays !== null, "prod rotates");
    const version = one(plan, "aws:secretsmanager/secretVersion:SecretVersion", "prod-db-secret-value");
    const stages = input(version, "versionStages") as string[];
    assert.ok(stages.includes("AWSCURRENT"));
    assert.ok(
      stages.some((s) => !s.startsWith("AWS")),
      "a custom staging label keeps the version after two rotations move AWSCURRENT and AWSPREVIOUS away",
    );
    assert.deepEqual([...version.options.ignoreChanges].sort(), ["secretString", "versionStages"]);
  });
});
