/**
 * The environment's log groups: one per source, each with a fixed name (the app and the
 * operators find logs by name), the tier's retention and the environment's KMS key.
 *
 * RDS writes exported logs to a group it names itself, `/aws/rds/instance/<identifier>/<log>`;
 * creating that group first is the only way to give it a key and a retention (otherwise RDS
 * creates it unencrypted, kept forever).
 */
import type { EnvironmentSettings } from "../../model/settings";
import { logGroupArn } from "../../model/arns";
import { logGroupPrefix, rdsLogGroupPrefix } from "../../model/names";

/** The PostgreSQL logs RDS exports to CloudWatch. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;

export type LogSource = "app" | "flow-logs" | `db-${(typeof POSTGRES_LOG_EXPORTS)[number]}`;

export interface LogGroupPlan {
  /** Suffix of the resource's logical name: `<stack>-<suffix>`. */
  readonly suffix: string;
  readonly source: LogSource;
  readonly name: string;
  readonly retentionDays: number;
  /** What lands there, for docs/operations.md. */
  readonly contents: string;
}

export function planLogGroups(settings: EnvironmentSettings): LogGroupPlan[] {
  const prefix = logGroupPrefix(settings.project, settings.stack);
  const retention = settings.monitoring.logRetentionDays;
  return [
    {
      // Keeps the flow logs' original logical name, so moving it here renames no resource.
      suffix: "flow-logs",
      source: "flow-logs",
      name: `${prefix}vpc-flow-logs`,
      retentionDays: settings.network.flowLogRetentionDays,
      contents: "VPC flow logs: every accepted and rejected connection in the VPC",
    },
    {
      suffix: "app-logs",
      source: "app",
      name: `${prefix}app`,
      retentionDays: retention,
      contents: "the app servers' logs (the instance role may write here and nowhere else)",
    },
    ...POSTGRES_LOG_EXPORTS.map((log) => ({
      suffix: `db-${log}-logs`,
      source: `db-${log}` as const,
      name: `${rdsLogGroupPrefix(settings.stack)}${log}`,
      retentionDays: retention,
      contents:
        log === "postgresql"
          ? "PostgreSQL's server log: errors, connections, statements slower than 1 s"
          : "PostgreSQL major-version upgrade logs",
    })),
  ];
}

/**
 * ARN patterns of the environment's log groups, for the KMS key's encryption-context condition:
 * CloudWatch Logs may use the key for these groups only.
 */
export function logGroupArnPatterns(settings: EnvironmentSettings, accountId: string): string[] {
  const arn = (name: string) => logGroupArn({ region: settings.region, accountId }, name);
  return [
    arn(`${logGroupPrefix(settings.project, settings.stack)}*`),
    arn(`${rdsLogGroupPrefix(settings.stack)}*`),
  ];
}
