/**
 * Usage the plan cannot know (traffic, log volume, API calls), per stack and per month, the way
 * Infracost's usage file separates it from the resources. `stacks/<stack>.usage.yaml` sets what
 * it knows; every key it leaves out takes its tier's documented default below. Unknown keys and
 * negative numbers are errors naming the file, the key, the value and what is allowed.
 */
import type * as Yaml from "yaml";
import type * as Zod from "zod";
import type { Tier } from "../../model/settings";

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

/** The usage keys by group, as the file nests them: `nat` → [`dataProcessedGb`]. */
const GROUPS: ReadonlyMap<string, readonly string[]> = USAGE_KEYS.reduce((groups, key) => {
  const [group, name] = key.split(".") as [string, string];
  return groups.set(group, [...(groups.get(group) ?? []), name]);
}, new Map<string, string[]>());

let schema: Zod.ZodType | undefined;

/**
 * The usage file's schema, derived from USAGE_KEYS (so a new key is allowed where it is
 * described and defaulted), built on first use: a well-formed file (readWellFormed) never loads
 * zod, which only decides and words what is wrong with the others. (Required on every call, a
 * lookup in require's cache after the first, so tests/cli/diff-cli.test.ts sees each use.)
 */
export function usageSchema(): Zod.ZodType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when needed (above)
  const { z } = require("zod") as typeof Zod;
  if (schema) return schema;
  const amount = () =>
    z.number({ error: "a number of 0 or more" }).min(0, { error: "a number of 0 or more" }).finite();
  const groups = [...GROUPS].map(([group, names]) => [
    group,
    z
      .strictObject(Object.fromEntries(names.map((name) => [name, amount()])))
      .partial()
      .optional(),
  ]);
  schema = z.strictObject({
    version: z.literal(1, { error: "1" }).optional(),
    ...Object.fromEntries(groups),
  });
  return schema;
}

/** A mapping, not a list or a scalar: what the yaml package made of `key: …` lines. */
function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The parsed file if it is well formed: only known groups and keys (and `version: 1`), every
 * value a finite number of 0 or more; checked without zod, and never more than the schema
 * accepts. Undefined for anything else, which the schema then decides and words
 * (tests/reports/cost/usage-read.test.ts holds the two to the same verdicts).
 */
export function readWellFormed(doc: unknown): Readonly<Record<string, unknown>> | undefined {
  if (!isMapping(doc)) return undefined;
  for (const [key, value] of Object.entries(doc)) {
    if (key === "version") {
      if (value !== 1) return undefined;
      continue;
    }
    const names = GROUPS.get(key);
    if (!names || !isMapping(value)) return undefined;
    for (const [name, amount] of Object.entries(value)) {
      if (!names.includes(name) || typeof amount !== "number" || !Number.isFinite(amount) || amount < 0) {
        return undefined;
      }
    }
  }
  return doc;
}

/**
 * A usage file's values read without the YAML parser, when it keeps to the plain form usage files
 * are written in: comment and blank lines, `version: 1`, and group lines (`nat:`) each followed
 * by two-space-indented `key: number` lines, every key a known one, given once, each line
 * optionally ending in a comment. What that form means in YAML is plain, so the value is exactly
 * the one the yaml package would return (tests/reports/cost/usage-read.test.ts compares them).
 * Anything else — other indentation, quotes, flow style, a tab, a CR, a key twice, a number
 * written any other way — is undefined, and goes to the yaml package. Why: the yaml package is
 * ~70 modules, and loading it and parsing three small files took ~50 ms of `infra diff` (issue 16).
 */
export function readPlainUsage(text: string): Record<string, unknown> | undefined {
  const doc: Record<string, unknown> = {};
  let group: Record<string, number> | undefined;
  let names: readonly string[] | undefined;
  for (const line of text.split("\n")) {
    if (/^ *(#.*)?$/.test(line)) continue;
    const match = /^( {2})?([A-Za-z][A-Za-z0-9]*):(?: +((?:0|[1-9][0-9]*)(?:\.[0-9]+)?))?(?: +#.*)? *$/.exec(
      line,
    );
    if (!match) return undefined;
    const [, nested, key, number] = match as unknown as [
      string,
      string | undefined,
      string,
      string | undefined,
    ];
    if (nested !== undefined) {
      if (!group || !names?.includes(key) || Object.hasOwn(group, key) || number === undefined)
        return undefined;
      group[key] = Number(number);
      continue;
    }
    // A group line with no key under it is null in YAML: left to the yaml package.
    if (group && Object.keys(group).length === 0) return undefined;
    if (Object.hasOwn(doc, key)) return undefined;
    if (key === "version" && number !== undefined) {
      doc[key] = Number(number);
      group = names = undefined;
    } else if (GROUPS.has(key) && number === undefined) {
      doc[key] = group = {};
      names = GROUPS.get(key);
    } else {
      return undefined;
    }
  }
  return group && Object.keys(group).length === 0 ? undefined : doc;
}

function parseYaml(text: string, where: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when needed (readPlainUsage)
  const { parse } = require("yaml") as typeof Yaml;
  try {
    return parse(text) ?? {};
  } catch (error) {
    throw new UsageError(`${where}: not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** The usage of a stack: its file's values over its tier's defaults. `text` undefined = no file. */
export function parseUsage(text: string | undefined, tier: Tier, where: string): Usage {
  const doc = text === undefined ? {} : (readPlainUsage(text) ?? parseYaml(text, where));
  const data = (readWellFormed(doc) ?? checked(doc, where)) as Record<
    string,
    Record<string, number> | number | undefined
  >;
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

/** The schema's result for a file readWellFormed did not accept: the data, or every problem. */
function checked(doc: unknown, where: string): unknown {
  const result = usageSchema().safeParse(doc, { reportInput: true });
  if (result.success) return result.data;
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
