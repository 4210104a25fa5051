/**
 * The settings contract: everything the Environment needs, fully resolved. Importing nothing,
 * it is the one home of the tier and team lists; src/config/schema.ts is tied to it at compile time.
 */
import type { ImageReference } from "./artifact";

/**
 * EnvironmentSettings: everything the Environment component needs, fully resolved (tier defaults
 * merged with the stack file), validated and frozen. Plain data with no Pulumi types, so every
 * difference between stacks is visible here and testable without mocks.
 */

/** The tiers, in the order a change travels. The one list: everything else derives from it. */
export const TIERS = ["dev", "staging", "prod"] as const;
export type Tier = (typeof TIERS)[number];

/** The teams of the seed's access table. */
export const TEAMS = ["developers", "qa", "platform", "executives"] as const;
export type Team = (typeof TEAMS)[number];

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** Monday first, the order days are listed in messages. */
export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

export interface DeployWindow {
  /** Days of the week (in `timezone`) on which the window opens. */
  readonly days: readonly Weekday[];
  /** Local opening time, 24-hour "HH:MM", inclusive. */
  readonly start: string;
  /** Local closing time, 24-hour "HH:MM" (or "24:00" for midnight), exclusive. Must be after `start`. */
  readonly end: string;
  /** IANA time zone the times are read in, e.g. "America/New_York". */
  readonly timezone: string;
}

export const NAT_STRATEGIES = ["none", "instance", "single", "perAz"] as const;
/**
 * none: no egress from the app tier; instance: one NAT instance (a small ARM EC2 instance in an
 * auto-scaling group of one, src/environment/network/nat-instance.ts) for all AZs; single: one
 * managed NAT gateway for all AZs; perAz: one managed NAT gateway in every AZ.
 */
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface NetworkSettings {
  /** The VPC's /16, disjoint from every other stack's. */
  readonly cidr: string;
  /** AZ names, e.g. ["us-east-1a", "us-east-1b"]; from config so the program is deterministic offline. */
  readonly availabilityZones: readonly string[];
  readonly natGateways: NatStrategy;
  /** Instance type of the NAT instance (natGateways "instance"): a Graviton (ARM) type such as t4g.nano. */
  readonly natInstanceType: string;
  /** The NAT instance's AMI: Amazon Linux 2023 for arm64, pinned like the hosts' (compute.imageId). */
  readonly natImageId: string;
  readonly flowLogRetentionDays: number;
}

/**
 * The sleep schedule (src/config/sleep-schedule.ts): outside working hours the app servers (and
 * a NAT instance) scale to zero and the database stops; both are back before the day starts.
 * The working week has the deploy window's shape: days, start, end, an IANA time zone.
 */
export interface SleepSettings {
  readonly enabled: boolean;
  /** Working days (in `timezone`): the environment wakes on these mornings. */
  readonly days: readonly Weekday[];
  /** Start of the working day, "HH:MM": the database is up before it. */
  readonly start: string;
  /** End of the working day, "HH:MM": everything goes to sleep then, every day of the week. */
  readonly end: string;
  readonly timezone: string;
}

export interface LoadBalancerSettings {
  readonly enabled: boolean;
  /** The app's DNS name; the ACM certificate is issued for it. Absent = HTTP only (dev tier only). */
  readonly domainName: string | undefined;
  /** Route 53 hosted zone that validates the certificate and holds the alias record. */
  readonly hostedZoneId: string | undefined;
  readonly deletionProtection: boolean;
  readonly healthCheckPath: string;
}

export interface ComputeSettings {
  readonly instanceType: string;
  readonly minSize: number;
  readonly desiredCapacity: number;
  readonly maxSize: number;
  /** Target-tracking scaling keeps average CPU near this. */
  readonly targetCpuPercent: number;
  readonly rootVolumeGb: number;
  /**
   * The hosts' EC2 image: a literal, pinned AMI id (ami-…), promoted from staging with the app
   * image. Never `resolve:ssm:`: instance-refresh rollback cannot undo such a launch template.
   */
  readonly imageId: string;
}

