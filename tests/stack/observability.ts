/**
 * Observability per stack, over the captured plan: which alarms exist and where they go, log
 * groups' keys and retention, the audit trail's bucket, and the rollout wired to the 5xx alarm.
 * Expectations are written from the issue and the seed ("dev basic, staging full, prod full +
 * alerts + on-call"), not read back from the code under test.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Plan, PlanResource } from "../../src/model/plan";
import { early, input, one, ofType, planOf, STACKS, settingsOf, tierOf } from "../support/plans";
import { PLANTED, prodWithPlantedSecrets, stagingWithSsoAndMonitoring } from "../support/variations";
import type { Tier } from "../../src/model/settings";
import { arnOf, arnOfOne } from "../support/arns";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

const ALB = ["alb-5xx-above-normal", "alb-5xx-rate", "alb-p99-latency", "alb-unhealthy-hosts"];
const DB = ["db-connections", "db-cpu", "db-free-storage"];
const cacheNode = (n: string, replicated: boolean) => [
  `cache-cpu-${n}`,
  `cache-evictions-${n}`,
  `cache-memory-${n}`,
  ...(replicated ? [`cache-replication-lag-${n}`] : []),
];

/** dev: only what means "down" or "data at risk"; staging and prod: everything their parts have. */
const EXPECTED_ALARMS: Record<Tier, string[]> = {
  // dev egresses through a NAT instance: its group keeping its one instance is essential.
  dev: ["asg-in-service", "db-cpu", "db-free-storage", "nat-in-service"],
  staging: [...ALB, "asg-in-service", ...DB, ...cacheNode("001", false)],
  prod: [...ALB, "asg-in-service", ...DB, ...cacheNode("001", true), ...cacheNode("002", true)],
};

/** Retention in days: [app and database logs, flow logs]. Prod keeps more than a year for audits. */
const RETENTION: Record<Tier, { logs: number; flowLogs: number; trail: number }> = {
  dev: { logs: 7, flowLogs: 7, trail: 30 },
  staging: { logs: 30, flowLogs: 30, trail: 90 },
  prod: { logs: 400, flowLogs: 400, trail: 2557 },
};

const alarmIds = (plan: Plan) =>
  ofType(plan, ALARM)
    .map((a) => String(input(a, "name")).slice(plan.stack.length + 1))
    .sort();

const json = (r: PlanResource, key: string) => JSON.parse(String(input(r, key))) as Record<string, unknown>;

interface Statement {
  Sid: string;
  Effect: string;
  Principal: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}
const statements = (r: PlanResource, key: string) => json(r, key)["Statement"] as Statement[];

