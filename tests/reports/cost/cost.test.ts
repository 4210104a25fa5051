import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveSettings } from "../../../src/config/resolve";
import { TIERS } from "../../../src/model/settings";
import { TIER_DEFAULTS } from "../../../src/config/tiers";
import { costDelta } from "../../../src/reports/diff/cost-delta";
import { budgetProblem, type CostLine, estimateCost, FREE, PRICED } from "../../../src/reports/cost/estimate";
import {
  formatDelta,
  formatUnitPrice,
  formatUsd,
  renderCostMarkdown,
} from "../../../src/reports/cost/render";
import { parseUsage, USAGE_DEFAULTS, USAGE_KEYS, UsageError } from "../../../src/reports/cost/usage";
import { HOURS_PER_MONTH, PRICES } from "../../../src/reports/cost/prices";
import { idOf, plan, type ResourceSpec, SUBNET } from "../../support/plan-builders";

/** A type no estimate knows (an SQS queue is not in the program, today). */
const UNKNOWN = "aws:sqs/queue:Queue";
import { STAGING_BASE } from "../../support/bad-configs";

const ASG = "aws:autoscaling/group:Group";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const NAT = "aws:ec2/natGateway:NatGateway";
const EIP = "aws:ec2/eip:Eip";
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const RDS = "aws:rds/instance:Instance";

const usage = (tier: "dev" | "staging" | "prod" = "staging", text?: string) =>
  parseUsage(text, tier, "test.yaml");

const app = (instanceType: string, extra: Partial<Record<string, unknown>> = {}): ResourceSpec[] => [
  {
    type: LT,
    name: "s-app-lt",
    inputs: {
      instanceType,
      monitoring: { enabled: true },
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 20, volumeType: "gp3" } }],
    },
  },
  {
    type: ASG,
    name: "s-app-asg",
    inputs: {
      desiredCapacity: 2,
      minSize: 2,
      maxSize: 4,
      launchTemplate: { id: idOf(LT, "s-app-lt") },
      ...extra,
    } as never,
  },
];

const rds = (instanceClass: string): ResourceSpec[] => [
  {
    type: RDS,
    name: "s-db",
    inputs: { instanceClass, allocatedStorage: 20, storageType: "gp3", engine: "postgres", multiAz: false },
  },
];

const linesOf = (lines: readonly CostLine[], resource: string) =>
  lines.filter((l) => l.resource === resource);

