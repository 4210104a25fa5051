/**
 * A stack's monthly cost, estimated from its offline plan: one line per billable item (resource,
 * item, quantity, unit price, monthly), priced from src/reports/cost/prices.ts, with usage-priced items
 * (NAT and internet traffic, logs, API calls, LCUs) taken from the stack's usage file.
 *
 * Every resource type in a plan is in exactly one of three places: PRICED (a function turns it
 * into lines), FREE (no charge of its own, with the reason), or neither, in which case the
 * estimate lists it as "not priced". An unknown billable type is therefore never silently $0:
 * budgetProblems makes every unpriced billable resource (and a stack outside the priced Region)
 * an error, except the per-request-only types of UNPRICED_ALLOWED.
 * Pure: a plan, a usage and a price table in, an estimate out.
 */
import { type Plan, type PlanResource, type PlanValue, resourceWithId } from "../../model/plan";
import {
  awakeHoursPerWeek,
  HOURS_PER_WEEK,
  parseAsgRecurrence,
  parseSchedulerCron,
  type Switch,
} from "../../config/sleep-schedule";
import { HOURS_PER_MONTH, type Price, PRICE_REGION, PRICES } from "./prices";
import type { Usage, UsageKey } from "./usage";
import { T } from "../../model/resource-types";

export interface CostLine {
  /** The plan resource's logical name, or "(usage)" for stack-wide traffic and API calls. */
  readonly resource: string;
  readonly type: string;
  readonly item: string;
  /** In the price's unit: hours, GB, GB-months, 10k requests, … */
  readonly quantity: number;
  readonly unit: string;
  readonly priceKey: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: number;
  /** Set when the quantity comes from the usage file rather than the plan. */
  readonly usageKey?: UsageKey;
  readonly note?: string;
}

export interface NotPriced {
  readonly resource: string;
  readonly type: string;
  readonly reason: string;
}

export interface CostEstimate {
  readonly stack: string;
  readonly tier: string;
  readonly lines: readonly CostLine[];
  readonly notPriced: readonly NotPriced[];
  /** Resource types in the plan that cost nothing by themselves, with why. */
  readonly free: readonly { readonly type: string; readonly count: number; readonly reason: string }[];
  readonly totalUsd: number;
  /** Price keys used, sorted: the report cites each one's source. */
  readonly priceKeys: readonly string[];
  /** The stack's Region (its plan's `region` output); the table has prices for PRICE_REGION only. */
  readonly region: string;
}

/** Thrown by a pricer when the table has no row for what the resource needs. */
class MissingPrice extends Error {}

/** "desired": auto-scaling groups at their desired capacity; "max": at their maximum size. */
export type Scale = "desired" | "max";

/**
 * "asScheduled": what a sleep schedule in the plan switches off (auto-scaling groups with
 * scheduled actions, a database stopped and started by EventBridge Scheduler) is priced for its
 * awake hours only; "alwaysOn": every resource runs every hour of the month.
 */
export type Hours = "asScheduled" | "alwaysOn";

interface Context {
  readonly scale: Scale;
  readonly hours: Hours;
  readonly plan: Plan;
  readonly usage: Usage;
  readonly prices: Readonly<Record<string, Price>>;
}

type Pricer = (resource: PlanResource, ctx: Context) => CostLine[];

// ---------------------------------------------------------------------------------------------
// Helpers

const round2 = (n: number): number => Math.round(n * 100) / 100;

function str(value: PlanValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function num(value: PlanValue | undefined): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

function obj(value: PlanValue | undefined): Record<string, PlanValue> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
}

function list(value: PlanValue | undefined): PlanValue[] {
  return Array.isArray(value) ? value : [];
}

function line(
  ctx: Context,
  resource: PlanResource | "(usage)",
  item: string,
  priceKey: string,
  quantity: number,
  extra: { usageKey?: UsageKey; note?: string } = {},
): CostLine {
  const price = ctx.prices[priceKey];
  if (!price) throw new MissingPrice(`no price "${priceKey}" in src/reports/cost/prices.ts`);
  return {
    resource: resource === "(usage)" ? resource : resource.name,
    type: resource === "(usage)" ? "usage" : resource.type,
    item,
    quantity,
    unit: price.unit,
    priceKey,
    unitPriceUsd: price.usd,
    monthlyUsd: quantity * price.usd,
    ...extra,
  };
}

const usageOf = (ctx: Context, key: UsageKey): number => ctx.usage[key].value;

/** How much of the week a scheduled resource is awake, read from the schedules in the plan. */
interface Awake {
  readonly fraction: number;
  readonly hoursPerWeek: number;
}