for (const stack of STACKS) {
  describe(`${stack}: alarms and notification`, () => {
    test("the alarms present match the tier's monitoring level", async () => {
      assert.deepEqual(alarmIds(await planOf(stack)), [...EXPECTED_ALARMS[settingsOf(stack).tier]].sort());
    });

    test("every alarm notifies the environment's encrypted topic when it fires and when it clears", async () => {
      const plan = await planOf(stack);
      const topic = one(plan, "aws:sns/topic:Topic");
      const topicArn = plan.outputs["alarmTopicArn"];
      assert.equal(input(topic, "kmsMasterKeyId"), plan.outputs["kmsKeyArn"]);
      for (const alarm of ofType(plan, ALARM)) {
        assert.equal(input(alarm, "actionsEnabled"), true, `${alarm.name}`);
        assert.deepEqual(input(alarm, "alarmActions"), [topicArn], `${alarm.name} must notify ${topicArn}`);
        assert.deepEqual(input(alarm, "okActions"), [topicArn], `${alarm.name}`);
      }
      const policy = statements(one(plan, "aws:sns/topicPolicy:TopicPolicy"), "policy");
      assert.ok(
        policy.some((s) => s.Effect === "Deny" && s.Condition?.["Bool"]?.["aws:SecureTransport"] === "false"),
        "the topic refuses publishing without TLS",
      );
    });

    test("the dashboard covers traffic, errors, latency, capacity, database and cache", async () => {
      const plan = await planOf(stack);
      const dashboard = one(plan, "aws:cloudwatch/dashboard:Dashboard");
      assert.equal(input(dashboard, "dashboardName"), `infra-${stack}`);
      assert.equal(plan.outputs["dashboardName"], `infra-${stack}`);
      const widgets = json(dashboard, "dashboardBody")["widgets"] as {
        type: string;
        properties: { markdown?: string; alarms?: string[] };
      }[];
      const rows = widgets.filter((w) => w.type === "text").map((w) => w.properties.markdown);
      const withLb = tierOf(stack) !== "dev";
      assert.deepEqual(rows, [
        ...(withLb ? ["## Traffic", "## Errors", "## Latency"] : []),
        "## Capacity",
        "## Database",
        "## Cache",
      ]);
      const alarmWidget = widgets.find((w) => w.type === "alarm");
      assert.equal(alarmWidget?.properties.alarms?.length, EXPECTED_ALARMS[settingsOf(stack).tier].length);
    });
  });

  describe(`${stack}: logs`, () => {
    test("a log group per source, encrypted with the environment's key, kept for the tier's retention", async () => {
      const plan = await planOf(stack);
      const keyArn = plan.outputs["kmsKeyArn"];
      const groups = Object.fromEntries(ofType(plan, LOG_GROUP).map((g) => [String(input(g, "name")), g]));
      const expected = {
        [`/infra/${stack}/app`]: RETENTION[settingsOf(stack).tier].logs,
        [`/infra/${stack}/vpc-flow-logs`]: RETENTION[settingsOf(stack).tier].flowLogs,
        [`/aws/rds/instance/${stack}-db/postgresql`]: RETENTION[settingsOf(stack).tier].logs,
        [`/aws/rds/instance/${stack}-db/upgrade`]: RETENTION[settingsOf(stack).tier].logs,
      };
      for (const [name, days] of Object.entries(expected)) {
        assert.ok(groups[name], `no log group ${name}`);
        assert.equal(input(groups[name]!, "kmsKeyId"), keyArn, `${name} must be encrypted with ${keyArn}`);
        assert.equal(input(groups[name]!, "retentionInDays"), days, `${name} retention`);
      }
      // Every other group (the edge's WAF and CDN logs) too: a key of this stack, a tier retention.
      const tierDays = [RETENTION[settingsOf(stack).tier].logs, RETENTION[settingsOf(stack).tier].flowLogs];
      for (const [name, group] of Object.entries(groups)) {
        assert.match(
          String(input(group, "kmsKeyId")),
          /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\//,
          `${name} is not encrypted`,
        );
        assert.ok(
          tierDays.includes(input(group, "retentionInDays") as number),
          `${name}: retention ${String(input(group, "retentionInDays"))} is not the tier's`,
        );
      }
      assert.equal(plan.outputs["appLogGroupName"], `/infra/${stack}/app`);
    });

    test("RDS exports into the groups made for it, which exist before the instance", async () => {
      const plan = await planOf(stack);
      const db = one(plan, "aws:rds/instance:Instance");
      assert.equal(input(db, "identifier"), `${stack}-db`);
      for (const log of input(db, "enabledCloudwatchLogsExports") as string[]) {
        const group = ofType(plan, LOG_GROUP).find(
          (g) => input(g, "name") === `/aws/rds/instance/${stack}-db/${log}`,
        );
        assert.ok(group, `no log group for the exported "${log}" log`);
        assert.ok(db.dependencies.includes(group.urn), `the database must wait for ${group.name}`);
      }
    });

    test("the key lets CloudWatch Logs encrypt only this environment's log groups", async () => {
      const plan = await planOf(stack);
      const logs = statements(one(plan, "aws:kms/key:Key", `${stack}-kms`), "policy").find(
        (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: "logs.us-east-1.amazonaws.com" }),
      );
      assert.ok(logs, "no statement for the CloudWatch Logs service principal");
      const patterns = logs.Condition?.["ArnLike"]?.["kms:EncryptionContext:aws:logs:arn"] as string[];
      for (const g of ofType(plan, LOG_GROUP).filter(
        (g) => input(g, "kmsKeyId") === plan.outputs["kmsKeyArn"],
      )) {
        const arn = arnOf(plan, g);
        assert.ok(
          patterns.some((p) =>
            new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&").replace("\\*", ".*")}$`).test(arn),
          ),
          `${arn} is not covered by the key's encryption-context condition`,
        );
      }
      assert.ok(
        patterns.every((p) => p.includes(`/${stack}`)),
        "the condition names only this stack's groups",
      );
    });

    test("the app's role may write to the app log group", async () => {
      const plan = await planOf(stack);
      const policy = one(plan, "aws:iam/rolePolicy:RolePolicy", `${stack}-app-logs`);
      const group = arnOfOne(plan, LOG_GROUP, `${stack}-app-logs`);
      assert.deepEqual(statements(policy, "policy")[0]!.Resource, [group, `${group}:log-stream:*`]);
    });
  });

  describe(`${stack}: audit trail`, () => {
    test("CloudTrail validates and encrypts its log files into the environment's bucket", async () => {
      const plan = await planOf(stack);
      const trail = one(plan, "aws:cloudtrail/trail:Trail");
      const bucket = one(plan, "aws:s3/bucket:Bucket", `${stack}-trail-logs`);
      assert.equal(input(trail, "enableLogFileValidation"), true);
      assert.equal(input(trail, "kmsKeyId"), plan.outputs["kmsKeyArn"]);
      assert.equal(input(trail, "s3BucketName"), bucket.id);
      const trailStatements = statements(one(plan, "aws:kms/key:Key", `${stack}-kms`), "policy").filter(
        (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: "cloudtrail.amazonaws.com" }),
      );
      assert.ok(trailStatements.length > 0, "the key must let CloudTrail encrypt");
      for (const s of trailStatements)
        assert.equal(s.Condition?.["StringEquals"]?.["aws:SourceArn"], arnOf(plan, trail));
    });

    test("the trail's bucket denies non-TLS access, blocks public access, keeps versions and expires files", async () => {
      const plan = await planOf(stack);
      const bucket = one(plan, "aws:s3/bucket:Bucket", `${stack}-trail-logs`);
      const onBucket = (type: string) => {
        const found = ofType(plan, type).filter((r) => input(r, "bucket") === bucket.id);
        assert.equal(found.length, 1, `one ${type} on ${bucket.name}`);
        const r = found[0]!;
        return r;
      };
      const block = onBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
      for (const key of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"])
        assert.equal(input(block, key), true, key);
      const deny = statements(onBucket("aws:s3/bucketPolicy:BucketPolicy"), "policy").find(
        (s) => s.Effect === "Deny" && s.Condition?.["Bool"]?.["aws:SecureTransport"] === "false",
      );
      assert.ok(deny, "no statement denying requests without TLS");
      assert.equal(deny.Principal, "*");
      assert.equal(deny.Action, "s3:*");
      const arn = arnOf(plan, bucket);
      assert.deepEqual(deny.Resource, [arn, `${arn}/*`]);
      assert.equal(
        input(onBucket("aws:s3/bucketVersioning:BucketVersioning"), "versioningConfiguration.status"),
        "Enabled",
      );
      const sse = input(
        onBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
        "rules",
      ) as { applyServerSideEncryptionByDefault: { kmsMasterKeyId: string } }[];
      assert.equal(sse[0]?.applyServerSideEncryptionByDefault.kmsMasterKeyId, plan.outputs["kmsKeyArn"]);
      const rules = input(
        onBucket("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"),
        "rules",
      ) as { status: string; expiration?: { days: number }; noncurrentVersionExpiration?: unknown }[];
      assert.ok(rules.every((r) => r.status === "Enabled"));
      assert.deepEqual(
        rules.map((r) => r.expiration?.days),
        [RETENTION[settingsOf(stack).tier].trail],
      );
      assert.equal(bucket.options.protect, tierOf(stack) === "prod", "audit evidence is protected on prod");
    });
  });

  describe(`${stack}: rollout`, () => {
    test("instance refresh: auto-rollback wired to the 5xx alarm", async () => {
      const plan = await planOf(stack);
      const asg = one(plan, "aws:autoscaling/group:Group", `${plan.stack}-app-asg`);
      const prefs = input(asg, "instanceRefresh.preferences") as {
        checkpointPercentages?: number[];
        minHealthyPercentage: number;
        autoRollback: boolean;
        alarmSpecification?: { alarms: string[] };
      };
      assert.equal(prefs.autoRollback, true);
      // Checkpoints, blue-green and the canary's schedule per tier: tests/stack/rollout.ts.
      const fiveXx = ofType(plan, ALARM).find((a) => input(a, "name") === `${stack}-alb-5xx-rate`);
      if (tierOf(stack) === "dev") {
        // dev has no load balancer, so no 5xx alarm: a failed refresh still rolls back.
        assert.equal(fiveXx, undefined);
        assert.equal(prefs.alarmSpecification, undefined);
        return;
      }
      assert.ok(fiveXx);
      assert.ok(
        prefs.alarmSpecification?.alarms.includes(`${stack}-alb-5xx-rate`),
        "rolls back on the 5xx alarm",
      );
      assert.ok(asg.dependencies.includes(fiveXx.urn), "the alarm exists before the group that names it");
      assert.ok((prefs.alarmSpecification?.alarms.length ?? 0) <= 5);
    });

    test("the group publishes the metrics the in-service alarm reads", async () => {
      const asg = one(await planOf(stack), "aws:autoscaling/group:Group", `${stack}-app-asg`);
      const metrics = input(asg, "enabledMetrics") as string[];
      for (const m of ["GroupDesiredCapacity", "GroupInServiceInstances"]) assert.ok(metrics.includes(m), m);
    });
  });
}