/** The app's environment variables, from the seed's "Common Environment Variables". */
export interface AppSettings {
  readonly nodeEnv: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly dbPoolMin: number;
  readonly dbPoolMax: number;
  /** How long the server lets a request run (the seed's `server.timeout`). */
  readonly requestTimeoutMs: number;
}

export interface DatabaseSettings {
  readonly instanceClass: string;
  /** PostgreSQL major version, e.g. "17". */
  readonly engineVersion: string;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  readonly multiAz: boolean;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  /** Take a final snapshot when the instance is deleted. */
  readonly finalSnapshot: boolean;
  readonly performanceInsights: boolean;
  /**
   * Create the instance from this RDS snapshot (id or ARN): a sanitized copy of a production
   * snapshot, on staging-tier stacks only (docs/staging-data.md). Changing it replaces the instance.
   */
  readonly restoreFromSnapshot: string | undefined;
  readonly name: string;
  readonly username: string;
}

export interface CacheSettings {
  readonly nodeType: string;
  readonly engineVersion: string;
  /** Primary plus replicas. */
  readonly nodeCount: number;
  /** Multi-AZ with automatic failover; needs at least two nodes. */
  readonly multiAz: boolean;
  readonly snapshotRetentionDays: number;
}

export interface SecretsSettings {
  /** 0 deletes at once, so a dev environment can be torn down and rebuilt under the same names. */
  readonly recoveryWindowDays: number;
  /** Automatic rotation of the database password; null = no rotation. */
  readonly rotationDays: number | null;
  readonly kmsDeletionWindowDays: number;
}

export const ALARM_LEVELS = ["essential", "all"] as const;
/** essential: only the alarms that mean the app is down or data is at risk; all: every alarm. */
export type AlarmLevel = (typeof ALARM_LEVELS)[number];

/**
 * Logs, alarms, notification and audit. Thresholds are settings, not code: a tier's defaults are
 * in src/config/tiers.ts and a stack file may override any of them.
 */
export interface MonitoringSettings {
  /** Which alarms exist (src/environment/observability/alarms.ts marks each alarm essential or not). */
  readonly alarms: AlarmLevel;
  /** Alarms must reach a person: at least one subscription is required. */
  readonly onCall: boolean;
  /** Email addresses subscribed to the environment's alarm topic. */
  readonly alarmEmails: readonly string[];
  /** Retention of the app's and the database's log groups (flow logs: network.flowLogRetentionDays). */
  readonly logRetentionDays: number;
  /** An organization trail already records this account and region: no trail of our own. */
  readonly organizationTrail: boolean;
  /** Days the trail's log files are kept in S3 before the lifecycle rule deletes them. */
  readonly trailRetentionDays: number;
  /** 5xx responses (target + load balancer) as a percentage of requests, per minute. */
  readonly alb5xxRatePercent: number;
  /**
   * Width of the 5xx rate's normal band (standard deviations of its learned history): above it, a
   * rollout rolls back (the seed: "automatic rollback when the error rate exceeds twice normal").
   */
  readonly errorRateBandStdDevs: number;
  /** p99 of the targets' response time, in seconds. */
  readonly albP99Seconds: number;
  readonly dbCpuPercent: number;
  /** Alarm when free storage drops below this many GB. */
  readonly dbFreeStorageGb: number;
  /** Alarm when open connections exceed this. */
  readonly dbConnections: number;
  /** Redis engine (main thread) CPU. */
  readonly cacheCpuPercent: number;
  readonly cacheMemoryPercent: number;
  /** Keys evicted in five minutes. */
  readonly cacheEvictions: number;
  readonly cacheReplicationLagSeconds: number;
}