function awake(ctx: Context, switches: readonly Switch[]): Awake | undefined {
  if (ctx.hours === "alwaysOn" || switches.length === 0) return undefined;
  const hoursPerWeek = awakeHoursPerWeek(switches);
  return hoursPerWeek >= HOURS_PER_WEEK
    ? undefined
    : { fraction: hoursPerWeek / HOURS_PER_WEEK, hoursPerWeek };
}

/** An auto-scaling group's scheduled actions as switches: on when they give it instances. */
function groupAwake(asg: PlanResource, ctx: Context): Awake | undefined {
  const switches = ctx.plan.resources
    .filter((r) => r.type === T.autoscalingSchedule && str(r.inputs["autoscalingGroupName"]) === asg.name)
    .map((action): Switch => {
      const recurrence = parseAsgRecurrence(str(action.inputs["recurrence"]) ?? "");
      if (!recurrence)
        throw new MissingPrice(`scheduled action ${action.name}: a recurrence the estimate cannot read`);
      return { ...recurrence, on: (num(action.inputs["desiredCapacity"]) ?? 0) > 0 };
    });
  return awake(ctx, switches);
}

/** A database's stop and start schedules (EventBridge Scheduler calling RDS) as switches. */
function databaseAwake(db: PlanResource, ctx: Context): Awake | undefined {
  const identifier = str(db.inputs["identifier"]);
  const switches = ctx.plan.resources
    .filter((r) => r.type === T.schedulerSchedule)
    .flatMap((schedule): Switch[] => {
      const target = obj(schedule.inputs["target"]);
      const action = /^arn:aws:scheduler:::aws-sdk:rds:(stop|start)DBInstance$/.exec(
        str(target["arn"]) ?? "",
      );
      if (!action) return [];
      let input: Record<string, unknown> = {};
      try {
        input = JSON.parse(str(target["input"]) ?? "{}") as Record<string, unknown>;
      } catch {
        return [];
      }
      if (identifier === undefined || input["DbInstanceIdentifier"] !== identifier) return [];
      const recurrence = parseSchedulerCron(str(schedule.inputs["scheduleExpression"]) ?? "");
      if (!recurrence)
        throw new MissingPrice(`schedule ${schedule.name}: an expression the estimate cannot read`);
      return [{ ...recurrence, on: action[1] === "start" }];
    });
  return awake(ctx, switches);
}

const awakeNote = (a: Awake | undefined, what: string): { note?: string } =>
  a
    ? {
        note: `${what} ${formatHours(a.hoursPerWeek)} h a week (its sleep schedule); always on: ${HOURS_PER_MONTH} h a month`,
      }
    : {};

function formatHours(h: number): string {
  return Number.isInteger(h) ? String(h) : h.toFixed(2).replace(/0+$/, "");
}

// ---------------------------------------------------------------------------------------------
// Pricers, one per billable resource type

const autoScalingGroup: Pricer = (asg, ctx) => {
  const ltId = obj(asg.inputs["launchTemplate"])["id"];
  const lt = resourceWithId(ctx.plan.resources, ltId, asg);
  if (!lt) throw new MissingPrice(`its launch template ${str(ltId) ?? "(none)"} is not in the plan`);
  const min = num(asg.inputs["minSize"]);
  const max = num(asg.inputs["maxSize"]);
  const desired = num(asg.inputs["desiredCapacity"]) ?? min ?? 0;
  const count = ctx.scale === "max" ? (max ?? desired) : desired;
  const type = str(lt.inputs["instanceType"]) ?? "(unknown)";
  const scale = `${ctx.scale === "max" ? "at maximum" : "desired"} ${count}${min !== undefined && max !== undefined ? `, scales ${min}–${max}` : ""}`;
  // Scaled to zero while asleep: instances, their volumes (deleted on termination), their
  // per-hour prorated metrics and their public addresses are billed for the awake hours only.
  const a = groupAwake(asg, ctx);
  const f = a?.fraction ?? 1;
  const lines = [
    line(
      ctx,
      asg,
      `${type} instances (${scale})`,
      `ec2:${type}`,
      count * HOURS_PER_MONTH * f,
      awakeNote(a, "awake"),
    ),
  ];
  for (const mapping of list(lt.inputs["blockDeviceMappings"])) {
    const ebs = obj(obj(mapping)["ebs"]);
    const size = num(ebs["volumeSize"]);
    if (size === undefined) continue;
    const volumeType = str(ebs["volumeType"]) ?? "gp2";
    lines.push(
      line(
        ctx,
        asg,
        `${volumeType} root volumes, ${size} GB × ${count}`,
        `ebs:${volumeType}`,
        size * count * f,
        {
          ...(a ? { note: "deleted with their instances while asleep" } : {}),
        },
      ),
    );
  }
  if (obj(lt.inputs["monitoring"])["enabled"] === true) {
    lines.push(
      line(
        ctx,
        asg,
        `detailed monitoring (1-minute metrics) × ${count}`,
        "cloudwatch:ec2-detailed-monitoring",
        count * f,
        a ? { note: "prorated by the hour (AWS CloudWatch pricing)" } : {},
      ),
    );
  }
  const publicIp = list(lt.inputs["networkInterfaces"]).some(
    (ni) => String(obj(ni)["associatePublicIpAddress"]) === "true",
  );
  if (publicIp) {
    lines.push(
      line(
        ctx,
        asg,
        `public IPv4 address per instance × ${count}`,
        "vpc:public-ipv4-hour",
        count * HOURS_PER_MONTH * f,
        a ? { note: "released with the instance while asleep" } : {},
      ),
    );
  }
  return lines;
};

