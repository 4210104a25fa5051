/**
 * The environment's CloudWatch dashboard body, built from plain values: one row per question an
 * operator asks — traffic, errors, latency, capacity, database, cache — and the alarms' states.
 * Rows for parts the environment does not have (no load balancer on dev) are left out.
 */
import { cacheNodeSuffix } from "./alarms";

export interface DashboardInput {
  readonly region: string;
  readonly stack: string;
  /** ALB and target group `arnSuffix` values; undefined when the stack has no load balancer. */
  readonly loadBalancer: string | undefined;
  readonly targetGroup: string | undefined;
  readonly autoScalingGroup: string;
  readonly databaseIdentifier: string;
  readonly cacheGroupId: string;
  readonly cacheNodes: number;
  /** ARNs of the environment's alarms, in the order of their specs. */
  readonly alarmArns: readonly string[];
}

type Metric = (string | Record<string, unknown>)[];

interface Widget {
  readonly type: "metric" | "alarm" | "text";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

export const DASHBOARD_ROWS = ["traffic", "errors", "latency", "capacity", "database", "cache"] as const;

const WIDTH = 24;
const HEIGHT = 6;

export function dashboardBody(input: DashboardInput): { widgets: Widget[] } {
  const rows: { title: string; panels: { title: string; metrics: Metric[]; stat?: string }[] }[] = [];
  const lb = input.loadBalancer;
  if (lb) {
    rows.push(
      {
        title: "Traffic",
        panels: [
          {
            title: "Requests",
            metrics: [["AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb]],
            stat: "Sum",
          },
          {
            title: "Healthy / unhealthy targets",
            metrics: [
              [
                "AWS/ApplicationELB",
                "HealthyHostCount",
                "TargetGroup",
                input.targetGroup!,
                "LoadBalancer",
                lb,
              ],
              [
                "AWS/ApplicationELB",
                "UnHealthyHostCount",
                "TargetGroup",
                input.targetGroup!,
                "LoadBalancer",
                lb,
              ],
            ],
            stat: "Maximum",
          },
        ],
      },
      {
        title: "Errors",
        panels: [
          {
            title: "5xx responses",
            metrics: [
              ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", lb],
              ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", lb],
            ],
            stat: "Sum",
          },
          {
            title: "4xx responses",
            metrics: [["AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", "LoadBalancer", lb]],
            stat: "Sum",
          },
        ],
      },
      {
        title: "Latency",
        panels: [
          {
            title: "Target response time p50 / p99",
            metrics: [
              ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", lb, { stat: "p50" }],
              ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", lb, { stat: "p99" }],
            ],
          },
        ],
      },
    );
  }
  const asg = input.autoScalingGroup;
  rows.push({
    title: "Capacity",
    panels: [
      {
        title: "App servers: desired / in service",
        metrics: [
          ["AWS/AutoScaling", "GroupDesiredCapacity", "AutoScalingGroupName", asg],
          ["AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", asg],
        ],
        stat: "Average",
      },
      {
        title: "App server CPU",
        metrics: [["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", asg]],
        stat: "Average",
      },
    ],
  });
  const db = input.databaseIdentifier;
  rows.push({
    title: "Database",
    panels: [
      { title: "CPU", metrics: [["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", db]], stat: "Average" },
      {
        title: "Connections",
        metrics: [["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", db]],
        stat: "Maximum",
      },
      {
        title: "Free storage",
        metrics: [["AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", db]],
        stat: "Minimum",
      },
    ],
  });
  const nodes = Array.from(
    { length: input.cacheNodes },
    (_, i) => `${input.cacheGroupId}-${cacheNodeSuffix(i + 1)}`,
  );
  const perNode = (metric: string): Metric[] =>
    nodes.map((n) => ["AWS/ElastiCache", metric, "CacheClusterId", n]);
  rows.push({
    title: "Cache",
    panels: [
      { title: "Engine CPU", metrics: perNode("EngineCPUUtilization"), stat: "Average" },
      { title: "Memory used %", metrics: perNode("DatabaseMemoryUsagePercentage"), stat: "Average" },
      { title: "Evictions", metrics: perNode("Evictions"), stat: "Sum" },
    ],
  });

  const widgets: Widget[] = [];
  let y = 0;
  if (input.alarmArns.length > 0) {
    widgets.push({
      type: "alarm",
      x: 0,
      y,
      width: WIDTH,
      height: 4,
      properties: {
        title: `${input.stack}: alarms`,
        alarms: [...input.alarmArns],
        sortBy: "stateUpdatedTimestamp",
      },
    });
    y += 4;
  }
  for (const row of rows) {
    widgets.push({
      type: "text",
      x: 0,
      y,
      width: WIDTH,
      height: 1,
      properties: { markdown: `## ${row.title}` },
    });
    y += 1;
    const width = Math.floor(WIDTH / row.panels.length);
    row.panels.forEach((panel, i) => {
      widgets.push({
        type: "metric",
        x: i * width,
        y,
        width,
        height: HEIGHT,
        properties: {
          title: panel.title,
          region: input.region,
          view: "timeSeries",
          stacked: false,
          period: 60,
          ...(panel.stat ? { stat: panel.stat } : {}),
          metrics: panel.metrics,
        },
      });
    });
    y += HEIGHT;
  }
  return { widgets };
}