/** How the app's auto-scaling group replaces instances (instance refresh). */
export interface RolloutSettings {
  /**
   * Percentages of the group replaced before each pause, ending at 100; empty = straight through.
   * [10, 100]: a 10 % canary, a pause watched by the alarms, then the rest.
   */
  readonly checkpointPercentages: readonly number[];
  /** How long each checkpoint pauses, in seconds. */
  readonly checkpointDelaySeconds: number;
  /** Share of the group that must stay healthy while instances are replaced. */
  readonly minHealthyPercent: number;
  /**
   * How far above the desired count the group may grow while replacing: 200 with a minimum of
   * 100 is blue-green (every new instance launched and healthy before any old one stops).
   */
  readonly maxHealthyPercent: number;
  readonly instanceWarmupSeconds: number;
  /** Roll back to the previous launch template when the refresh fails or a rollback alarm fires. */
  readonly autoRollback: boolean;
}

/** The edge in front of the load balancer: WAF, and on prod CloudFront (src/environment/edge/edge.ts). */
export interface EdgeSettings {
  /** A WAFv2 web ACL on the load balancer (and on CloudFront, when there is one). */
  readonly waf: boolean;
  /** Requests one client IP may make in 5 minutes before the WAF blocks it. */
  readonly rateLimitPer5Min: number;
  /** CloudFront in front of the load balancer, which then takes web traffic only from CloudFront. */
  readonly cloudFront: boolean;
}

/** Who may assume the stack's team roles (src/environment/access/team-access.ts holds what each team may do). */
export interface AccessSettings {
  /** The account people sign in to (IAM Identity Center / SSO); null = the stack's own account. */
  readonly identityAccountId: string | null;
  /** Per team, the IAM Identity Center permission set allowed to assume its role; null = any principal the identity account allows. */
  readonly permissionSets: Readonly<Record<Team, string | null>>;
}

/** What the stack may cost; the estimate is in stacks/<stack>.cost.md (src/reports/cost/estimate.ts). */
export interface CostSettings {
  /** A stack test fails when the stack's monthly estimate exceeds this (USD). */
  readonly monthlyBudgetUsd: number;
}

/**
 * Runtime flags (AWS AppConfig feature flags): their initial values and how a change rolls out.
 * After the first deploy AppConfig holds the live values; the stack's values seed them.
 */
export interface RuntimeFlagsSettings {
  /** Flag name → initial value (the seed's `newCheckout`: off unless the stack says). */
  readonly flags: Readonly<Record<string, boolean>>;
  /** How a new flag configuration reaches the app's targets. */
  readonly growthType: "LINEAR" | "EXPONENTIAL";
  /** Percentage of targets per step; 100 = all at once. */
  readonly growthFactor: number;
  readonly durationMinutes: number;
  /** Watched after reaching 100 %: an alarm then still rolls the flags back. */
  readonly bakeMinutes: number;
}

/**
 * What a tier promises to survive (docs/disaster-recovery.md has each one's detection and steps).
 * az-loss: one availability zone down; region-loss: the whole region down; data-corruption: rows
 * deleted or overwritten (by a bug or a person); account-compromise: someone with admin rights in
 * the account deletes or encrypts what they can reach; bad-deploy: a release breaks the app or
 * its data; console-change: a resource changed outside Pulumi.
 */
export const RECOVERY_SCENARIOS = [
  "az-loss",
  "region-loss",
  "data-corruption",
  "account-compromise",
  "bad-deploy",
  "console-change",
] as const;
export type RecoveryScenario = (typeof RECOVERY_SCENARIOS)[number];

/** AWS Backup runs a plan at most hourly; these divide a day evenly. */
export const BACKUP_INTERVAL_HOURS = [1, 2, 3, 4, 6, 8, 12, 24] as const;

/**
 * Recovery objectives and the backups that meet them (src/environment/recovery/). The objectives
 * are promises; src/environment/recovery/objectives.ts proves the settings below can keep them.
 */