const rdsInstance: Pricer = (db, ctx) => {
  const engine = str(db.inputs["engine"]);
  if (engine !== "postgres")
    throw new MissingPrice(`engine ${engine ?? "(unset)"} has no prices in the table`);
  const cls = str(db.inputs["instanceClass"]) ?? "(unknown)";
  const multiAz = db.inputs["multiAz"] === true;
  const az = multiAz ? "multi-az" : "single-az";
  const azLabel = multiAz ? "Multi-AZ" : "Single-AZ";
  const storage = num(db.inputs["allocatedStorage"]) ?? 0;
  // A stopped instance is not billed for instance hours; storage and backups still are.
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_StopInstance.html
  const a = databaseAwake(db, ctx);
  const lines = [
    line(
      ctx,
      db,
      `PostgreSQL ${cls}, ${azLabel}`,
      `rds-postgres:${cls}:${az}`,
      HOURS_PER_MONTH * (a?.fraction ?? 1),
      awakeNote(a, "running"),
    ),
    line(
      ctx,
      db,
      `${str(db.inputs["storageType"]) ?? "gp2"} storage, ${storage} GB, ${azLabel}`,
      `rds:storage-gp3:${az}`,
      storage,
    ),
  ];
  const backup = usageOf(ctx, "database.extraBackupGb");
  if (backup > 0) {
    lines.push(
      line(ctx, db, "backup storage beyond the free allowance", "rds:backup-storage", backup, {
        usageKey: "database.extraBackupGb",
      }),
    );
  }
  if (list(db.inputs["enabledCloudwatchLogsExports"]).length > 0) {
    const gb = usageOf(ctx, "logs.databaseLogsGb");
    lines.push(
      line(ctx, db, "log export to CloudWatch Logs: ingestion", "cloudwatch:logs-ingest-gb", gb, {
        usageKey: "logs.databaseLogsGb",
      }),
      line(ctx, db, "log export to CloudWatch Logs: storage", "cloudwatch:logs-storage-gb", gb, {
        usageKey: "logs.databaseLogsGb",
        note: "RDS creates these log groups without a retention: storage grows by this much every month",
      }),
    );
  }
  return lines;
};

const cacheGroup: Pricer = (group, ctx) => {
  const engine = str(group.inputs["engine"]) ?? "redis";
  if (engine !== "redis") throw new MissingPrice(`engine ${engine} has no prices in the table`);
  const nodeType = str(group.inputs["nodeType"]) ?? "(unknown)";
  const shards = num(group.inputs["numNodeGroups"]);
  const replicas = num(group.inputs["replicasPerNodeGroup"]);
  const nodes =
    num(group.inputs["numCacheClusters"]) ?? (shards !== undefined ? shards * ((replicas ?? 0) + 1) : 1);
  return [
    line(
      ctx,
      group,
      `Redis ${nodeType} × ${nodes} node${nodes === 1 ? "" : "s"}`,
      `elasticache-redis:${nodeType}`,
      nodes * HOURS_PER_MONTH,
    ),
  ];
};

