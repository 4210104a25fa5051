import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveSettings } from "../../../src/config/resolve";
import type { EnvironmentSettings } from "../../../src/model/settings";
import {
  alarmDescription,
  allAlarms,
  MAX_ROLLBACK_ALARMS,
  planAlarms,
  rollbackAlarms,
} from "../../../src/environment/observability/alarms";
import {
  alarmTopicPolicy,
  trailBucketPolicy,
  trailLifecycleRules,
} from "../../../src/environment/observability/audit-trail-plan";
import { dashboardBody } from "../../../src/environment/observability/dashboard";
import { environmentKeyPolicy, trailArn } from "../../../src/environment/secrets/key-policy";
import { logGroupArnPatterns, planLogGroups } from "../../../src/environment/observability/log-groups";
import { PROD_BASE, STAGING_BASE } from "../../support/bad-configs";

const settings = (stack: string, config: Record<string, string>): EnvironmentSettings =>
  resolveSettings({ project: "infra", stack, config }).settings;
const prod = settings("prod", PROD_BASE);
const staging = settings("staging", STAGING_BASE);
const dev = settings("dev", {
  "aws:region": "us-east-1",
  "infra:tier": "dev",
  "infra:network": JSON.stringify({ cidr: "10.0.0.0/16", availabilityZones: ["us-east-1a", "us-east-1b"] }),
});
const devWithAlb = settings("dev", {
  "aws:region": "us-east-1",
  "infra:tier": "dev",
  "infra:network": JSON.stringify({ cidr: "10.0.0.0/16", availabilityZones: ["us-east-1a", "us-east-1b"] }),
  "infra:loadBalancer": JSON.stringify({ enabled: true }),
});

describe("alarms", () => {
  test("the essential level keeps only the alarms that mean down or data at risk", () => {
    assert.deepEqual(
      planAlarms(devWithAlb).map((a) => a.id),
      // dev's NAT instance (natGateways "instance") is its only way out: its alarm is essential.
      [
        "alb-5xx-rate",
        "alb-5xx-above-normal",
        "asg-in-service",
        "nat-in-service",
        "db-cpu",
        "db-free-storage",
      ],
    );
    assert.equal(planAlarms(staging).length, allAlarms(staging).length);
  });

  test("a NAT instance has its alarm; managed NAT gateways do not need one", () => {
    assert.ok(planAlarms(dev).some((a) => a.id === "nat-in-service"));
    assert.ok(allAlarms(staging).every((a) => a.id !== "nat-in-service"));
    assert.ok(allAlarms(prod).every((a) => a.id !== "nat-in-service"));
  });

  test("a sleeping stack's database alarms read a stopped database as normal; an awake stack's do not", () => {
    const db = (s: EnvironmentSettings) =>
      allAlarms(s)
        .filter((a) => a.source === "database")
        .map((a) => a.treatMissingData);
    assert.deepEqual(db(dev), ["notBreaching", "notBreaching", "notBreaching"]);
    assert.deepEqual(db(prod), ["missing", "missing", "missing"]);
  });

  test("no load balancer, no load-balancer alarms; no replica, no replication-lag alarm", () => {
    assert.ok(planAlarms(dev).every((a) => a.source !== "loadBalancer"));
    assert.ok(allAlarms(staging).every((a) => !a.id.startsWith("cache-replication-lag")));
    assert.deepEqual(
      allAlarms(prod)
        .filter((a) => a.id.startsWith("cache-replication-lag"))
        .map((a) => a.id),
      ["cache-replication-lag-001", "cache-replication-lag-002"],
    );
  });

  test("thresholds are the settings' values", () => {
    const byId = new Map(allAlarms(prod).map((a) => [a.id, a]));
    const m = prod.monitoring;
    assert.equal(byId.get("alb-5xx-rate")?.threshold, m.alb5xxRatePercent);
    assert.equal(byId.get("alb-p99-latency")?.threshold, m.albP99Seconds);
    assert.equal(byId.get("db-cpu")?.threshold, m.dbCpuPercent);
    assert.equal(byId.get("db-free-storage")?.threshold, m.dbFreeStorageGb * 1024 ** 3);
    assert.equal(byId.get("db-connections")?.threshold, m.dbConnections);
    assert.equal(byId.get("cache-cpu-002")?.threshold, m.cacheCpuPercent);
    assert.equal(byId.get("cache-memory-001")?.threshold, m.cacheMemoryPercent);
    assert.equal(byId.get("cache-evictions-001")?.threshold, m.cacheEvictions);
    assert.equal(byId.get("cache-replication-lag-001")?.threshold, m.cacheReplicationLagSeconds);
  });

  test("rollback alarms: the 5xx rate first, never more than a rollout accepts", () => {
    const ids = rollbackAlarms(planAlarms(prod)).map((a) => a.id);
    assert.equal(ids[0], "alb-5xx-rate");
    assert.ok(ids.length <= MAX_ROLLBACK_ALARMS);
    assert.deepEqual(rollbackAlarms(planAlarms(dev)), []);
  });

  test("ids are unique and descriptions fit CloudWatch's 1024 characters", () => {
    const specs = allAlarms(prod);
    assert.equal(new Set(specs.map((s) => s.id)).size, specs.length);
    for (const s of specs) assert.ok(alarmDescription(s).length <= 1024, s.id);
  });
});

