/**
 * Usage the plan cannot know (traffic, log volume, API calls), per stack and per month, the way
 * Infracost's usage file separates it from the resources. `stacks/<stack>.usage.yaml` sets what
 * it knows; every key it leaves out takes its tier's documented default below. Unknown keys and
 * negative numbers are errors naming the file, the key, the value and what is allowed.
 */
import { parse } from "yaml";
import { z } from "zod";
import type { Tier } from "../../model/settings";

const amount = () =>
  z.number({ error: "a number of 0 or more" }).min(0, { error: "a number of 0 or more" }).finite();

export const usageSchema = z.strictObject({
  version: z.literal(1, { error: "1" }).optional(),
  nat: z.strictObject({ dataProcessedGb: amount() }).partial().optional(),
  loadBalancer: z.strictObject({ averageLcu: amount() }).partial().optional(),
  dataTransfer: z.strictObject({ internetOutGb: amount() }).partial().optional(),
  logs: z
    .strictObject({ flowLogsGb: amount(), databaseLogsGb: amount(), otherGroupGb: amount() })
    .partial()
    .optional(),
  database: z.strictObject({ extraBackupGb: amount() }).partial().optional(),
  secretsManager: z.strictObject({ apiCalls: amount() }).partial().optional(),
  kms: z.strictObject({ requests: amount() }).partial().optional(),
  waf: z.strictObject({ requestsMillions: amount() }).partial().optional(),
  cdn: z.strictObject({ dataOutGb: amount(), httpsRequests: amount() }).partial().optional(),
  cloudtrail: z.strictObject({ dataEvents: amount() }).partial().optional(),
  s3: z.strictObject({ storedGb: amount() }).partial().optional(),
  backup: z
    .strictObject({ vaultStoredGb: amount(), copiedGbPerMonth: amount(), replicatedGb: amount() })
    .partial()
    .optional(),
});

/** Every usage key, flat: `nat.dataProcessedGb` → number. */
export type UsageKey =
  | "nat.dataProcessedGb"
  | "loadBalancer.averageLcu"
  | "dataTransfer.internetOutGb"
  | "logs.flowLogsGb"
  | "logs.databaseLogsGb"
  | "logs.otherGroupGb"
  | "database.extraBackupGb"
  | "secretsManager.apiCalls"
  | "kms.requests"
  | "waf.requestsMillions"
  | "cdn.dataOutGb"
  | "cdn.httpsRequests"
  | "cloudtrail.dataEvents"
  | "s3.storedGb"
  | "backup.vaultStoredGb"
  | "backup.copiedGbPerMonth"
  | "backup.replicatedGb";

export interface UsageValue {
  readonly value: number;
  /** Where the value came from: the usage file, or the tier default. */
  readonly from: "file" | "default";
}

export type Usage = Readonly<Record<UsageKey, UsageValue>>;

/** What each key means, printed in the cost report next to its value. */
export const USAGE_DESCRIPTIONS: Readonly<Record<UsageKey, string>> = {
  "nat.dataProcessedGb": "GB through all NAT gateways per month (both directions)",
  "loadBalancer.averageLcu": "average ALB capacity units over the month",
  "dataTransfer.internetOutGb":
    "GB leaving to the internet directly per month (ALB responses, NAT egress); CloudFront traffic is cdn.dataOutGb",
  "logs.flowLogsGb": "GB of VPC flow logs delivered to CloudWatch Logs per month",
  "logs.databaseLogsGb": "GB of PostgreSQL logs exported to CloudWatch Logs per month",
  "logs.otherGroupGb": "GB per month into each other log group of the stack",
  "database.extraBackupGb": "GB of RDS backups beyond the free 100 % of allocated storage",
  "secretsManager.apiCalls": "Secrets Manager API calls per month (app start-ups, rotation)",
  "kms.requests": "KMS requests per month (secret reads, EBS and RDS data keys)",
  "waf.requestsMillions": "millions of requests inspected by WAF per month",
  "cdn.dataOutGb": "GB served by CloudFront per month",
  "cdn.httpsRequests": "HTTPS requests served by CloudFront per month",
  "cloudtrail.dataEvents": "CloudTrail data events recorded per month",
  "s3.storedGb": "GB stored in each S3 bucket of the stack (e.g. audit logs)",
  "backup.vaultStoredGb":
    "GB held in each AWS Backup vault: the first full snapshot of the database plus the changes its retention keeps",
  "backup.copiedGbPerMonth":
    "GB sent to the recovery region per month by each cross-region flow (AWS Backup copies; replicated automated backups)",
  "backup.replicatedGb":
    "GB of replicated automated backups (snapshots and logs) kept in the recovery region",
};