const loadBalancer: Pricer = (lb, ctx) => {
  const kind = str(lb.inputs["loadBalancerType"]) ?? "application";
  if (kind !== "application") throw new MissingPrice(`${kind} load balancers have no prices in the table`);
  const lines = [
    line(ctx, lb, "Application Load Balancer", "elb:alb-hour", HOURS_PER_MONTH),
    line(
      ctx,
      lb,
      "capacity units (LCU)",
      "elb:alb-lcu-hour",
      usageOf(ctx, "loadBalancer.averageLcu") * HOURS_PER_MONTH,
      {
        usageKey: "loadBalancer.averageLcu",
      },
    ),
  ];
  if (lb.inputs["internal"] !== true) {
    // An internet-facing ALB has a node with a public address in every subnet's AZ, at least.
    const azs = list(lb.inputs["subnets"]).length || list(lb.inputs["subnetMappings"]).length;
    lines.push(
      line(
        ctx,
        lb,
        `public IPv4 addresses, one per AZ × ${azs}`,
        "vpc:public-ipv4-hour",
        azs * HOURS_PER_MONTH,
        {
          note: "at least one per AZ; AWS adds nodes (and addresses) as traffic grows",
        },
      ),
    );
  }
  return lines;
};

const natGateway: Pricer = (nat, ctx) => {
  const count = ctx.plan.resources.filter((r) => r.type === nat.type).length;
  const gb = usageOf(ctx, "nat.dataProcessedGb") / count;
  return [
    line(ctx, nat, "NAT gateway", "vpc:nat-hour", HOURS_PER_MONTH),
    line(ctx, nat, `data processed (1/${count} of the stack's NAT traffic)`, "vpc:nat-gb", gb, {
      usageKey: "nat.dataProcessedGb",
    }),
  ];
};

const elasticIp: Pricer = (eip, ctx) => {
  const nat = ctx.plan.resources.find(
    (r) => r.type === T.ec2NatGateway && eip.id !== null && r.inputs["allocationId"] === eip.id,
  );
  const what = nat ? `public IPv4 address of ${nat.name}` : "public IPv4 address (Elastic IP)";
  return [line(ctx, eip, what, "vpc:public-ipv4-hour", HOURS_PER_MONTH)];
};

const logGroup: Pricer = (group, ctx) => {
  const flowLog = ctx.plan.resources.some(
    (r) =>
      r.type === T.flowLog && (str(r.inputs["logDestination"]) ?? "").endsWith(`:log-group:${group.name}`),
  );
  const usageKey: UsageKey = flowLog ? "logs.flowLogsGb" : "logs.otherGroupGb";
  const gb = usageOf(ctx, usageKey);
  const retentionDays = num(group.inputs["retentionInDays"]);
  // Steady state: a full retention period of logs is stored (never-expiring groups keep growing).
  const months = retentionDays === undefined || retentionDays === 0 ? 1 : (retentionDays * 12) / 365;
  const kept =
    retentionDays === undefined || retentionDays === 0
      ? "no retention: grows every month"
      : `${retentionDays}-day retention`;
  return [
    line(ctx, group, `${flowLog ? "VPC flow logs" : "logs"}: ingestion`, "cloudwatch:logs-ingest-gb", gb, {
      usageKey,
    }),
    line(ctx, group, `storage at steady state (${kept})`, "cloudwatch:logs-storage-gb", gb * months, {
      usageKey,
    }),
  ];
};

const kmsKey: Pricer = (key, ctx) => [
  line(ctx, key, "customer managed key", "kms:key", 1, {
    note: key.inputs["enableKeyRotation"] === true ? "each yearly rotation adds $1/month" : undefined,
  }),
];

const secret: Pricer = (s, ctx) => [line(ctx, s, "secret", "secretsmanager:secret", 1)];

/** Target tracking creates two CloudWatch alarms (scale out, scale in) on the group's behalf. */
const scalingPolicy: Pricer = (policy, ctx) =>
  str(policy.inputs["policyType"]) === "TargetTrackingScaling"
    ? [line(ctx, policy, "2 alarms created by target tracking", "cloudwatch:alarm-metric", 2)]
    : [];

const metricAlarm: Pricer = (alarm, ctx) => {
  const queries = list(alarm.inputs["metricQueries"]).filter(
    (q) => Object.keys(obj(obj(q)["metric"])).length > 0,
  );
  const metrics = Math.max(1, queries.length);
  const period = num(alarm.inputs["period"]) ?? 60;
  const highRes = period < 60;
  return [
    line(
      ctx,
      alarm,
      `${highRes ? "high-resolution " : ""}alarm, ${metrics} metric${metrics === 1 ? "" : "s"}`,
      highRes ? "cloudwatch:alarm-metric-high-res" : "cloudwatch:alarm-metric",
      metrics,
    ),
  ];
};

const webAcl: Pricer = (acl, ctx) => {
  const rules = list(acl.inputs["rules"]).length;
  return [
    line(ctx, acl, "WAF web ACL", "wafv2:web-acl", 1),
    line(ctx, acl, `rules × ${rules}`, "wafv2:rule", rules),
    line(ctx, acl, "requests inspected", "wafv2:requests-1m", usageOf(ctx, "waf.requestsMillions"), {
      usageKey: "waf.requestsMillions",
    }),
  ];
};