describe("prod alarms reach on-call", () => {
  test("prod subscribes on-call to its alarm topic", async () => {
    const plan = await planOf("prod");
    const subs = ofType(plan, "aws:sns/topicSubscription:TopicSubscription");
    assert.ok(subs.length > 0, "prod needs at least one subscription");
    for (const s of subs) assert.equal(input(s, "topic"), plan.outputs["alarmTopicArn"]);
  });

  const paged = early(prodWithPlantedSecrets());
  test("a pager endpoint given as a secret stays a secret in the plan", async () => {
    const plan = await paged;
    const pager = one(plan, "aws:sns/topicSubscription:TopicSubscription", "prod-alarms-pager");
    assert.equal(input(pager, "protocol"), "https");
    assert.equal(input(pager, "endpoint"), "[secret]");
    assert.ok(!JSON.stringify(plan).includes(PLANTED.pagerToken), "the pager URL must not reach the plan");
  });

  // One capture of staging with its monitoring settings changed serves the two tests below (and the
  // access suite's SSO test, tests/support/variations.ts): the thresholds are alarms, the
  // organization trail replaces the trail; none of them touches another's resources.
  const monitoredPlan = early(stagingWithSsoAndMonitoring());
  const monitored = () => monitoredPlan;

  test("thresholds come from the stack file, not from code", async () => {
    const plan = await monitored();
    const threshold = (id: string) =>
      input(
        ofType(plan, ALARM).find((a) => input(a, "name") === `staging-${id}`)!,
        "threshold",
      );
    assert.equal(threshold("alb-p99-latency"), 0.75);
    assert.equal(threshold("db-connections"), 123);
  });

  test("an organization trail replaces the environment's own", async () => {
    const plan = await monitored();
    assert.equal(ofType(plan, "aws:cloudtrail/trail:Trail").length, 0);
    // Only the access-log bucket, for the load balancer's logs; no trail bucket.
    assert.deepEqual(
      ofType(plan, "aws:s3/bucket:Bucket").map((b) => b.name),
      ["staging-access-logs"],
    );
    assert.equal(ofType(plan, "aws:s3/bucketLogging:BucketLogging").length, 0);
    const key = statements(one(plan, "aws:kms/key:Key", "staging-kms"), "policy");
    assert.ok(!JSON.stringify(key).includes("cloudtrail"), "no CloudTrail grant without a trail");
  });
});