describe("log groups", () => {
  test("one per source, the tier's retention, RDS's own naming", () => {
    assert.deepEqual(
      planLogGroups(prod).map((g) => [g.name, g.retentionDays]),
      [
        ["/infra/prod/vpc-flow-logs", 400],
        ["/infra/prod/app", 400],
        ["/aws/rds/instance/prod-db/postgresql", 400],
        ["/aws/rds/instance/prod-db/upgrade", 400],
      ],
    );
    assert.deepEqual(
      planLogGroups(dev).map((g) => g.retentionDays),
      [7, 7, 7, 7],
    );
  });

  test("the key's condition patterns cover exactly the stack's prefixes", () => {
    assert.deepEqual(logGroupArnPatterns(staging, "111122223333"), [
      "arn:aws:logs:us-east-1:111122223333:log-group:/infra/staging/*",
      "arn:aws:logs:us-east-1:111122223333:log-group:/aws/rds/instance/staging-db/*",
    ]);
  });
});

describe("key policy", () => {
  const input = {
    region: "eu-west-1",
    accountId: "111122223333",
    logGroupArnPatterns: ["arn:aws:logs:eu-west-1:111122223333:log-group:/infra/x/*"],
    trailArn: trailArn("eu-west-1", "111122223333", "x-trail"),
  };

  test("the account keeps control; Logs is scoped by encryption context in its own region", () => {
    const doc = environmentKeyPolicy(input);
    assert.deepEqual(doc.Statement[0]!.Principal, { AWS: "arn:aws:iam::111122223333:root" });
    const logs = doc.Statement.find((s) => s.Sid === "CloudWatchLogsEncryptsOwnLogGroups")!;
    assert.deepEqual(logs.Principal, { Service: "logs.eu-west-1.amazonaws.com" });
    assert.deepEqual(logs.Condition, {
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": input.logGroupArnPatterns },
    });
  });

  test("EBS volumes the auto-scaling group launches may use the key, only through EC2 of this account and region", () => {
    const ebs = environmentKeyPolicy(input).Statement.filter((s) => s.Action.includes("kms:CreateGrant"));
    assert.equal(ebs.length, 1);
    assert.deepEqual(ebs[0]!.Condition, {
      StringEquals: { "kms:CallerAccount": "111122223333", "kms:ViaService": "ec2.eu-west-1.amazonaws.com" },
    });
    assert.ok(!ebs[0]!.Action.includes("kms:*"));
  });

  test("CloudTrail may use the key only for this trail, and not at all under an organization trail", () => {
    const trail = environmentKeyPolicy(input).Statement.filter(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: "cloudtrail.amazonaws.com" }),
    );
    // Encrypt log files, decrypt (needed with the bucket's S3 Bucket Key), describe the key.
    assert.deepEqual(trail.flatMap((s) => s.Action).sort(), [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:GenerateDataKey*",
    ]);
    for (const s of trail)
      assert.equal(
        s.Condition?.["StringEquals"]?.["aws:SourceArn"],
        "arn:aws:cloudtrail:eu-west-1:111122223333:trail/x-trail",
      );
    const org = environmentKeyPolicy({ ...input, trailArn: undefined });
    assert.ok(!JSON.stringify(org).includes("cloudtrail"));
  });
});