const distribution: Pricer = (cdn, ctx) => [
  line(
    ctx,
    cdn,
    "data out to the internet (North America)",
    "cloudfront:data-out-gb",
    usageOf(ctx, "cdn.dataOutGb"),
    {
      usageKey: "cdn.dataOutGb",
    },
  ),
  line(ctx, cdn, "HTTPS requests", "cloudfront:https-10k", usageOf(ctx, "cdn.httpsRequests") / 10_000, {
    usageKey: "cdn.httpsRequests",
  }),
];

/** The first copy of management events is free; data events are billed per 100k. */
const trail: Pricer = (t, ctx) => [
  line(
    ctx,
    t,
    "data events",
    "cloudtrail:data-events-100k",
    usageOf(ctx, "cloudtrail.dataEvents") / 100_000,
    {
      usageKey: "cloudtrail.dataEvents",
      note: "management events: first copy free",
    },
  ),
];

const dashboard: Pricer = (d, ctx) => [line(ctx, d, "CloudWatch dashboard", "cloudwatch:dashboard", 1)];

/** Storage from the usage file, per bucket; requests are not priced (small for log buckets). */
const bucket: Pricer = (b, ctx) => [
  line(ctx, b, "S3 Standard storage", "s3:standard-gb", usageOf(ctx, "s3.storedGb"), {
    usageKey: "s3.storedGb",
    note: "requests not priced",
  }),
];

/** AppConfig bills configuration requests; no checked price is in the table yet. */
const appConfig: Pricer = () => {
  throw new MissingPrice(
    "AppConfig bills per configuration request; no checked price in src/reports/cost/prices.ts",
  );
};

/** Standard parameters are free; advanced ones are billed per parameter-month. */
const ssmParameter: Pricer = (param, ctx) =>
  (str(param.inputs["tier"]) ?? "Standard") === "Standard"
    ? []
    : [line(ctx, param, "advanced parameter", "ssm:advanced-parameter", 1)];

// Recovery (src/environment/recovery/). AWS Backup bills an RDS recovery point at the RDS
// snapshot rate; the free allowance (100 % of provisioned storage) is already used by RDS's own
// automated backups, so none is applied.
const backupVault: Pricer = (vault, ctx) => {
  const lines = [
    line(
      ctx,
      vault,
      "recovery points (RDS snapshots)",
      "rds:backup-storage",
      usageOf(ctx, "backup.vaultStoredGb"),
      {
        usageKey: "backup.vaultStoredGb",
      },
    ),
  ];
  // A vault in another region than the stack's receives copies across regions.
  if (typeof vault.inputs["region"] === "string") {
    lines.push(
      line(
        ctx,
        vault,
        `copies sent to ${vault.inputs["region"]}`,
        "backup:cross-region-transfer",
        usageOf(ctx, "backup.copiedGbPerMonth"),
        { usageKey: "backup.copiedGbPerMonth" },
      ),
    );
  }
  return lines;
};

/** RDS replicated automated backups: storage in the recovery region plus the copy traffic. */
const backupReplication: Pricer = (replication, ctx) => [
  line(
    ctx,
    replication,
    "replicated automated backups: storage",
    "rds:backup-storage",
    usageOf(ctx, "backup.replicatedGb"),
    {
      usageKey: "backup.replicatedGb",
    },
  ),
  line(
    ctx,
    replication,
    "replicated automated backups: transfer",
    "backup:cross-region-transfer",
    usageOf(ctx, "backup.copiedGbPerMonth"),
    { usageKey: "backup.copiedGbPerMonth" },
  ),
];

/** Restore tests a month from the plan's AWS cron: one weekday → weekly, "*" or "?" with a day-of-month "*" → daily. */
export function restoreTestsPerMonth(cron: string): number {
  const fields = /^cron\((.+)\)$/.exec(cron.trim())?.[1]?.split(/\s+/) ?? [];
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if (dayOfWeek !== undefined && dayOfWeek !== "*" && dayOfWeek !== "?")
    return (dayOfWeek.split(",").length * 52) / 12;
  if (dayOfMonth !== undefined && dayOfMonth !== "*" && dayOfMonth !== "?")
    return dayOfMonth.split(",").length;
  return 365 / 12;
}

/**
 * A restore test runs a copy of the database, of the same class, from the restore until its
 * validation window closes; the restore itself is the stack's planned restore time.
 */
