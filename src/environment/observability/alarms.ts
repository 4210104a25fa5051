/**
 * The environment's alarms as plain data: which exist at which monitoring level, what they
 * measure, their thresholds (from settings, never constants here), what they mean and what
 * on-call does about them. The resource code (src/environment/observability/observability.ts), the dashboard,
 * the instance-refresh rollback and docs/operations.md all read this one list.
 */
import type { AlarmLevel, EnvironmentSettings } from "../../model/settings";

/** What a metric's dimension points at; the resource code turns each into a real value. */
export type DimensionRef =
  | { readonly kind: "loadBalancer" }
  | { readonly kind: "targetGroup" }
  | { readonly kind: "autoScalingGroup" }
  /** The NAT instance's auto-scaling group of one (natGateways "instance"). */
  | { readonly kind: "natGroup" }
  | { readonly kind: "database" }
  /** One ElastiCache node: member cluster `<replication group id>-00<n>`. */
  | { readonly kind: "cacheNode"; readonly node: number };

export interface MetricRef {
  readonly namespace: string;
  readonly metricName: string;
  readonly stat: string;
  readonly dimensions: Readonly<Record<string, DimensionRef>>;
}

export type AlarmSource = "loadBalancer" | "autoScalingGroup" | "natInstance" | "database" | "cache";

/** GreaterThanUpperThreshold: above the upper edge of an anomaly detection band (no fixed threshold). */
export type Comparison = "GreaterThanThreshold" | "LessThanThreshold" | "GreaterThanUpperThreshold";

export interface AlarmSpec {
  /** Stable id; the alarm's name is `<stack>-<id>`. */
  readonly id: string;
  readonly title: string;
  readonly source: AlarmSource;
  /** essential alarms exist at every level; the rest only where the level is "all". */
  readonly essential: boolean;
  /** A rollout (instance refresh, AppConfig deployment) rolls back when this alarm fires. */
  readonly rollback: boolean;
  readonly comparison: Comparison;
  readonly threshold: number;
  /** The threshold as a person reads it: "1 % of requests", "20 GB". */
  readonly thresholdText: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** breaching: no data is itself a failure; notBreaching: no data means nothing happened. */
  readonly treatMissingData: "breaching" | "notBreaching" | "missing";
  /** One metric, or a metric-math expression over named metrics (the expression is the alarm's value). */
  readonly metric:
    | { readonly kind: "single"; readonly ref: MetricRef }
    | {
        readonly kind: "expression";
        readonly expression: string;
        readonly label: string;
        readonly inputs: Readonly<Record<string, MetricRef>>;
        /**
         * Compare the expression with its own normal level: CloudWatch learns it (anomaly
         * detection on a metric-math expression, with its hourly and weekly seasons) and the
         * alarm fires above the band's upper edge, this many standard deviations wide.
         */
        readonly anomalyBandStdDevs?: number;
      };
  /** What firing means, for docs/operations.md and the alarm's description. */
  readonly meaning: string;
  /** What on-call does first. */
  readonly response: string;
}

const GB = 1024 ** 3;

/** Below this many requests a minute the 5xx rate is not judged: one error at night is not an outage. */
export const MIN_REQUESTS_FOR_RATE = 20;

export function alarmName(stack: string, id: string): string {
  return `${stack}-${id}`;
}

export function levelIncludes(level: AlarmLevel, spec: Pick<AlarmSpec, "essential">): boolean {
  return level === "all" || spec.essential;
}

const alb = (metricName: string, stat: string, withTargetGroup: boolean): MetricRef => ({
  namespace: "AWS/ApplicationELB",
  metricName,
  stat,
  dimensions: withTargetGroup
    ? { LoadBalancer: { kind: "loadBalancer" }, TargetGroup: { kind: "targetGroup" } }
    : { LoadBalancer: { kind: "loadBalancer" } },
});
const asg = (metricName: string, group: "autoScalingGroup" | "natGroup" = "autoScalingGroup"): MetricRef => ({
  namespace: "AWS/AutoScaling",
  metricName,
  stat: "Average",
  dimensions: { AutoScalingGroupName: { kind: group } },
});
const rds = (metricName: string, stat: string): MetricRef => ({
  namespace: "AWS/RDS",
  metricName,
  stat,
  dimensions: { DBInstanceIdentifier: { kind: "database" } },
});
const redis = (metricName: string, stat: string, node: number): MetricRef => ({
  namespace: "AWS/ElastiCache",
  metricName,
  stat,
  dimensions: { CacheClusterId: { kind: "cacheNode", node } },
});