describe("audit trail and topic", () => {
  test("lifecycle: expire at the retention; archive only files that live long enough to gain", () => {
    assert.deepEqual(trailLifecycleRules(30)[0]!.transitions, undefined);
    assert.deepEqual(trailLifecycleRules(30)[0]!.expiration, { days: 30 });
    assert.deepEqual(trailLifecycleRules(2557)[0]!.transitions, [{ days: 90, storageClass: "GLACIER_IR" }]);
    assert.deepEqual(trailLifecycleRules(2557)[0]!.noncurrentVersionExpiration, { noncurrentDays: 30 });
  });

  test("bucket policy: TLS only; CloudTrail writes its own prefix for its own trail", () => {
    const doc = trailBucketPolicy({
      bucketArn: "arn:aws:s3:::b",
      accountId: "111122223333",
      trailArn: "arn:aws:cloudtrail:us-east-1:111122223333:trail/t",
    });
    const [deny, acl, put] = doc.Statement;
    assert.deepEqual(deny!.Resource, ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]);
    assert.deepEqual(deny!.Condition, { Bool: { "aws:SecureTransport": "false" } });
    assert.equal(acl!.Resource, "arn:aws:s3:::b");
    assert.equal(put!.Resource, "arn:aws:s3:::b/AWSLogs/111122223333/*");
    assert.equal(
      put!.Condition?.["StringEquals"]?.["aws:SourceArn"],
      "arn:aws:cloudtrail:us-east-1:111122223333:trail/t",
    );
  });

  test("topic policy: only this stack's alarms, in this account, publish", () => {
    const doc = alarmTopicPolicy({
      topicArn: "arn:aws:sns:us-east-1:1:t",
      stack: "s",
      region: "us-east-1",
      accountId: "1",
    });
    const publish = doc.Statement.find((s) => s.Sid === "OwnAlarmsPublish")!;
    assert.deepEqual(publish.Condition, {
      StringEquals: { "aws:SourceAccount": "1" },
      ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:1:alarm:s-*" },
    });
  });
});

describe("dashboard body", () => {
  const base = {
    region: "us-east-1",
    stack: "s",
    loadBalancer: "app/s-alb/1",
    targetGroup: "targetgroup/s-app/2",
    autoScalingGroup: "s-asg",
    databaseIdentifier: "s-db",
    cacheGroupId: "s-redis",
    cacheNodes: 2,
    alarmArns: ["arn:a", "arn:b"],
  };

  test("widgets stay inside the 24-column grid and never overlap", () => {
    const { widgets } = dashboardBody(base);
    const cells = new Set<string>();
    for (const w of widgets) {
      assert.ok(w.x >= 0 && w.x + w.width <= 24, JSON.stringify(w.properties["title"]));
      for (let x = w.x; x < w.x + w.width; x++)
        for (let y = w.y; y < w.y + w.height; y++) {
          assert.ok(!cells.has(`${x},${y}`), `overlap at ${x},${y}`);
          cells.add(`${x},${y}`);
        }
    }
  });

  test("every cache node is charted; no load balancer rows without a load balancer", () => {
    const text = JSON.stringify(dashboardBody(base));
    assert.ok(text.includes('"s-redis-001"') && text.includes('"s-redis-002"'));
    const noLb = dashboardBody({ ...base, loadBalancer: undefined, targetGroup: undefined });
    assert.ok(!JSON.stringify(noLb).includes("ApplicationELB"));
  });
});