/**
 * Tier defaults: a guess sized to each tier's purpose in the specification (dev: one developer;
 * staging: CI and QA traffic; prod: real users), used only where the usage file is silent.
 * They are deliberately round numbers: replace them with the real figures from Cost Explorer.
 */
export const USAGE_DEFAULTS: Readonly<Record<Tier, Readonly<Record<UsageKey, number>>>> = {
  dev: {
    "nat.dataProcessedGb": 10,
    "loadBalancer.averageLcu": 1,
    "dataTransfer.internetOutGb": 5,
    "logs.flowLogsGb": 1,
    "logs.databaseLogsGb": 0.5,
    "logs.otherGroupGb": 1,
    "database.extraBackupGb": 0,
    "secretsManager.apiCalls": 10_000,
    "kms.requests": 20_000,
    "waf.requestsMillions": 0.1,
    "cdn.dataOutGb": 5,
    "cdn.httpsRequests": 100_000,
    "cloudtrail.dataEvents": 0,
    "s3.storedGb": 1,
    "backup.vaultStoredGb": 0,
    "backup.copiedGbPerMonth": 0,
    "backup.replicatedGb": 0,
  },
  staging: {
    "nat.dataProcessedGb": 30,
    "loadBalancer.averageLcu": 1,
    "dataTransfer.internetOutGb": 20,
    "logs.flowLogsGb": 5,
    "logs.databaseLogsGb": 1,
    "logs.otherGroupGb": 2,
    "database.extraBackupGb": 0,
    "secretsManager.apiCalls": 50_000,
    "kms.requests": 100_000,
    "waf.requestsMillions": 1,
    "cdn.dataOutGb": 20,
    "cdn.httpsRequests": 1_000_000,
    "cloudtrail.dataEvents": 0,
    "s3.storedGb": 5,
    // 50 GB database, a week of daily points: the full copy plus small daily changes.
    "backup.vaultStoredGb": 60,
    "backup.copiedGbPerMonth": 0,
    "backup.replicatedGb": 0,
  },
  prod: {
    "nat.dataProcessedGb": 500,
    "loadBalancer.averageLcu": 10,
    "dataTransfer.internetOutGb": 1_000,
    "logs.flowLogsGb": 100,
    "logs.databaseLogsGb": 10,
    "logs.otherGroupGb": 10,
    "database.extraBackupGb": 100,
    "secretsManager.apiCalls": 500_000,
    "kms.requests": 2_000_000,
    "waf.requestsMillions": 50,
    "cdn.dataOutGb": 1_000,
    "cdn.httpsRequests": 50_000_000,
    "cloudtrail.dataEvents": 0,
    "s3.storedGb": 50,
    // 100 GB database: one full snapshot plus three days of hourly changes (~5 GB/day).
    "backup.vaultStoredGb": 115,
    // The first full copy is a one-off; after it, each month's changes (~5 GB/day).
    "backup.copiedGbPerMonth": 150,
    // Fourteen days of replicated snapshots and transaction logs.
    "backup.replicatedGb": 170,
  },
};

export const USAGE_KEYS = Object.keys(USAGE_DESCRIPTIONS) as UsageKey[];

export class UsageError extends Error {
  override name = "UsageError";
}

/** The usage of a stack: its file's values over its tier's defaults. `text` undefined = no file. */
export function parseUsage(text: string | undefined, tier: Tier, where: string): Usage {
  let doc: unknown = {};
  if (text !== undefined) {
    try {
      doc = parse(text) ?? {};
    } catch (error) {
      throw new UsageError(`${where}: not valid YAML: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  const result = usageSchema.safeParse(doc, { reportInput: true });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path.map(String).join(".") || "(top level)";
      if (issue.code === "unrecognized_keys") {
        return `${where}: unknown key ${issue.keys.map((k) => (key === "(top level)" ? k : `${key}.${k}`)).join(", ")}; allowed: ${USAGE_KEYS.join(", ")}`;
      }
      const given = JSON.stringify((issue as { input?: unknown }).input) ?? "nothing";
      return `${where}: ${key}: got ${given}; expected ${issue.message}`;
    });
    throw new UsageError(lines.join("\n"));
  }
  const data = result.data as Record<string, Record<string, number> | number | undefined>;
  const usage = {} as Record<UsageKey, UsageValue>;
  for (const key of USAGE_KEYS) {
    const [group, name] = key.split(".") as [string, string];
    const set = (data[group] as Record<string, number> | undefined)?.[name];
    usage[key] =
      set === undefined
        ? { value: USAGE_DEFAULTS[tier][key], from: "default" }
        : { value: set, from: "file" };
  }
  return usage;
}