const restoreTesting: Pricer = (testPlan, ctx) => {
  const db = ctx.plan.resources.find((r) => r.type === T.rdsInstance);
  const selection = ctx.plan.resources.find((r) => r.type === T.backupRestoreTestingSelection);
  if (!db || !selection) throw new MissingPrice("no database or restore testing selection in the plan");
  const cls = str(db.inputs["instanceClass"]) ?? "(unknown)";
  const az = db.inputs["multiAz"] === true ? "multi-az" : "single-az";
  const tests = restoreTestsPerMonth(str(testPlan.inputs["scheduleExpression"]) ?? "");
  const hours = (num(selection.inputs["validationWindowHours"]) ?? 1) + 1;
  return [
    line(
      ctx,
      testPlan,
      `restored ${cls} for ~${hours} h × ${tests.toFixed(1)} tests`,
      `rds-postgres:${cls}:${az}`,
      hours * tests,
      {
        note: "the restore (about an hour) plus the validation window; AWS Backup's own per-test charge has no stored source and is not included",
      },
    ),
  ];
};

/** Type → pricer. A test lists these, so adding or dropping one is a reviewed change. */
export const PRICED: Readonly<Record<string, Pricer>> = {
  [T.appconfigApplication]: appConfig,
  [T.autoscalingGroup]: autoScalingGroup,
  [T.scalingPolicy]: scalingPolicy,
  [T.backupRestoreTestingPlan]: restoreTesting,
  [T.backupVault]: backupVault,
  [T.distribution]: distribution,
  [T.trail]: trail,
  [T.dashboard]: dashboard,
  [T.logGroup]: logGroup,
  [T.metricAlarm]: metricAlarm,
  [T.eip]: elasticIp,
  [T.ec2NatGateway]: natGateway,
  [T.replicationGroup]: cacheGroup,
  [T.kmsKey]: kmsKey,
  [T.loadBalancer]: loadBalancer,
  [T.rdsInstance]: rdsInstance,
  [T.rdsAutomatedBackupsReplication]: backupReplication,
  [T.bucket]: bucket,
  [T.bucketV2]: bucket,
  [T.secret]: secret,
  [T.ssmParameter]: ssmParameter,
  [T.webAcl]: webAcl,
};

const NO_CHARGE = "no charge";
const NOT_CLOUD = "not a cloud resource";