describe("the price table", () => {
  test("every price names a source URL, a date, a confidence grade and how it was checked", () => {
    for (const [key, p] of Object.entries(PRICES)) {
      assert.ok(p.usd > 0, `${key}: price must be positive`);
      assert.match(p.sourceUrl, /^https:\/\//, `${key}: source URL`);
      assert.ok(p.sourceDate.length > 0 && p.source.length > 0 && p.verified.length > 0, `${key}: source`);
      assert.ok(["A", "B", "C"].includes(p.confidence), `${key}: confidence`);
    }
  });

  test("Multi-AZ PostgreSQL is never cheaper than Single-AZ", () => {
    for (const key of Object.keys(PRICES).filter((k) => k.endsWith(":multi-az"))) {
      const single = PRICES[key.replace(/:multi-az$/, ":single-az")];
      assert.ok(single, `${key} has no Single-AZ row`);
      assert.ok(PRICES[key]!.usd >= single.usd, key);
    }
  });
});

describe("which resource types are priced", () => {
  test("the priced types, listed", () => {
    assert.deepEqual(Object.keys(PRICED).sort(), [
      "aws:appconfig/application:Application",
      "aws:autoscaling/group:Group",
      "aws:autoscaling/policy:Policy",
      "aws:backup/restoreTestingPlan:RestoreTestingPlan",
      "aws:backup/vault:Vault",
      "aws:cloudfront/distribution:Distribution",
      "aws:cloudtrail/trail:Trail",
      "aws:cloudwatch/dashboard:Dashboard",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:cloudwatch/metricAlarm:MetricAlarm",
      "aws:ec2/eip:Eip",
      "aws:ec2/natGateway:NatGateway",
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "aws:kms/key:Key",
      "aws:lb/loadBalancer:LoadBalancer",
      "aws:rds/instance:Instance",
      "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
      "aws:s3/bucket:Bucket",
      "aws:s3/bucketV2:BucketV2",
      "aws:secretsmanager/secret:Secret",
      "aws:ssm/parameter:Parameter",
      "aws:wafv2/webAcl:WebAcl",
    ]);
  });

  test("no type is both priced and free", () => {
    assert.deepEqual(
      Object.keys(FREE).filter((t) => t in PRICED),
      [],
    );
  });

  test("an unknown type is listed as not priced, never silently $0", () => {
    const e = estimateCost(plan({ resources: [{ type: UNKNOWN, name: "dev-jobs" }] }), usage());
    assert.deepEqual(e.notPriced, [
      {
        resource: "dev-jobs",
        type: UNKNOWN,
        reason: "no pricer for this type in src/reports/cost/estimate.ts",
      },
    ]);
    assert.equal(e.totalUsd, 0);
  });

  test("a priced type whose class has no price row is not priced, with the missing key", () => {
    const e = estimateCost(plan({ resources: app("x9.huge") }), usage());
    assert.deepEqual(
      e.notPriced.map((n) => [n.resource, n.reason]),
      [["s-app-asg", 'no price "ec2:x9.huge" in src/reports/cost/prices.ts']],
    );
  });
});

describe("estimateCost", () => {
  test("app servers: instances at desired capacity, their volumes and detailed monitoring", () => {
    const e = estimateCost(plan({ resources: app("t3.medium") }), usage());
    const lines = linesOf(e.lines, "s-app-asg");
    assert.deepEqual(
      lines.map((l) => [l.priceKey, l.quantity]),
      [
        ["ec2:t3.medium", 2 * HOURS_PER_MONTH],
        ["ebs:gp3", 40],
        ["cloudwatch:ec2-detailed-monitoring", 2],
      ],
    );
    assert.equal(lines[0]!.monthlyUsd, Math.round(2 * HOURS_PER_MONTH * 0.0416 * 100) / 100);
  });

  test("at maximum scale the group is priced at maxSize", () => {
    const e = estimateCost(plan({ resources: app("t3.medium") }), usage(), PRICES, "max");
    assert.equal(linesOf(e.lines, "s-app-asg")[0]!.quantity, 4 * HOURS_PER_MONTH);
  });

  test("instances with public addresses pay for them", () => {
    const resources = app("t3.medium");
    const lt = {
      ...resources[0]!,
      inputs: { ...resources[0]!.inputs, networkInterfaces: [{ associatePublicIpAddress: "true" }] },
    };
    const e = estimateCost(plan({ resources: [lt, resources[1]!] }), usage());
    assert.ok(
      e.lines.some((l) => l.priceKey === "vpc:public-ipv4-hour" && l.quantity === 2 * HOURS_PER_MONTH),
    );
  });

  test("NAT gateways: hours, their share of the traffic, and the public IPv4 of each EIP", () => {
    const e = estimateCost(
      plan({
        resources: ["a", "b"].flatMap((az): ResourceSpec[] => [
          { type: EIP, name: `p-nat-eip-${az}`, inputs: { domain: "vpc" } },
          { type: NAT, name: `p-nat-${az}`, inputs: { allocationId: idOf(EIP, `p-nat-eip-${az}`) } },
        ]),
      }),
      usage("staging", "nat: { dataProcessedGb: 100 }"),
    );
    const nat = linesOf(e.lines, "p-nat-a");
    assert.deepEqual(
      nat.map((l) => [l.priceKey, l.quantity]),
      [
        ["vpc:nat-hour", HOURS_PER_MONTH],
        ["vpc:nat-gb", 50],
      ],
    );
    assert.equal(linesOf(e.lines, "p-nat-eip-b")[0]!.item, "public IPv4 address of p-nat-b");
  });

  test("an internet-facing ALB pays for a public IPv4 address in each of its AZs; an internal one does not", () => {
    const alb = (internal: boolean): ResourceSpec => ({
      type: ALB,
      name: "s-alb",
      inputs: {
        loadBalancerType: "application",
        internal,
        subnets: ["a", "b", "c"].map((az) => idOf(SUBNET, `s-public-${az}`)),
      },
    });
    const ipv4 = (internal: boolean) =>
      estimateCost(plan({ resources: [alb(internal)] }), usage()).lines.filter(
        (l) => l.priceKey === "vpc:public-ipv4-hour",
      );
    assert.equal(ipv4(false)[0]!.quantity, 3 * HOURS_PER_MONTH);
    assert.deepEqual(ipv4(true), []);
  });

  test("RDS PostgreSQL: the Multi-AZ price and storage rows when multiAz is set", () => {
    const db = (multiAz: boolean): ResourceSpec => ({
      type: RDS,
      name: "p-db",
      inputs: {
        engine: "postgres",
        instanceClass: "db.r5.xlarge",
        multiAz,
        allocatedStorage: 100,
        storageType: "gp3",
      },
    });
    const keys = (multiAz: boolean) =>
      estimateCost(plan({ resources: [db(multiAz)] }), usage())
        .lines.map((l) => l.priceKey)
        .slice(0, 2);
    assert.deepEqual(keys(true), ["rds-postgres:db.r5.xlarge:multi-az", "rds:storage-gp3:multi-az"]);
    assert.deepEqual(keys(false), ["rds-postgres:db.r5.xlarge:single-az", "rds:storage-gp3:single-az"]);
  });

  test("a MySQL instance is not priced rather than priced as PostgreSQL", () => {
    const e = estimateCost(
      plan({
        resources: [{ type: RDS, name: "x-db", inputs: { engine: "mysql", instanceClass: "db.t3.micro" } }],
      }),
      usage(),
    );
    assert.equal(e.notPriced.length, 1);
  });

  test("WAF: the ACL, one line per rule count, and inspected requests from the usage file", () => {
    const e = estimateCost(
      plan({
        resources: [{ type: "aws:wafv2/webAcl:WebAcl", name: "p-waf", inputs: { rules: [{}, {}, {}] } }],
      }),
      usage("prod", "waf: { requestsMillions: 10 }"),
    );
    assert.deepEqual(
      e.lines.map((l) => [l.priceKey, l.quantity, l.monthlyUsd]),
      [
        ["wafv2:web-acl", 1, 5],
        ["wafv2:rule", 3, 3],
        ["wafv2:requests-1m", 10, 6],
      ],
    );
  });

  test("SSM parameters: standard ones are free, advanced ones are priced", () => {
    const param = (tier?: string): ResourceSpec => ({
      type: "aws:ssm/parameter:Parameter",
      name: "p-param",
      inputs: tier ? { tier } : {},
    });
    const standard = estimateCost(plan({ resources: [param()] }), usage());
    assert.deepEqual(standard.lines, []);
    assert.deepEqual(standard.free, [
      { type: "aws:ssm/parameter:Parameter", count: 1, reason: "no charge in this configuration" },
    ]);
    const advanced = estimateCost(plan({ resources: [param("Advanced")] }), usage());
    assert.deepEqual(
      advanced.lines.map((l) => l.priceKey),
      ["ssm:advanced-parameter"],
    );
  });

  test("dashboards, buckets (storage from the usage file) and AppConfig (not priced, with why)", () => {
    const e = estimateCost(
      plan({
        resources: [
          { type: "aws:cloudwatch/dashboard:Dashboard", name: "p-dash" },
          { type: "aws:s3/bucket:Bucket", name: "p-audit" },
          { type: "aws:appconfig/application:Application", name: "p-flags" },
        ],
      }),
      usage("prod", "s3: { storedGb: 200 }"),
    );
    assert.deepEqual(
      e.lines.map((l) => [l.resource, l.priceKey, l.quantity]),
      [
        ["p-dash", "cloudwatch:dashboard", 1],
        ["p-audit", "s3:standard-gb", 200],
      ],
    );
    assert.match(e.notPriced[0]!.reason, /AppConfig bills per configuration request/);
  });

  test("the total is the sum of the rounded lines", () => {
    const e = estimateCost(plan({ resources: app("t3.small") }), usage());
    const sum = e.lines.reduce((s, l) => s + l.monthlyUsd, 0);
    assert.equal(e.totalUsd, Math.round(sum * 100) / 100);
  });
});

describe("the budget check", () => {
  test("fails, naming stack, estimate, budget and overrun, when the estimate exceeds the budget", () => {
    const e = estimateCost(plan({ stack: "staging", resources: app("c5.xlarge") }), usage());
    const { settings } = resolveSettings({
      project: "infra",
      stack: "staging",
      config: { ...STAGING_BASE, "infra:cost": JSON.stringify({ monthlyBudgetUsd: 100 }) },
    });
    assert.equal(settings.cost.monthlyBudgetUsd, 100);
    assert.equal(
      budgetProblem(e, settings.cost.monthlyBudgetUsd),
      `staging: estimated $${e.totalUsd.toFixed(2)}/month exceeds infra:cost.monthlyBudgetUsd $100.00 by $${(e.totalUsd - 100).toFixed(2)}`,
    );
  });

  test("passes at or under the budget", () => {
    const e = estimateCost(plan({ resources: app("t3.small") }), usage());
    assert.equal(budgetProblem(e, e.totalUsd), undefined);
  });

  test("tier budgets rise with the tier, as the specification's cost bands do", () => {
    const budgets = TIERS.map((t) => TIER_DEFAULTS[t].groups.cost.monthlyBudgetUsd);
    assert.deepEqual(
      budgets,
      [...budgets].sort((a, b) => a - b),
    );
    assert.equal(new Set(budgets).size, budgets.length);
  });
});

describe("the usage file", () => {
  test("no file: every key takes its tier default", () => {
    const u = usage("prod");
    for (const key of USAGE_KEYS)
      assert.deepEqual(u[key], { value: USAGE_DEFAULTS.prod[key], from: "default" });
  });

  test("a file overrides the keys it sets, the rest stay defaults", () => {
    const u = usage("dev", "version: 1\nnat:\n  dataProcessedGb: 42\n");
    assert.deepEqual(u["nat.dataProcessedGb"], { value: 42, from: "file" });
    assert.equal(u["kms.requests"].from, "default");
  });

  test("an unknown key is an error naming the file and the allowed keys", () => {
    assert.throws(
      () => usage("dev", "nat:\n  dataProcesedGb: 1\n"),
      (e: Error) =>
        e instanceof UsageError &&
        /test\.yaml: unknown key nat\.dataProcesedGb; allowed: nat\.dataProcessedGb/.test(e.message),
    );
  });

  test("a negative amount is an error naming the key and the value", () => {
    assert.throws(
      () => usage("dev", "kms:\n  requests: -5\n"),
      (e: Error) => e.message === "test.yaml: kms.requests: got -5; expected a number of 0 or more",
    );
  });
});

describe("rendering", () => {
  test("money and unit prices", () => {
    assert.equal(formatUsd(1241), "$1,241.00");
    assert.equal(formatUsd(0.456), "$0.46");
    assert.equal(formatUnitPrice(0.0208), "$0.0208");
    assert.equal(formatUnitPrice(0.17), "$0.17");
    assert.equal(formatUnitPrice(5), "$5.00");
    assert.equal(formatDelta(12.3), "+$12.30");
    assert.equal(formatDelta(-4), "-$4.00");
    assert.equal(formatDelta(0.001), "±$0.00");
  });

  test("the report says when a stack is over budget, and lists what is not priced", () => {
    const e = estimateCost(
      plan({ resources: [...app("t3.small"), { type: UNKNOWN, name: "dev-jobs" }] }),
      usage("dev"),
    );
    const md = renderCostMarkdown({
      estimate: e,
      atMaxScaleUsd: e.totalUsd,
      usage: usage("dev"),
      usageFile: "stacks/dev.usage.yaml",
      budgetUsd: 1,
    });
    assert.match(md, /\*\*over budget by \$/);
    assert.match(md, /\| `dev-jobs` \| `aws:sqs\/queue:Queue` \|/);
  });
});

describe("cost delta for the plan diff", () => {
  const withCapacity = (desired: number) =>
    plan({ stack: "staging", resources: app("t3.medium", { desiredCapacity: desired, maxSize: 4 }) });

  test("each side priced from its own plan and usage file", () => {
    const delta = costDelta(
      { plan: withCapacity(2), usageText: undefined, where: "before" },
      { plan: withCapacity(3), usageText: undefined, where: "after" },
    );
    const one = estimateCost(withCapacity(1), usage()).totalUsd;
    // One more instance costs what a one-instance group does (lines are rounded to the cent).
    assert.ok(
      Math.abs(delta.after! - delta.before! - one) < 0.05,
      `${delta.after! - delta.before!} vs ${one}`,
    );
  });

  test("a new stack has no before; a malformed usage file or unknown tier gives n/a, not a crash", () => {
    assert.equal(
      costDelta(
        { plan: null, usageText: undefined, where: "b" },
        { plan: withCapacity(2), usageText: undefined, where: "a" },
      ).before,
      undefined,
    );
    const bad = costDelta(
      { plan: withCapacity(2), usageText: "nat: { dataProcessedGb: -1 }", where: "b" },
      { plan: { ...withCapacity(2), tier: "perf" }, usageText: undefined, where: "a" },
    );
    assert.deepEqual(bad, { before: undefined, after: undefined, items: [] });
  });

  test("itemised by resource: only what changed, largest change first, an unpriced side said so", () => {
    const before = plan({ stack: "staging", resources: [...app("t3.medium"), ...rds("db.t3.micro")] });
    const after = plan({ stack: "staging", resources: [...app("m5.large"), ...rds("db.t3.medium")] });
    const side = (p: typeof before) => ({ plan: p, usageText: undefined, where: "x" });
    const delta = costDelta(side(before), side(after));
    const perResource = (p: typeof before, name: string) =>
      estimateCost(p, usage())
        .lines.filter((l) => l.resource === name)
        .reduce((s, l) => s + l.monthlyUsd, 0);
    const expected = ["s-app-asg", "s-db"]
      .map((name) => ({ name, before: perResource(before, name), after: perResource(after, name) }))
      .filter((i) => Math.abs(i.after - i.before) >= 0.005)
      .sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before));
    assert.equal(expected.length, 2, "both the instances and the database cost more");
    assert.deepEqual(
      delta.items!.map((i) => [i.resource, i.before, i.after]),
      expected.map((i) => [i.name, i.before, i.after]),
    );
    // The items add up to the total's change (the launch template costs nothing of its own).
    const sum = delta.items!.reduce((s, i) => s + (i.after as number) - (i.before as number), 0);
    assert.ok(
      Math.abs(sum - (delta.after! - delta.before!)) < 0.01,
      `${sum} vs ${delta.after! - delta.before!}`,
    );

    const unpriced = costDelta(
      side(before),
      side(plan({ stack: "staging", resources: [...app("t3.medium"), ...rds("db.x9.huge")] })),
    );
    assert.deepEqual(
      unpriced.items!.map((i) => [i.resource, i.after]),
      [["s-db", "not priced"]],
    );
  });
});