/** The share of requests answered 5xx, by the app or the load balancer, once there are enough to judge. */
const alb5xxRate = {
  kind: "expression",
  expression: `IF(requests >= ${MIN_REQUESTS_FOR_RATE}, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)`,
  label: "5xx responses, % of requests",
  inputs: {
    requests: alb("RequestCount", "Sum", false),
    target5xx: alb("HTTPCode_Target_5XX_Count", "Sum", false),
    elb5xx: alb("HTTPCode_ELB_5XX_Count", "Sum", false),
  },
} as const;

/** ElastiCache numbers a replication group's members 001, 002, … */
export const cacheNodeSuffix = (node: number): string => String(node).padStart(3, "0");

/** Every alarm the environment would have at level "all", in a stable order. */
export function allAlarms(settings: EnvironmentSettings): AlarmSpec[] {
  const m = settings.monitoring;
  const specs: AlarmSpec[] = [];
  const base = { periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 3, rollback: false };

  if (settings.loadBalancer.enabled) {
    specs.push(
      {
        ...base,
        id: "alb-5xx-rate",
        title: "Load balancer 5xx rate",
        source: "loadBalancer",
        essential: true,
        rollback: true,
        comparison: "GreaterThanThreshold",
        threshold: m.alb5xxRatePercent,
        thresholdText: `${m.alb5xxRatePercent} % of requests answered 5xx, 3 minutes running (judged from ${MIN_REQUESTS_FOR_RATE} requests a minute)`,
        treatMissingData: "notBreaching",
        metric: alb5xxRate,
        meaning:
          "Users are getting server errors: from the app (target 5xx) or from the load balancer itself (no healthy target, timeouts).",
        response:
          "If a rollout is running, the instance refresh rolls back on its own; confirm it did. Otherwise check the app log group for errors, the unhealthy-hosts alarm and the database and cache alarms; roll back the last release if it started after it.",
      },
      {
        ...base,
        id: "alb-5xx-above-normal",
        title: "Load balancer 5xx rate above its normal level",
        source: "loadBalancer",
        essential: true,
        rollback: true,
        comparison: "GreaterThanUpperThreshold",
        threshold: 0,
        thresholdText: `5xx rate above the upper edge of its learned normal band (${m.errorRateBandStdDevs} standard deviations), 3 minutes running`,
        treatMissingData: "notBreaching",
        // The same rate as alb-5xx-rate, judged against its own history rather than a constant.
        metric: { ...alb5xxRate, anomalyBandStdDevs: m.errorRateBandStdDevs },
        meaning:
          "The error rate is well above what this environment normally shows at this hour and weekday: a release or a change made it worse, even if it is below the fixed 5xx threshold.",
        response:
          "A rollout in progress rolls back on its own. Otherwise compare with the last release's start time in the app log group; roll back (docs/operations.md, manual rollback) if it started after it.",
      },
      {
        ...base,
        id: "alb-p99-latency",
        title: "Target response time p99",
        source: "loadBalancer",
        essential: false,
        rollback: true,
        comparison: "GreaterThanThreshold",
        threshold: m.albP99Seconds,
        thresholdText: `p99 above ${m.albP99Seconds} s, 3 minutes running`,
        treatMissingData: "notBreaching",
        metric: { kind: "single", ref: alb("TargetResponseTime", "p99", false) },
        meaning: "The slowest 1 % of requests take longer than the threshold: users feel the app as slow.",
        response:
          "Look at the dashboard's capacity, database and cache rows: CPU, connections, memory. Scale out (raise the group's desired capacity) if the app servers are saturated; look for slow queries in the database log group.",
      },
      {
        ...base,
        id: "alb-unhealthy-hosts",
        title: "Unhealthy targets",
        source: "loadBalancer",
        essential: false,
        rollback: true,
        comparison: "GreaterThanThreshold",
        threshold: 0,
        thresholdText: "any unhealthy target, 3 minutes running",
        treatMissingData: "notBreaching",
        metric: { kind: "single", ref: alb("UnHealthyHostCount", "Maximum", true) },
        meaning:
          "At least one app server fails the load balancer's health check; the auto-scaling group will replace it.",
        response:
          "Check the instance's logs in the app log group (or with Session Manager); if every new instance fails, the release is broken: roll back.",
      },
    );
  }

  specs.push({
    ...base,
    id: "asg-in-service",
    title: "App servers in service below desired",
    source: "autoScalingGroup",
    essential: true,
    periodSeconds: 300,
    comparison: "GreaterThanThreshold",
    threshold: 0,
    thresholdText: "fewer in service than desired for 15 minutes",
    treatMissingData: "breaching",
    metric: {
      kind: "expression",
      expression: "desired - inService",
      label: "instances missing",
      inputs: {
        desired: asg("GroupDesiredCapacity"),
        inService: asg("GroupInServiceInstances"),
      },
    },
    meaning:
      "The auto-scaling group cannot keep the number of app servers it wants: launches fail (capacity, quota, AMI, subnet) or instances keep failing health checks.",
    response:
      "Read the group's activity history (`aws autoscaling describe-scaling-activities`); fix the launch error or roll back the launch template.",
  });

  // The NAT instance's group must keep its one instance (zero while the stack sleeps: desired is
  // then zero too, so the expression is 0 and the alarm stays OK through the night).
  if (settings.network.natGateways === "instance") {
    specs.push({
      ...base,
      id: "nat-in-service",
      title: "NAT instance not in service",
      source: "natInstance",
      essential: true,
      periodSeconds: 300,
      comparison: "GreaterThanThreshold",
      threshold: 0,
      thresholdText: "the NAT instance's group short of its instance for 15 minutes",
      treatMissingData: "breaching",
      metric: {
        kind: "expression",
        expression: "desired - inService",
        label: "NAT instances missing",
        inputs: {
          desired: asg("GroupDesiredCapacity", "natGroup"),
          inService: asg("GroupInServiceInstances", "natGroup"),
        },
      },
      meaning:
        "The app servers have no way out to the internet (package mirrors, AWS APIs, third parties): the NAT instance is gone and its auto-scaling group cannot launch a new one, or the new one keeps failing its status checks.",
      response:
        "Read the NAT group's activity history (`aws autoscaling describe-scaling-activities`) and the instance's console output; a stuck interface attachment clears when the old instance is terminated. Setting infra:network.natGateways to \"single\" replaces it with a managed NAT gateway.",
    });
  }

  // A sleeping stack stops its database every evening: no data then is a stopped database, not a
  // breach, and must not flip the alarm to INSUFFICIENT_DATA and back (an OK notification every
  // morning). Awake stacks keep "missing", so a database that stops reporting shows on the dashboard.
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
  const dbMissing = settings.sleep.enabled ? "notBreaching" : "missing";
  const db = { ...base, periodSeconds: 300, source: "database" as const };
  specs.push(
    {
      ...db,
      id: "db-cpu",
      title: "PostgreSQL CPU",
      essential: true,
      comparison: "GreaterThanThreshold",
      threshold: m.dbCpuPercent,
      thresholdText: `above ${m.dbCpuPercent} % for 15 minutes`,
      treatMissingData: dbMissing,
      metric: { kind: "single", ref: rds("CPUUtilization", "Average") },
      meaning: "The database is close to saturation; queries slow down for everyone.",
      response:
        "Find the expensive queries (Performance Insights where enabled, slow-query lines in the database log group); a larger instance class is a config change with a Multi-AZ failover.",
    },
    {
      ...db,
      id: "db-free-storage",
      title: "PostgreSQL free storage",
      essential: true,
      comparison: "LessThanThreshold",
      threshold: m.dbFreeStorageGb * GB,
      thresholdText: `below ${m.dbFreeStorageGb} GB for 15 minutes`,
      treatMissingData: dbMissing,
      metric: { kind: "single", ref: rds("FreeStorageSpace", "Minimum") },
      meaning:
        "The database disk is filling up. Storage autoscaling grows it up to infra:database.maxAllocatedStorageGb; past that, writes stop.",
      response:
        "Check whether storage autoscaling has reached its maximum; raise infra:database.maxAllocatedStorageGb, or find what is growing (tables, WAL from a stuck replication slot).",
    },
    {
      ...db,
      id: "db-connections",
      title: "PostgreSQL connections",
      essential: false,
      comparison: "GreaterThanThreshold",
      threshold: m.dbConnections,
      thresholdText: `more than ${m.dbConnections} connections for 15 minutes`,
      treatMissingData: dbMissing,
      metric: { kind: "single", ref: rds("DatabaseConnections", "Maximum") },
      meaning: "Connections approach the instance's max_connections; new connections will be refused.",
      response:
        "Compare with app servers in service × DB_POOL_MAX; look for leaked connections; lower the pool or scale the instance class.",
    },
  );

  const cache = { ...base, periodSeconds: 300, source: "cache" as const, essential: false };
  for (let node = 1; node <= settings.cache.nodeCount; node++) {
    const n = cacheNodeSuffix(node);
    specs.push(
      {
        ...cache,
        id: `cache-cpu-${n}`,
        title: `Redis engine CPU (node ${n})`,
        comparison: "GreaterThanThreshold",
        threshold: m.cacheCpuPercent,
        thresholdText: `above ${m.cacheCpuPercent} % for 15 minutes`,
        treatMissingData: "missing",
        metric: { kind: "single", ref: redis("EngineCPUUtilization", "Average", node) },
        meaning: "Redis runs commands on one thread; near 100 % every command waits.",
        response:
          "Look for expensive commands (KEYS, large sorted-set ranges) in the Redis slow log; a larger node type is a config change.",
      },
      {
        ...cache,
        id: `cache-memory-${n}`,
        title: `Redis memory (node ${n})`,
        comparison: "GreaterThanThreshold",
        threshold: m.cacheMemoryPercent,
        thresholdText: `above ${m.cacheMemoryPercent} % of max memory for 15 minutes`,
        treatMissingData: "missing",
        metric: { kind: "single", ref: redis("DatabaseMemoryUsagePercentage", "Average", node) },
        meaning: "The cache is nearly full; Redis will start evicting keys.",
        response: "Check key growth and TTLs; scale the node type if the working set really grew.",
      },
      {
        ...cache,
        id: `cache-evictions-${n}`,
        title: `Redis evictions (node ${n})`,
        comparison: "GreaterThanThreshold",
        threshold: m.cacheEvictions,
        thresholdText: `more than ${m.cacheEvictions} keys evicted in 5 minutes, 3 periods running`,
        treatMissingData: "notBreaching",
        metric: { kind: "single", ref: redis("Evictions", "Sum", node) },
        meaning: "Keys are being thrown out for lack of memory: more cache misses, more database load.",
        response: "As for Redis memory; watch the database CPU alarm, which rises with the misses.",
      },
    );
    // Only a group with replicas replicates. Every member gets the alarm: after a failover the
    // replica is another node, and the primary reports no lag (missing data is not a breach).
    if (settings.cache.nodeCount > 1) {
      specs.push({
        ...cache,
        id: `cache-replication-lag-${n}`,
        title: `Redis replication lag (node ${n})`,
        comparison: "GreaterThanThreshold",
        threshold: m.cacheReplicationLagSeconds,
        thresholdText: `above ${m.cacheReplicationLagSeconds} s for 15 minutes`,
        treatMissingData: "notBreaching",
        metric: { kind: "single", ref: redis("ReplicationLag", "Maximum", node) },
        meaning: "The replica is behind the primary; a failover now would lose the writes in between.",
        response:
          "Check network and primary CPU; a replica that stays behind can be replaced (ElastiCache console: reboot or replace the node).",
      });
    }
  }
  return specs;
}

/** The alarms a stack has: those its monitoring level includes. */
export function planAlarms(settings: EnvironmentSettings): AlarmSpec[] {
  return allAlarms(settings).filter((spec) => levelIncludes(settings.monitoring.alarms, spec));
}

/** AppConfig and instance refresh accept at most this many rollback alarms. */
export const MAX_ROLLBACK_ALARMS = 5;

/** The alarms a rollout watches: errors, latency and health of the app behind the load balancer. */
export function rollbackAlarms(specs: readonly AlarmSpec[]): AlarmSpec[] {
  return specs.filter((s) => s.rollback).slice(0, MAX_ROLLBACK_ALARMS);
}

/** The alarm description shown in the console and in every notification. */
export function alarmDescription(spec: AlarmSpec): string {
  return `${spec.title}: ${spec.thresholdText}. ${spec.meaning} First response: see docs/operations.md#${spec.id.replace(/-\d{3}$/, "")}.`;
}