/** Types that cost nothing by themselves, with why (their cost, if any, is on another line). */
export const FREE: Readonly<Record<string, string>> = {
  [T.stack]: NOT_CLOUD,
  [T.awsProvider]: NOT_CLOUD,
  "infra:index:Environment": "component: its children are priced",
  [T.randomPassword]: NOT_CLOUD,
  [T.randomId]: NOT_CLOUD,
  [T.vpc]: NO_CHARGE,
  [T.subnet]: NO_CHARGE,
  [T.ec2RouteTable]: NO_CHARGE,
  [T.ec2RouteTableAssociation]: NO_CHARGE,
  [T.ec2InternetGateway]: "no charge (traffic is priced as data transfer out)",
  [T.securityGroup]: NO_CHARGE,
  [T.defaultSecurityGroup]: NO_CHARGE,
  [T.ingressRule]: NO_CHARGE,
  [T.vpcSecurityGroupEgressRule]: NO_CHARGE,
  [T.flowLog]: "priced through its destination log group",
  [T.launchTemplate]: "priced through the auto-scaling group that launches it",
  [T.ec2NetworkInterface]:
    "no charge (a NAT instance's static interface has no public address; the instance's own is priced with its group)",
  [T.autoscalingSchedule]: "no charge; the hours it keeps its group at zero are taken off the group's lines",
  [T.schedulerSchedule]:
    "EventBridge Scheduler: the first 14 million invocations a month are free (AWS Price List, AWSEvents ScheduledInvocation, effective 2024-10-01); a sleep schedule makes about 100",
  [T.role]: NO_CHARGE,
  [T.rolePolicy]: NO_CHARGE,
  [T.iamRolePolicyAttachment]: NO_CHARGE,
  [T.iamInstanceProfile]: NO_CHARGE,
  [T.rdsSubnetGroup]: NO_CHARGE,
  [T.rdsParameterGroup]: NO_CHARGE,
  [T.elasticacheSubnetGroup]: NO_CHARGE,
  [T.kmsAlias]: NO_CHARGE,
  [T.secretsmanagerSecretVersion]: "priced with its secret",
  [T.secretRotation]: "no charge (the rotation function is a Lambda)",
  [T.serverlessrepositoryCloudFormationStack]:
    "the rotation Lambda runs once per rotation period: within Lambda's always-free requests",
  [T.certificate]: "public ACM certificates are free",
  [T.acmCertificateValidation]: NO_CHARGE,
  [T.route53Record]:
    "no charge for records; alias queries to an ALB are free (the zone is not in this stack)",
  [T.listener]: "priced with the load balancer",
  [T.lbTargetGroup]: "priced with the load balancer",
  [T.lbListenerRule]: "priced with the load balancer (LCUs count rule evaluations)",
  [T.cloudfrontResponseHeadersPolicy]: NO_CHARGE,
  [T.webAclAssociation]: "priced with the web ACL",
  [T.webAclLogging]: "priced through its destination",
  [T.cloudwatchLogDelivery]: "priced through its destination log group",
  [T.logDeliverySource]: "priced through its destination log group",
  [T.cloudwatchLogDeliveryDestination]: "priced through its destination log group",
  [T.topic]: "no monthly charge; alarm notifications fit SNS's free tier",
  [T.snsTopicPolicy]: NO_CHARGE,
  [T.snsTopicSubscription]: NO_CHARGE,
  [T.appconfigConfigurationProfile]: "priced with the AppConfig application",
  [T.appconfigEnvironment]: "priced with the AppConfig application",
  [T.appconfigDeploymentStrategy]: "priced with the AppConfig application",
  [T.appconfigHostedConfigurationVersion]: "priced with the AppConfig application",
  [T.appconfigDeployment]: "priced with the AppConfig application",
  [T.policy]: NO_CHARGE,
  [T.iamGroup]: NO_CHARGE,
  [T.iamGroupPolicy]: NO_CHARGE,
  [T.iamGroupPolicyAttachment]: NO_CHARGE,
  [T.user]: NO_CHARGE,
  [T.bucketPolicy]: "priced with the bucket",
  [T.backupPlan]: "no charge: its recovery points are priced in the vaults",
  [T.backupSelection]: NO_CHARGE,
  [T.backupVaultLock]: NO_CHARGE,
  [T.backupRestoreTestingSelection]: "priced with the restore testing plan",
  [T.eventRule]: "no charge for AWS service events on the default bus",
  [T.eventTarget]: "no charge (SNS deliveries fit its free tier)",
  [T.publicAccessBlock]: "priced with the bucket",
  [T.s3BucketOwnershipControls]: "priced with the bucket",
  // Server access logs are billed as the target bucket's storage (priced with that bucket).
  [T.s3BucketLogging]: "priced with the target bucket",
  [T.bucketVersioning]: "priced with the bucket",
  [T.bucketVersioningV2]: "priced with the bucket",
  [T.s3BucketLifecycleConfiguration]: "priced with the bucket",
  [T.s3BucketLifecycleConfigurationV2]: "priced with the bucket",
  [T.bucketEncryption]: "priced with the bucket",
  [T.bucketEncryptionV2]: "priced with the bucket",
};

// ---------------------------------------------------------------------------------------------

/** Stack-wide usage with no single resource to hang on: internet egress and API calls. */
function usageLines(ctx: Context): CostLine[] {
  const has = (type: string) => ctx.plan.resources.some((r) => r.type === type);
  const lines: CostLine[] = [];
  // Internet egress: through a load balancer, a NAT gateway or a NAT instance (its group's
  // instances have public addresses).
  if (has(T.loadBalancer) || has(T.ec2NatGateway) || has(T.ec2NetworkInterface)) {
    lines.push(
      line(
        ctx,
        "(usage)",
        "data transfer out to the internet",
        "ec2:data-transfer-out-internet",
        usageOf(ctx, "dataTransfer.internetOutGb"),
        {
          usageKey: "dataTransfer.internetOutGb",
          note: "the first 100 GB per account and month are free (not applied)",
        },
      ),
    );
  }
  if (has(T.secret)) {
    lines.push(
      line(
        ctx,
        "(usage)",
        "Secrets Manager API calls",
        "secretsmanager:api-10k",
        usageOf(ctx, "secretsManager.apiCalls") / 10_000,
        {
          usageKey: "secretsManager.apiCalls",
        },
      ),
    );
  }
  if (has(T.kmsKey)) {
    lines.push(
      line(ctx, "(usage)", "KMS requests", "kms:requests-10k", usageOf(ctx, "kms.requests") / 10_000, {
        usageKey: "kms.requests",
        note: "20,000 requests per account and month are free (not applied)",
      }),
    );
  }
  return lines;
}

