/**
 * Resources of observability: log groups, the alarm topic and its subscriptions, alarms per tier,
 * and the dashboard, from the pure plans beside them (alarms.ts, log-groups.ts, dashboard.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  type AlarmSpec,
  alarmDescription,
  alarmName,
  cacheNodeSuffix,
  type DimensionRef,
  type MetricRef,
} from "./alarms";
import { alarmTopicPolicy } from "./audit-trail-plan";
import { dashboardBody } from "./dashboard";
import { dashboardName } from "../../model/names";
import { type LogSource, planLogGroups } from "./log-groups";
import { partitionOf, writeLogGroupPolicy } from "../../model/iam";
import type { Scope } from "../scope";
import { mapInput } from "../inputs";

export type LogGroups = Readonly<Record<LogSource, aws.cloudwatch.LogGroup>>;

/**
 * One log group per source, named for the environment, encrypted with its key, kept for the
 * tier's retention. Built before the network (flow logs) and the database (RDS would otherwise
 * create its own group, unencrypted and kept forever).
 */
export function buildLogGroups(scope: Scope, key: aws.kms.Key): LogGroups {
  const groups: Partial<Record<LogSource, aws.cloudwatch.LogGroup>> = {};
  for (const plan of planLogGroups(scope.settings)) {
    groups[plan.source] = new aws.cloudwatch.LogGroup(
      scope.name(plan.suffix),
      {
        name: plan.name,
        retentionInDays: plan.retentionDays,
        kmsKeyId: key.arn,
        tags: scope.tags(plan.suffix),
      },
      scope.opts(),
    );
  }
  return groups as LogGroups;
}

/** The app's instance role may write to the app log group and to nothing else in CloudWatch Logs. */
export function grantAppLogs(scope: Scope, role: aws.iam.Role, logGroup: aws.cloudwatch.LogGroup): void {
  new aws.iam.RolePolicy(
    scope.name("app-logs"),
    { role: role.id, policy: logGroup.arn.apply((arn) => JSON.stringify(writeLogGroupPolicy(arn))) },
    scope.opts(),
  );
}

export interface Alerting {
  readonly topic: aws.sns.Topic;
}

/**
 * The environment's alarm topic, encrypted with its key, and the subscriptions from the stack
 * file: email addresses, and a pager's HTTPS endpoint (a secret, so it never reaches a plan).
 */
export function buildAlerting(scope: Scope, key: aws.kms.Key, accountId: pulumi.Input<string>): Alerting {
  const { settings } = scope;
  const topic = new aws.sns.Topic(
    scope.name("alarms"),
    {
      displayName: `${settings.stack} alarms`,
      kmsMasterKeyId: key.arn,
      tags: scope.tags("alarms"),
    },
    scope.opts(),
  );
  new aws.sns.TopicPolicy(
    scope.name("alarms-policy"),
    {
      arn: topic.arn,
      policy: pulumi.all([topic.arn, accountId]).apply(([topicArn, account]) =>
        JSON.stringify(
          alarmTopicPolicy({
            topicArn,
            stack: settings.stack,
            region: settings.region,
            accountId: account,
            // AWS Backup's failure rules (src/environment/recovery/recovery.ts) notify through this topic.
            eventRuleArnPattern: settings.recovery.backupPlan
              ? `arn:${partitionOf(settings.region)}:events:${settings.region}:${account}:rule/${settings.stack}-*`
              : undefined,
          }),
        ),
      ),
    },
    scope.opts(),
  );
  settings.monitoring.alarmEmails.forEach((email, i) => {
    new aws.sns.TopicSubscription(
      scope.name(`alarms-email-${i + 1}`),
      { topic: topic.arn, protocol: "email", endpoint: email },
      scope.opts(),
    );
  });
  if (settings.alarmPagerUrl !== undefined) {
    new aws.sns.TopicSubscription(
      scope.name("alarms-pager"),
      {
        topic: topic.arn,
        protocol: "https",
        endpoint: pulumi.secret(settings.alarmPagerUrl),
        // The pager confirms the subscription itself; SNS retries on its delivery policy.
        endpointAutoConfirms: true,
      },
      scope.opts(),
    );
  }
  return { topic };
}

/** What each dimension reference points at in this environment. */
export interface AlarmTargets {
  readonly loadBalancer?: pulumi.Input<string>;
  readonly targetGroup?: pulumi.Input<string>;
  readonly autoScalingGroup?: pulumi.Input<string>;
  /** The NAT instance's group, where natGateways is "instance". */
  readonly natGroup?: pulumi.Input<string>;
  readonly database: pulumi.Input<string>;
  /** The replication group's id; member nodes are `<id>-001`, `<id>-002`, … */
  readonly cacheGroupId: pulumi.Input<string>;
}

/** A cache node's id, `<group id>-<node>`, made once per node however many alarms watch it. */
type CacheNodeIds = (node: number) => pulumi.Input<string>;

function cacheNodeIds(targets: AlarmTargets): CacheNodeIds {
  const made = new Map<number, pulumi.Input<string>>();
  return (node) => {
    let id = made.get(node);
    if (id === undefined) {
      const suffix = cacheNodeSuffix(node);
      id = mapInput(targets.cacheGroupId, (group) => `${group}-${suffix}`);
      made.set(node, id);
    }
    return id;
  };
}