export interface RecoverySettings {
  /** Most data, in minutes, the tier may lose in any scenario it promises to survive; null = none promised. */
  readonly rpoMinutes: number | null;
  /**
   * Most data, in minutes, lost when the account itself is compromised: only locked recovery
   * points survive, so this is bounded by the backup schedule, not by RDS's logs. null = none promised.
   */
  readonly compromiseRpoMinutes: number | null;
  /** Longest time, in minutes, from deciding to recover to serving again; null = none promised. */
  readonly rtoMinutes: number | null;
  /** The scenarios the RPO and RTO hold for. */
  readonly scenarios: readonly RecoveryScenario[];
  /** An AWS Backup vault (the environment's key) and plan for the database. */
  readonly backupPlan: boolean;
  readonly backupIntervalHours: (typeof BACKUP_INTERVAL_HOURS)[number];
  /** Days each recovery point stays in the vault. */
  readonly backupRetentionDays: number;
  /** The second region: each recovery point is copied there, and RDS's automated backups replicated. */
  readonly copyRegion: string | null;
  readonly copyRetentionDays: number;
  /** Vault Lock in compliance mode: after its 3-day grace, nobody (root included) deletes a recovery point early. */
  readonly vaultLock: boolean;
  /** RDS automated backups (snapshots and transaction logs) replicated to copyRegion: point-in-time restore there. */
  readonly replicateAutomatedBackups: boolean;
  /** AWS Backup restore testing: the latest recovery point restored, validated and deleted on a schedule. */
  readonly restoreTesting: boolean;
  /** When restore tests start (AWS Backup cron, UTC). */
  readonly restoreTestingSchedule: string;
  /** Estimated minutes to restore the database from a recovery point; restore testing measures the real figure. */
  readonly databaseRestoreMinutes: number;
  /** Estimated minutes for `pulumi up` to build the whole stack from nothing (a new region or account). */
  readonly rebuildMinutes: number;
}

export interface EnvironmentSettings {
  readonly project: string;
  /** The stack name; every resource name derives from it. */
  readonly stack: string;
  readonly tier: Tier;
  /** Environment name: the secrets namespace (/production/…) and the Environment tag. */
  readonly environment: string;
  readonly region: string;
  readonly network: NetworkSettings;
  readonly loadBalancer: LoadBalancerSettings;
  readonly compute: ComputeSettings;
  readonly app: AppSettings;
  readonly database: DatabaseSettings;
  readonly cache: CacheSettings;
  readonly secrets: SecretsSettings;
  readonly monitoring: MonitoringSettings;
  readonly rollout: RolloutSettings;
  /** HTTPS endpoint of a pager (infra:alarmPagerUrl, a secret); undefined = none. */
  readonly alarmPagerUrl: string | undefined;
  readonly access: AccessSettings;
  readonly edge: EdgeSettings;
  readonly cost: CostSettings;
  readonly runtimeFlags: RuntimeFlagsSettings;
  readonly sleep: SleepSettings;
  /**
   * The application image every host runs (infra:appImage), from the shared repository of the
   * artifact project: a digest, or on tiers that allow it (dev) a tag the stack follows.
   */
  readonly appImage: ImageReference;
  readonly recovery: RecoverySettings;
  /** `protect` and retain-on-delete on stateful resources: a deploy can never delete them. */
  readonly protectStateful: boolean;
  /** When `pulumi up` may change this stack (previews always may); null = any time. */
  readonly deployWindow: DeployWindow | null;
  /**
   * Third-party keys (src/config/third-party/catalog.ts) this stack file supplies as `secure:`
   * values. Only their names: the values never enter the settings.
   */
  readonly providedSecrets: readonly string[];
}

/** The groups a stack file may override, each as `infra:<group>`. */
export type SettingsGroups = Pick<
  EnvironmentSettings,
  | "network"
  | "loadBalancer"
  | "compute"
  | "app"
  | "database"
  | "cache"
  | "secrets"
  | "access"
  | "cost"
  | "runtimeFlags"
  | "edge"
  | "monitoring"
  | "rollout"
  | "sleep"
  | "recovery"
>;