describe("a sleep schedule in the plan", () => {
  const SCHEDULE = "aws:autoscaling/schedule:Schedule";
  const SCHEDULER = "aws:scheduler/schedule:Schedule";
  // Weekdays 08:00-18:00 (50 h of 168), the shape src/config/sleep-schedule.ts writes.
  const actions: ResourceSpec[] = [
    {
      type: SCHEDULE,
      name: "s-app-wake",
      inputs: { autoscalingGroupName: "s-app-asg", desiredCapacity: 2, recurrence: "0 8 * * 1,2,3,4,5" },
    },
    {
      type: SCHEDULE,
      name: "s-app-sleep",
      inputs: { autoscalingGroupName: "s-app-asg", desiredCapacity: 0, recurrence: "0 18 * * 1,2,3,4,5,6,0" },
    },
  ];
  const db: ResourceSpec = {
    type: RDS,
    name: "s-db",
    inputs: { engine: "postgres", identifier: "s-db", instanceClass: "db.t3.micro", allocatedStorage: 20 },
  };
  const call = (name: string, action: string, cron: string, identifier = "s-db"): ResourceSpec => ({
    type: SCHEDULER,
    name,
    inputs: {
      scheduleExpression: cron,
      target: {
        arn: `arn:aws:scheduler:::aws-sdk:rds:${action}`,
        input: JSON.stringify({ DbInstanceIdentifier: identifier }),
      },
    },
  });
  const dbCalls = [
    call("s-db-start", "startDBInstance", "cron(0 8 ? * MON,TUE,WED,THU,FRI *)"),
    call("s-db-stop", "stopDBInstance", "cron(0 18 ? * MON,TUE,WED,THU,FRI,SAT,SUN *)"),
  ];
  const fraction = 50 / 168;

  test("an auto-scaling group with scheduled actions is priced for its awake hours, volumes and metrics too", () => {
    const e = estimateCost(plan({ resources: [...app("t3.small"), ...actions] }), usage());
    const [instances, volumes, monitoring] = linesOf(e.lines, "s-app-asg");
    assert.ok(Math.abs(instances!.quantity - 2 * HOURS_PER_MONTH * fraction) < 1e-9);
    assert.ok(Math.abs(volumes!.quantity - 40 * fraction) < 1e-9);
    assert.ok(Math.abs(monitoring!.quantity - 2 * fraction) < 1e-9);
    assert.match(instances!.note ?? "", /awake 50 h a week/);
  });

  test("always on, or without its actions, the same group is priced for every hour", () => {
    const alwaysOn = estimateCost(
      plan({ resources: [...app("t3.small"), ...actions] }),
      usage(),
      undefined,
      "desired",
      "alwaysOn",
    );
    const none = estimateCost(plan({ resources: app("t3.small") }), usage());
    assert.equal(linesOf(alwaysOn.lines, "s-app-asg")[0]!.quantity, 2 * HOURS_PER_MONTH);
    assert.deepEqual(alwaysOn.lines, none.lines);
  });

  test("a database stopped and started by the scheduler pays instance hours only while running, storage always", () => {
    const e = estimateCost(plan({ resources: [db, ...dbCalls] }), usage());
    const [instance, storage] = linesOf(e.lines, "s-db");
    assert.ok(Math.abs(instance!.quantity - HOURS_PER_MONTH * fraction) < 1e-9);
    assert.equal(storage!.quantity, 20);
  });

  test("schedules for another database do not count", () => {
    const other = [
      call("x-start", "startDBInstance", "cron(0 8 ? * MON *)", "other-db"),
      call("x-stop", "stopDBInstance", "cron(0 9 ? * MON *)", "other-db"),
    ];
    const e = estimateCost(plan({ resources: [db, ...other] }), usage());
    assert.equal(linesOf(e.lines, "s-db")[0]!.quantity, HOURS_PER_MONTH);
  });

  test("a recurrence the estimate cannot read makes the group not priced, never guessed", () => {
    const odd: ResourceSpec = {
      type: SCHEDULE,
      name: "s-app-odd",
      inputs: { autoscalingGroupName: "s-app-asg", desiredCapacity: 0, recurrence: "*/5 * * * *" },
    };
    const e = estimateCost(plan({ resources: [...app("t3.small"), odd] }), usage());
    assert.deepEqual(
      e.notPriced.map((n) => n.resource),
      ["s-app-asg"],
    );
  });
});