function dimensionValue(
  ref: DimensionRef,
  targets: AlarmTargets,
  alarm: string,
  cacheNodeId: CacheNodeIds,
): pulumi.Input<string> {
  const value = ref.kind === "cacheNode" ? cacheNodeId(ref.node) : targets[ref.kind];
  if (value === undefined) throw new Error(`alarm ${alarm}: no ${ref.kind} in this environment`);
  return value;
}

function dimensions(ref: MetricRef, targets: AlarmTargets, alarm: string, cacheNodeId: CacheNodeIds) {
  return Object.fromEntries(
    Object.entries(ref.dimensions).map(([name, d]) => [name, dimensionValue(d, targets, alarm, cacheNodeId)]),
  );
}

/**
 * One CloudWatch alarm per spec, every one notifying the environment's topic when it fires and
 * when it recovers. Thresholds come from the spec, which took them from settings.
 */
export function buildAlarms(
  scope: Scope,
  specs: readonly AlarmSpec[],
  targets: AlarmTargets,
  topic: aws.sns.Topic,
): Map<string, aws.cloudwatch.MetricAlarm> {
  const alarms = new Map<string, aws.cloudwatch.MetricAlarm>();
  const cacheNodeId = cacheNodeIds(targets);
  for (const spec of specs) {
    const name = alarmName(scope.settings.stack, spec.id);
    const metric =
      spec.metric.kind === "single"
        ? {
            namespace: spec.metric.ref.namespace,
            metricName: spec.metric.ref.metricName,
            dimensions: dimensions(spec.metric.ref, targets, name, cacheNodeId),
            period: spec.periodSeconds,
            ...(/^p\d/.test(spec.metric.ref.stat)
              ? { extendedStatistic: spec.metric.ref.stat }
              : { statistic: spec.metric.ref.stat }),
          }
        : {
            metricQueries: [
              {
                id: "value",
                expression: spec.metric.expression,
                label: spec.metric.label,
                returnData: true,
              },
              // An anomaly detection alarm watches `value` against the band's edge: both return
              // data, and the alarm names the band as its threshold (ThresholdMetricId),
              // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Anomaly_Detection_Alarm.html
              ...(spec.metric.anomalyBandStdDevs !== undefined
                ? [
                    {
                      id: "band",
                      expression: `ANOMALY_DETECTION_BAND(value, ${spec.metric.anomalyBandStdDevs})`,
                      label: "normal level",
                      returnData: true,
                    },
                  ]
                : []),
              ...Object.entries(spec.metric.inputs).map(([id, ref]) => ({
                id,
                returnData: false,
                metric: {
                  namespace: ref.namespace,
                  metricName: ref.metricName,
                  dimensions: dimensions(ref, targets, name, cacheNodeId),
                  period: spec.periodSeconds,
                  stat: ref.stat,
                },
              })),
            ],
          };
    alarms.set(
      spec.id,
      new aws.cloudwatch.MetricAlarm(
        scope.name(spec.id),
        {
          name,
          alarmDescription: alarmDescription(spec),
          comparisonOperator: spec.comparison,
          // An anomaly alarm has no fixed threshold: AWS refuses one next to ThresholdMetricId.
          ...(spec.metric.kind === "expression" && spec.metric.anomalyBandStdDevs !== undefined
            ? { thresholdMetricId: "band" }
            : { threshold: spec.threshold }),
          evaluationPeriods: spec.evaluationPeriods,
          datapointsToAlarm: spec.datapointsToAlarm,
          treatMissingData: spec.treatMissingData,
          actionsEnabled: true,
          alarmActions: [topic.arn],
          okActions: [topic.arn],
          ...metric,
          tags: scope.tags(spec.id),
        },
        scope.opts(),
      ),
    );
  }
  return alarms;
}

export interface DashboardTargets {
  readonly loadBalancer: pulumi.Input<string> | undefined;
  readonly targetGroup: pulumi.Input<string> | undefined;
  readonly autoScalingGroup: pulumi.Input<string>;
  readonly database: string;
  readonly cacheGroupId: pulumi.Input<string>;
  readonly alarms: readonly aws.cloudwatch.MetricAlarm[];
}

export function buildDashboard(scope: Scope, targets: DashboardTargets): aws.cloudwatch.Dashboard {
  const { settings } = scope;
  const name = dashboardName(settings.project, settings.stack);
  const body = pulumi
    .all([
      targets.loadBalancer,
      targets.targetGroup,
      targets.autoScalingGroup,
      targets.cacheGroupId,
      pulumi.all(targets.alarms.map((a) => a.arn)),
    ])
    .apply(([loadBalancer, targetGroup, autoScalingGroup, cacheGroupId, alarmArns]) =>
      JSON.stringify(
        dashboardBody({
          region: settings.region,
          stack: settings.stack,
          loadBalancer,
          targetGroup,
          autoScalingGroup,
          databaseIdentifier: targets.database,
          cacheGroupId,
          cacheNodes: settings.cache.nodeCount,
          alarmArns,
        }),
      ),
    );
  return new aws.cloudwatch.Dashboard(
    scope.name("dashboard"),
    { dashboardName: name, dashboardBody: body },
    scope.opts(),
  );
}
