/**
 * The shape of the `infra:*` keys a stack file may set. Every field's error text is the phrase
 * "what is allowed", so a validation message can say: the key, the value given, what is allowed.
 * Each group is strict (a typo is an error, never silently ignored) and partial (a stack file
 * overrides only what differs from its tier).
 */
import { z } from "zod";
import {
  ALARM_LEVELS,
  BACKUP_INTERVAL_HOURS,
  LOG_LEVELS,
  NAT_STRATEGIES,
  RECOVERY_SCENARIOS,
  type SettingsGroups,
  TEAMS,
  type Team,
  TIERS,
  WEEKDAYS,
  type Weekday,
} from "../model/settings";
import { parseImageReference } from "../model/artifact";

export const IMAGE_ALLOWED =
  "an image digest of the shared repository (sha256: and 64 hex digits), or on a tier that follows tags, a tag such as main";
import {
  cacheNodeTypeProblem,
  ec2InstanceTypeProblem,
  rdsPostgresClassProblem,
  regionProblem,
} from "./aws/values";

const intRange = (min: number, max: number, allowed = `an integer from ${min} to ${max}`) => {
  return z.int({ error: allowed }).min(min, { error: allowed }).max(max, { error: allowed });
};
const bool = () => z.boolean({ error: "true or false" });
const pattern = (regex: RegExp, allowed: string) =>
  z.string({ error: allowed }).regex(regex, { error: allowed });
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values);

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const POSTGRES_MAJOR_VERSIONS = ["14", "15", "16", "17"] as const;
export const REDIS_VERSIONS = ["6.2", "7.0", "7.1"] as const;

const AZ_NAME = /^[a-z]{2}(-gov)?-[a-z]+-\d[a-h]$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/**
 * A value checked against a set AWS publishes (src/config/aws/values.ts), not a pattern: the
 * problem says what exists and where the set comes from.
 */
const existing = (check: (value: string) => string | undefined, allowed: string) =>
  z.string({ error: allowed }).superRefine((value, ctx) => {
    const problem = check(value);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: value });
  });
/** Graviton families carry a "g" after the generation (t4g, c7g, m6gd …); the NAT image is arm64. */
const GRAVITON_TYPE = /^[a-z]+\d+g[a-z]*\./;
const GRAVITON_ALLOWED =
  "a Graviton (ARM) EC2 instance type such as t4g.nano or t4g.micro (the NAT instance runs the arm64 image)";
const PG_IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

const logRetention = () =>
  z.union(
    LOG_RETENTION_DAYS.map((d) => z.literal(d)),
    { error: `one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(", ")}` },
  );
const percent = () =>
  z.number({ error: "a number from 0 to 100" }).min(0).max(100, { error: "a number from 0 to 100" });
const positive = (allowed: string) => z.number({ error: allowed }).positive({ error: allowed });

export const networkSchema = z.strictObject({
  cidr: z.string({ error: "an IPv4 /16 such as 10.0.0.0/16" }),
  availabilityZones: z
    .array(pattern(AZ_NAME, "an AZ name such as us-east-1a"), { error: "a list of AZ names" })
    .min(1, { error: "a non-empty list of AZ names" }),
  natGateways: oneOf(NAT_STRATEGIES),
  natInstanceType: existing(
    (value) => (GRAVITON_TYPE.test(value) ? ec2InstanceTypeProblem(value) : GRAVITON_ALLOWED),
    GRAVITON_ALLOWED,
  ),
  // Pinned like compute.imageId (a new AMI is a reviewed change); an arm64 image for the Graviton type.
  natImageId: pattern(
    /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/,
    "a pinned arm64 AMI id such as ami-0fedcba9876543210 (Amazon Linux 2023 for arm64)",
  ),
  flowLogRetentionDays: logRetention(),
});