export function estimateCost(
  plan: Plan,
  usage: Usage,
  prices: Readonly<Record<string, Price>> = PRICES,
  scale: Scale = "desired",
  hours: Hours = "asScheduled",
): CostEstimate {
  const ctx: Context = {
    scale,
    hours,
    plan,
    usage,
    prices,
  };
  const lines: CostLine[] = [];
  const notPriced: NotPriced[] = [];
  const free = new Map<string, number>();
  // Prices differ by Region: a stack elsewhere gets no line priced at us-east-1's rates.
  const region = typeof plan.outputs["region"] === "string" ? plan.outputs["region"] : PRICE_REGION;
  const regionPriced = region === PRICE_REGION;
  for (const resource of plan.resources) {
    const pricer = PRICED[resource.type];
    if (pricer && !regionPriced) {
      notPriced.push({ resource: resource.name, type: resource.type, reason: unpricedRegion(region) });
    } else if (pricer) {
      try {
        const priced = pricer(resource, ctx);
        lines.push(...priced);
        // Free in this configuration (a standard parameter, a step-scaling policy): say so.
        if (priced.length === 0) free.set(resource.type, (free.get(resource.type) ?? 0) + 1);
      } catch (error) {
        if (!(error instanceof MissingPrice)) throw error;
        notPriced.push({ resource: resource.name, type: resource.type, reason: error.message });
      }
    } else if (FREE[resource.type] !== undefined) {
      free.set(resource.type, (free.get(resource.type) ?? 0) + 1);
    } else {
      notPriced.push({
        resource: resource.name,
        type: resource.type,
        reason: "no pricer for this type in src/reports/cost/estimate.ts",
      });
    }
  }
  try {
    if (regionPriced) lines.push(...usageLines(ctx));
  } catch (error) {
    if (!(error instanceof MissingPrice)) throw error;
    notPriced.push({ resource: "(usage)", type: "usage", reason: error.message });
  }
  const rounded = lines.map((l) => ({ ...l, monthlyUsd: round2(l.monthlyUsd) }));
  return {
    stack: plan.stack,
    tier: plan.tier,
    lines: rounded,
    notPriced,
    free: [...free.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([type, count]) => ({ type, count, reason: FREE[type] ?? "no charge in this configuration" })),
    totalUsd: round2(rounded.reduce((sum, l) => sum + l.monthlyUsd, 0)),
    priceKeys: [...new Set(rounded.map((l) => l.priceKey))].sort(),
    region,
  };
}

function unpricedRegion(region: string): string {
  return `the stack is in ${region}; src/reports/cost/prices.ts has ${PRICE_REGION} prices only (shared/reference/aws-prices-us-east-1.md), and another Region's prices differ`;
}

/**
 * Types that may stay unpriced without breaking the budget check: no hourly or monthly charge,
 * only a per-request one the usage file does not model yet, with why. Anything billable that is
 * not priced and not listed here makes the budget uncheckable, which is an error: an unpriced
 * server, database or cache is never counted as $0.
 */
export const UNPRICED_ALLOWED: Readonly<Record<string, string>> = {
  [T.appconfigApplication]:
    "per-request charges only (configuration requests and received configurations), no fixed charge; no checked price in shared/reference/",
};

/** Every reason an estimate cannot be trusted against its budget, or is over it; empty when within. */
export function budgetProblems(estimate: CostEstimate, budgetUsd: number): string[] {
  const problems: string[] = [];
  if (estimate.region !== PRICE_REGION) {
    problems.push(
      `${estimate.stack}: ${unpricedRegion(estimate.region)}; the budget (infra:cost.monthlyBudgetUsd) cannot be checked: add ${estimate.region} prices with their sources, or deploy in ${PRICE_REGION}`,
    );
  } else {
    for (const n of estimate.notPriced.filter((n) => UNPRICED_ALLOWED[n.type] === undefined)) {
      problems.push(
        `${estimate.stack}: ${n.resource} (${n.type}) is billable but not priced (${n.reason}); an unpriced resource would count as $0 against infra:cost.monthlyBudgetUsd, so it is an error: add its price with a source from shared/reference/, or choose a priced size`,
      );
    }
  }
  if (estimate.totalUsd > budgetUsd) {
    const over = round2(estimate.totalUsd - budgetUsd);
    problems.push(
      `${estimate.stack}: estimated $${estimate.totalUsd.toFixed(2)}/month exceeds infra:cost.monthlyBudgetUsd $${budgetUsd.toFixed(2)} by $${over.toFixed(2)}`,
    );
  }
  return problems;
}

/** Why an estimate breaks its budget (every reason, one per line), or undefined when it is within it. */
export function budgetProblem(estimate: CostEstimate, budgetUsd: number): string | undefined {
  const problems = budgetProblems(estimate, budgetUsd);
  return problems.length === 0 ? undefined : problems.join("\n");
}