export const loadBalancerSchema = z.strictObject({
  enabled: bool(),
  domainName: pattern(DOMAIN, "a lowercase DNS name such as app.example.com"),
  hostedZoneId: pattern(/^Z[A-Z0-9]{1,31}$/, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ"),
  deletionProtection: bool(),
  healthCheckPath: pattern(/^\/[A-Za-z0-9/_.-]*$/, "a URL path starting with /"),
});

export const computeSchema = z.strictObject({
  instanceType: existing(ec2InstanceTypeProblem, "an EC2 instance type such as t3.small or c5.xlarge"),
  minSize: intRange(1, 500),
  desiredCapacity: intRange(1, 500),
  maxSize: intRange(1, 500),
  targetCpuPercent: intRange(10, 90),
  rootVolumeGb: intRange(8, 1024),
  // A literal AMI only: EC2 Auto Scaling cannot roll an instance refresh back when the launch
  // template's image is an SSM parameter (resolve:ssm:…) — "Undo changes with a rollback",
  // https://docs.aws.amazon.com/autoscaling/ec2/userguide/instance-refresh-rollback.html.
  // AMI ids are ami- and 8 or 17 hex digits (EC2 API reference, ImageId).
  imageId: pattern(
    /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/,
    "a pinned AMI id such as ami-0123456789abcdef0 (not resolve:ssm:…: instance-refresh rollback cannot undo it)",
  ),
});

export const appSchema = z.strictObject({
  nodeEnv: pattern(/^[a-z]+$/, "a lowercase word such as production"),
  port: intRange(1024, 65535),
  logLevel: oneOf(LOG_LEVELS),
  dbPoolMin: intRange(0, 1000),
  dbPoolMax: intRange(1, 1000),
  requestTimeoutMs: intRange(1000, 600000),
});

export const databaseSchema = z.strictObject({
  instanceClass: existing(
    rdsPostgresClassProblem,
    "an RDS for PostgreSQL class such as db.t3.micro or db.r5.xlarge",
  ),
  engineVersion: oneOf(POSTGRES_MAJOR_VERSIONS),
  allocatedStorageGb: intRange(20, 65536),
  maxAllocatedStorageGb: intRange(20, 65536),
  multiAz: bool(),
  backupRetentionDays: intRange(1, 35),
  deletionProtection: bool(),
  finalSnapshot: bool(),
  performanceInsights: bool(),
  name: pattern(PG_IDENTIFIER, "a PostgreSQL identifier: lowercase letter, then letters, digits or _"),
  username: pattern(PG_IDENTIFIER, "a PostgreSQL identifier: lowercase letter, then letters, digits or _"),
  restoreFromSnapshot: pattern(
    /^(arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:snapshot:)?(rds:)?[A-Za-z][A-Za-z0-9-]{0,254}$/,
    "an RDS snapshot identifier such as staging-seed-2026-11-29, or a snapshot ARN",
  ),
});

export const cacheSchema = z.strictObject({
  nodeType: existing(
    cacheNodeTypeProblem,
    "an ElastiCache node type such as cache.t3.micro or cache.r5.large",
  ),
  engineVersion: oneOf(REDIS_VERSIONS),
  nodeCount: intRange(1, 6),
  multiAz: bool(),
  snapshotRetentionDays: intRange(0, 35),
});

/** Secrets Manager deletes at once (0) or after a 7–30 day recovery window. */
const RECOVERY_WINDOW = "0 (delete at once) or an integer from 7 to 30";

export const secretsSchema = z.strictObject({
  recoveryWindowDays: z
    .int({ error: RECOVERY_WINDOW })
    .refine((d) => d === 0 || (d >= 7 && d <= 30), { error: RECOVERY_WINDOW }),
  rotationDays: intRange(1, 365, "null (no rotation) or an integer from 1 to 365").nullable(),
  kmsDeletionWindowDays: intRange(7, 30),
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const monitoringSchema = z.strictObject({
  alarms: oneOf(ALARM_LEVELS),
  onCall: bool(),
  alarmEmails: z.array(pattern(EMAIL, "an email address such as oncall@example.com"), {
    error: "a list of email addresses",
  }),
  logRetentionDays: logRetention(),
  organizationTrail: bool(),
  trailRetentionDays: intRange(1, 3653),
  alb5xxRatePercent: percent(),
  albP99Seconds: positive("a number of seconds above 0"),
  errorRateBandStdDevs: z
    .number({ error: "a number of standard deviations from 1 to 10" })
    .min(1, { error: "a number of standard deviations from 1 to 10" })
    .max(10, { error: "a number of standard deviations from 1 to 10" }),
  dbCpuPercent: percent(),
  dbFreeStorageGb: positive("a number of GB above 0"),
  dbConnections: intRange(1, 100000),
  cacheCpuPercent: percent(),
  cacheMemoryPercent: percent(),
  cacheEvictions: intRange(0, 100000000),
  cacheReplicationLagSeconds: positive("a number of seconds above 0"),
});

/** Instance refresh checkpoints: ascending, unique, the last one 100 (AWS's own rule). */
const CHECKPOINTS = "an empty list (straight through) or ascending percentages from 1 to 100 ending with 100";

export const rolloutSchema = z.strictObject({
  checkpointPercentages: z
    .array(intRange(1, 100, CHECKPOINTS), { error: CHECKPOINTS })
    .refine(
      (list) =>
        list.length === 0 || (list.at(-1) === 100 && list.every((p, i) => i === 0 || p > list[i - 1]!)),
      {
        error: CHECKPOINTS,
      },
    ),
  checkpointDelaySeconds: intRange(0, 172800),
  minHealthyPercent: intRange(0, 100),
  // AWS accepts 100–200, at most 100 above the minimum (checked across keys in resolve.ts):
  // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RefreshPreferences.html
  maxHealthyPercent: intRange(100, 200),
  instanceWarmupSeconds: intRange(0, 3600),
  autoRollback: bool(),
});

/** A pager's HTTPS endpoint; offline the secret's plaintext is not available, only its placeholder. */
export const pagerUrlSchema = pattern(/^(https:\/\/[^\s]+|\[secret\])$/, "an https:// URL");

const ACCOUNT_ID = pattern(/^\d{12}$/, "a 12-digit AWS account id");
/** IAM Identity Center permission set names: 1–32 of letters, digits and +=,.@_- */
const PERMISSION_SET = pattern(
  /^[\w+=,.@-]{1,32}$/,
  "an IAM Identity Center permission set name (1-32 of letters, digits and +=,.@_-)",
);

export const accessSchema = z.strictObject({
  identityAccountId: ACCOUNT_ID.nullable(),
  // One key per team of the access table; any other key is a team that does not exist.
  permissionSets: z
    .strictObject(
      Object.fromEntries(TEAMS.map((t) => [t, PERMISSION_SET.nullable()])) as Record<
        Team,
        z.ZodNullable<z.ZodString>
      >,
    )
    .partial(),
});

export const costSchema = z.strictObject({
  monthlyBudgetUsd: z
    .number({ error: "a number of US dollars above 0" })
    .positive({ error: "a number of US dollars above 0" })
    .max(1_000_000, { error: "a number of US dollars above 0, at most 1000000" }),
});

/** AppConfig feature-flag keys: a letter, then letters, digits, _ or -, up to 64 characters. */
const FLAG_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const APPCONFIG_GROWTH_TYPES = ["LINEAR", "EXPONENTIAL"] as const;

export const runtimeFlagsSchema = z.strictObject({
  flags: z.record(
    pattern(FLAG_NAME, "a flag name: a letter, then letters, digits, _ or - (at most 64)"),
    bool(),
    { error: "a mapping of flag name to true or false" },
  ),
  growthType: oneOf(APPCONFIG_GROWTH_TYPES),
  growthFactor: intRange(1, 100, "a percentage of targets per step, an integer from 1 to 100"),
  durationMinutes: intRange(0, 1440, "minutes from 0 to 1440"),
  bakeMinutes: intRange(0, 1440, "minutes from 0 to 1440"),
});

/** AWS WAF's rate-based rules count per 5-minute window and accept limits from 10 to 2,000,000,000. */
export const edgeSchema = z.strictObject({
  waf: bool(),
  rateLimitPer5Min: intRange(
    10,
    2_000_000_000,
    "an integer from 10 to 2000000000 (requests per IP per 5 minutes)",
  ),
  cloudFront: bool(),
});

/**
 * The sleep schedule's working week. Days, times and time zone are checked again, with messages
 * naming the problem, by validateDeployWindow (same shape) in src/config/resolve.ts.
 */
export const sleepSchema = z.strictObject({
  enabled: bool(),
  days: z
    .array(oneOf(WEEKDAYS as unknown as readonly [Weekday, ...Weekday[]]), {
      error: `a list of weekdays (${WEEKDAYS.join(", ")})`,
    })
    .min(1, { error: "at least one working day" }),
  start: pattern(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time "HH:MM" such as "08:00"'),
  // No "24:00": the schedules are cron expressions, whose hours run 0-23.
  end: pattern(
    /^([01]\d|2[0-3]):[0-5]\d$/,
    'a 24-hour time "HH:MM" from "00:00" to "23:59", such as "20:00"',
  ),
  timezone: z.string({ error: 'an IANA time zone such as "America/New_York"' }),
});

const MINUTES_PROMISE = "null (nothing promised) or minutes from 1 to 10080 (a week)";
export const recoverySchema = z.strictObject({
  rpoMinutes: intRange(1, 10080, MINUTES_PROMISE).nullable(),
  compromiseRpoMinutes: intRange(1, 10080, MINUTES_PROMISE).nullable(),
  rtoMinutes: intRange(1, 10080, MINUTES_PROMISE).nullable(),
  scenarios: z.array(oneOf(RECOVERY_SCENARIOS), { error: `a list of: ${RECOVERY_SCENARIOS.join(", ")}` }),
  backupPlan: bool(),
  // AWS Backup schedules at most hourly (a cron rule's minimum interval is one hour).
  backupIntervalHours: z.union(
    BACKUP_INTERVAL_HOURS.map((h) => z.literal(h)),
    { error: `one of ${BACKUP_INTERVAL_HOURS.join(", ")} (hours; AWS Backup runs a plan at most hourly)` },
  ),
  backupRetentionDays: intRange(1, 3650),
  copyRegion: existing(regionProblem, "null or an AWS region such as us-west-2").nullable(),
  copyRetentionDays: intRange(1, 3650),
  vaultLock: bool(),
  replicateAutomatedBackups: bool(),
  restoreTesting: bool(),
  // AWS Backup's cron: six fields, cron(minutes hours day-of-month month day-of-week year).
  restoreTestingSchedule: pattern(
    /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/,
    "an AWS cron expression with six fields, such as cron(0 6 ? * MON *)",
  ),
  databaseRestoreMinutes: intRange(1, 10080, "minutes from 1 to 10080"),
  rebuildMinutes: intRange(1, 10080, "minutes from 1 to 10080"),
});

/** `infra:<group>` → the full shape of that settings group, as resolved settings hold it. */
export const SETTINGS_GROUP_SCHEMAS = {
  network: networkSchema,
  loadBalancer: loadBalancerSchema,
  compute: computeSchema,
  app: appSchema,
  database: databaseSchema,
  cache: cacheSchema,
  secrets: secretsSchema,
  access: accessSchema,
  cost: costSchema,
  runtimeFlags: runtimeFlagsSchema,
  edge: edgeSchema,
  monitoring: monitoringSchema,
  rollout: rolloutSchema,
  sleep: sleepSchema,
  recovery: recoverySchema,
} as const;

/** A stack file's groups are partial: it overrides only what differs from its tier. */
export const GROUP_SCHEMAS = {
  network: networkSchema.partial(),
  loadBalancer: loadBalancerSchema.partial(),
  compute: computeSchema.partial(),
  app: appSchema.partial(),
  database: databaseSchema.partial(),
  cache: cacheSchema.partial(),
  secrets: secretsSchema.partial(),
  access: accessSchema.partial(),
  cost: costSchema.partial(),
  runtimeFlags: runtimeFlagsSchema.partial(),
  edge: edgeSchema.partial(),
  monitoring: monitoringSchema.partial(),
  rollout: rolloutSchema.partial(),
  sleep: sleepSchema.partial(),
  recovery: recoverySchema.partial(),
} as const satisfies { [G in keyof typeof SETTINGS_GROUP_SCHEMAS]: z.ZodType };

/**
 * The schema and the settings types are two declarations of one shape (the types carry the
 * documentation, the schema the rules), tied together here at compile time: a key in one and
 * not the other, or a value the schema accepts that the type does not, fails `tsc` with the
 * group and the keys named. (A runtime test also parses every tier's defaults with these.)
 */
type KeysOnlyIn<A, B> = Exclude<keyof A, keyof B>;
/** What a schema may produce for a settings value: null for "none", nested groups partial. */
type Loose<T> = T extends readonly unknown[]
  ? T | null
  : T extends object
    ? { [K in keyof T]?: Loose<T[K]> } | null
    : T | null;
type Agreement<Schema, Settings> = [KeysOnlyIn<Schema, Settings>, KeysOnlyIn<Settings, Schema>] extends [
  never,
  never,
]
  ? Schema extends { [K in keyof Settings]: Loose<Settings[K]> }
    ? true
    : { valuesTheTypeDoesNotAccept: Schema }
  : { keysOnlyInSchema: KeysOnlyIn<Schema, Settings>; keysOnlyInSettings: KeysOnlyIn<Settings, Schema> };
const SCHEMA_AGREES_WITH_SETTINGS: {
  [G in keyof typeof SETTINGS_GROUP_SCHEMAS]: Agreement<
    z.output<(typeof SETTINGS_GROUP_SCHEMAS)[G]>,
    SettingsGroups[G]
  >;
} = {
  network: true,
  loadBalancer: true,
  compute: true,
  app: true,
  database: true,
  cache: true,
  secrets: true,
  access: true,
  cost: true,
  runtimeFlags: true,
  edge: true,
  monitoring: true,
  rollout: true,
  sleep: true,
  recovery: true,
};
void SCHEMA_AGREES_WITH_SETTINGS;

export type GroupName = keyof typeof GROUP_SCHEMAS;
export const GROUP_NAMES = Object.keys(GROUP_SCHEMAS) as GroupName[];

export const tierSchema = oneOf(TIERS);
/** infra:appImage: a digest of the shared repository's image, or a tag where the tier allows one. */
export const appImageSchema = z
  .string({ error: IMAGE_ALLOWED })
  .refine((text) => parseImageReference(text) !== undefined, { error: IMAGE_ALLOWED });
export const environmentSchema = pattern(/^[a-z][a-z0-9-]{1,30}$/, "a lowercase name such as production");
export const regionSchema = existing(regionProblem, "an AWS region such as us-east-1");
export const accountIdsSchema = z.array(pattern(/^\d{12}$/, "a 12-digit AWS account id"), {
  error: "a list of 12-digit AWS account ids",
});
