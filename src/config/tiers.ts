/**
 * Tier defaults, taken from the specification (shared/seeds/environment-management.md). A stack
 * file names its tier and overrides only what differs. Where the seed is silent, the choice and
 * its reason are written here and in docs/configuration.md.
 */
import { DEFAULT_DEPLOY_WINDOW, type DeployWindow } from "./deploy-window";
import type { SettingsGroups, Tier } from "../model/settings";

export interface TierDefaults {
  /** Secrets namespace and Environment tag: the seed's /dev/*, /staging/*, /production/*. */
  readonly environment: string;
  /** Fewest AZs a stack of this tier may list (the seed: dev 2, staging 2, prod multi-AZ = 3). */
  readonly minAzs: number;
  readonly protectStateful: boolean;
  /** The seed's promotion rules: dev and staging any time, prod Mon–Thu 10:00–14:00. */
  readonly deployWindow: DeployWindow | null;
  /**
   * Runs only an image named by digest (infra:appImage: sha256:…): what staging tested is, byte
   * for byte, what reaches production. false: the stack may follow a tag (dev, "main").
   */
  readonly imageByDigestOnly: boolean;
  /** infra:appImage when the stack file names none; undefined = the stack file must name it. */
  readonly defaultAppImage: string | undefined;
  readonly groups: Omit<SettingsGroups, "network"> & {
    readonly network: Omit<SettingsGroups["network"], "cidr" | "availabilityZones">;
  };
}

/**
 * The hosts' AMI when a stack file names none: a literal id, never `resolve:ssm:` (instance-refresh
 * rollback cannot undo that). Placeholder like the account ids: each stack file pins its own
 * Amazon Linux 2023 AMI (README: "Point the environments at your application").
 */
export const DEFAULT_IMAGE_ID = "ami-0123456789abcdef0";

/**
 * The NAT instance (natGateways "instance"): the smallest Graviton type. A NAT instance's
 * bandwidth is its type's ("up to 5 Gbit/s" for t4g.nano), ample for one developer's package
 * installs and API calls. https://aws.amazon.com/ec2/instance-types/t4/
 */
export const DEFAULT_NAT_INSTANCE_TYPE = "t4g.nano";

/**
 * The NAT instance's AMI when a stack file names none: a placeholder like DEFAULT_IMAGE_ID; a stack
 * that runs a NAT instance pins its own Amazon Linux 2023 arm64 AMI (infra:network.natImageId).
 */
export const DEFAULT_NAT_IMAGE_ID = "ami-0fedcba9876543210";

/**
 * The working week a sleeping environment keeps: weekdays 08:00–20:00 on the New York office
 * clock (the deploy window's clock). Outside it dev's servers are at zero and its database stopped.
 */
const WORKING_WEEK = {
  days: ["mon", "tue", "wed", "thu", "fri"],
  start: "08:00",
  end: "20:00",
  timezone: "America/New_York",
} as const;

/** A current PostgreSQL major on RDS. */
export const DEFAULT_POSTGRES_VERSION = "17";
export const DEFAULT_REDIS_VERSION = "7.1";
export const DEFAULT_HEALTH_CHECK_PATH = "/health";
/** The seed's config/default.js `features`: newCheckout off unless a stack turns it on. */
export const DEFAULT_FLAGS: Readonly<Record<string, boolean>> = { newCheckout: false };

const shared = {
  healthCheckPath: DEFAULT_HEALTH_CHECK_PATH,
  imageId: DEFAULT_IMAGE_ID,
  /** One scaling target for every tier: parity in behaviour, only the bounds differ. */
  targetCpuPercent: 50,
  database: { engineVersion: DEFAULT_POSTGRES_VERSION, name: "app", username: "app_admin" },
  cacheVersion: DEFAULT_REDIS_VERSION,
};

/**
 * Recovery, shared by every tier: restore tests start Monday 06:00 UTC (before the working week,
 * off the nightly backup window); a stack rebuild from nothing (VPC, NATs, ALB, ASG, RDS, Redis,
 * CloudFront) is planned at an hour, CloudFront and Multi-AZ RDS creation being the slow steps.
 */
const RECOVERY_SHARED = {
  restoreTestingSchedule: "cron(0 6 ? * MON *)",
  rebuildMinutes: 60,
} as const;

const MONITORING_SHARED = { alarmEmails: [], organizationTrail: false } as const;
const ROLLOUT_SHARED = { checkpointDelaySeconds: 0, instanceWarmupSeconds: 120, autoRollback: true } as const;
/** The seed's production canary: these shares of the group, each watched this long (4 × 30 min = 2 h). */
export const PROD_CANARY_CHECKPOINTS = [10, 25, 50, 75, 100] as const;
export const PROD_CANARY_DELAY_SECONDS = 1800;
/**
 * Single-account by default (the roles trust the stack's own account); each team's role may be
 * assumed only through the IAM Identity Center permission set of the same name.
 */
const DEFAULT_ACCESS = {
  identityAccountId: null,
  permissionSets: { developers: "Developers", qa: "QA", platform: "Platform", executives: "Executives" },
} as const;

export const TIER_DEFAULTS: Readonly<Record<Tier, TierDefaults>> = {
  dev: {
    environment: "dev",
    minAzs: 2,
    protectStateful: false,
    deployWindow: null,
    imageByDigestOnly: false,
    // dev follows the tag CI pushes for every commit on main.
    defaultAppImage: "main",
    groups: {
      // One NAT instance (a t4g.nano in an auto-scaling group of one) so the app can reach AWS APIs
      // and packages at a tenth of a managed gateway's price; "none" is allowed for dev only.
      network: {
        natGateways: "instance",
        natInstanceType: DEFAULT_NAT_INSTANCE_TYPE,
        natImageId: DEFAULT_NAT_IMAGE_ID,
        flowLogRetentionDays: 7,
      },
      // The seed's dev has no load balancer; enable it by config to test behind an ALB.
      loadBalancer: {
        enabled: false,
        domainName: undefined,
        hostedZoneId: undefined,
        deletionProtection: false,
        healthCheckPath: shared.healthCheckPath,
      },
      // Seed: "App Servers 1x t3.small".
      compute: {
        instanceType: "t3.small",
        minSize: 1,
        desiredCapacity: 1,
        maxSize: 1,
        targetCpuPercent: shared.targetCpuPercent,
        rootVolumeGb: 20,
        imageId: shared.imageId,
      },
      // Seed: docker-compose dev (NODE_ENV=development, LOG_LEVEL=debug, port 3000) and the code
      // defaults (pool min 2, max 10, server timeout 30 s).
      app: {
        nodeEnv: "development",
        port: 3000,
        logLevel: "debug",
        dbPoolMin: 2,
        dbPoolMax: 10,
        requestTimeoutMs: 30000,
      },
      // Seed: "PostgreSQL db.t3.micro". One day of backups: dev data is synthetic.
      database: {
        instanceClass: "db.t3.micro",
        ...shared.database,
        allocatedStorageGb: 20,
        maxAllocatedStorageGb: 50,
        multiAz: false,
        backupRetentionDays: 1,
        deletionProtection: false,
        finalSnapshot: false,
        performanceInsights: false,
        restoreFromSnapshot: undefined,
      },
      // Seed: "Dev Redis cache.t3.micro".
      cache: {
        nodeType: "cache.t3.micro",
        engineVersion: shared.cacheVersion,
        nodeCount: 1,
        multiAz: false,
        snapshotRetentionDays: 0,
      },
      // Recovery window 0: a torn-down dev can be rebuilt at once under the same secret names.
      secrets: { recoveryWindowDays: 0, rotationDays: null, kmsDeletionWindowDays: 7 },
      // Seed: dev monitoring is "basic/optional". Only the essential alarms, loose thresholds,
      // a week of logs; alarms go to the topic, which needs no subscriber.
      monitoring: {
        ...MONITORING_SHARED,
        alarms: "essential",
        onCall: false,
        logRetentionDays: 7,
        trailRetentionDays: 30,
        alb5xxRatePercent: 10,
        errorRateBandStdDevs: 4,
        albP99Seconds: 5,
        dbCpuPercent: 90,
        dbFreeStorageGb: 2,
        // db.t3.micro allows about 110 connections.
        dbConnections: 80,
        cacheCpuPercent: 90,
        cacheMemoryPercent: 90,
        cacheEvictions: 1000,
        cacheReplicationLagSeconds: 30,
      },
      // One instance that may go down any time: replace it straight away.
      rollout: { ...ROLLOUT_SHARED, checkpointPercentages: [], minHealthyPercent: 0, maxHealthyPercent: 100 },
      access: DEFAULT_ACCESS,
      // dev has no load balancer by default; a test ALB gets no WAF unless asked for.
      edge: { waf: false, rateLimitPer5Min: 2000, cloudFront: false },
      // Seed: "Minimal (~$10/mo)". Its own dev sizing costs ~$41 a month around the clock
      // (instances, database, cache), so dev sleeps nights and weekends and egresses through a
      // NAT instance: ~$39 as scheduled, ~$64 always on (stacks/dev.cost.md). The budget holds
      // the schedule: a dev stack that stops sleeping breaks it.
      cost: { monthlyBudgetUsd: 45 },
      // Seed: dev "can go down anytime". Asleep outside the working week.
      sleep: { enabled: true, ...WORKING_WEEK },
      // All at once: dev flips flags for one developer's test, nobody waits.
      // Seed: dev "can go down anytime" and holds synthetic data: nothing is promised, nothing
      // is backed up beyond RDS's one day of automated backups; a broken dev is rebuilt.
      recovery: {
        ...RECOVERY_SHARED,
        rpoMinutes: null,
        compromiseRpoMinutes: null,
        rtoMinutes: null,
        scenarios: [],
        backupPlan: false,
        backupIntervalHours: 24,
        backupRetentionDays: 1,
        copyRegion: null,
        copyRetentionDays: 1,
        vaultLock: false,
        replicateAutomatedBackups: false,
        restoreTesting: false,
        databaseRestoreMinutes: 30,
      },
      runtimeFlags: {
        flags: DEFAULT_FLAGS,
        growthType: "LINEAR",
        growthFactor: 100,
        durationMinutes: 0,
        bakeMinutes: 0,
      },
    },
  },
  staging: {
    environment: "staging",
    minAzs: 2,
    protectStateful: false,
    deployWindow: null,
    imageByDigestOnly: true,
    defaultAppImage: undefined,
    groups: {
      network: {
        natGateways: "single",
        natInstanceType: DEFAULT_NAT_INSTANCE_TYPE,
        natImageId: DEFAULT_NAT_IMAGE_ID,
        flowLogRetentionDays: 30,
      },
      // Seed: "Load Balancer ALB".
      loadBalancer: {
        enabled: true,
        domainName: undefined,
        hostedZoneId: undefined,
        deletionProtection: false,
        healthCheckPath: shared.healthCheckPath,
      },
      // Seed: "2x t3.medium, Auto-scaling 2-4".
      compute: {
        instanceType: "t3.medium",
        minSize: 2,
        desiredCapacity: 2,
        maxSize: 4,
        targetCpuPercent: shared.targetCpuPercent,
        rootVolumeGb: 20,
        imageId: shared.imageId,
      },
      // Production-like port, log level and timeout; a pool between the code default and production's.
      app: {
        nodeEnv: "staging",
        port: 8080,
        logLevel: "info",
        dbPoolMin: 5,
        dbPoolMax: 20,
        requestTimeoutMs: 60000,
      },
      // Seed: "PostgreSQL db.t3.medium". A week of backups, a final snapshot on delete,
      // deletion protection: staging's sanitized copy takes hours to rebuild (policy rds-deletion-protection).
      database: {
        instanceClass: "db.t3.medium",
        ...shared.database,
        allocatedStorageGb: 50,
        maxAllocatedStorageGb: 200,
        multiAz: false,
        backupRetentionDays: 7,
        deletionProtection: true,
        finalSnapshot: true,
        performanceInsights: false,
        restoreFromSnapshot: undefined,
      },
      // Seed: "Staging Redis cache.t3.small".
      cache: {
        nodeType: "cache.t3.small",
        engineVersion: shared.cacheVersion,
        nodeCount: 1,
        multiAz: false,
        snapshotRetentionDays: 1,
      },
      secrets: { recoveryWindowDays: 7, rotationDays: null, kmsDeletionWindowDays: 30 },
      // Seed: staging has "full monitoring": every alarm, production-like thresholds, a month of logs.
      monitoring: {
        ...MONITORING_SHARED,
        alarms: "all",
        onCall: false,
        logRetentionDays: 30,
        trailRetentionDays: 90,
        alb5xxRatePercent: 5,
        // Staging's traffic is testers: a wider band, fewer false rollbacks.
        errorRateBandStdDevs: 3,
        albP99Seconds: 2,
        dbCpuPercent: 80,
        dbFreeStorageGb: 5,
        // db.t3.medium allows about 450 connections.
        dbConnections: 350,
        cacheCpuPercent: 80,
        cacheMemoryPercent: 80,
        cacheEvictions: 100,
        cacheReplicationLagSeconds: 10,
      },
      // Seed: staging deploys blue-green: the whole new group is launched and healthy (min 100 %)
      // next to the old one (max 200 %) before any old instance stops.
      rollout: {
        ...ROLLOUT_SHARED,
        checkpointPercentages: [],
        minHealthyPercent: 100,
        maxHealthyPercent: 200,
      },
      access: DEFAULT_ACCESS,
      // WAF like prod, a lower rate limit: staging serves testers, not the public.
      edge: { waf: true, rateLimitPer5Min: 1000, cloudFront: false },
      // Seed: "Low (~$100/mo)". Its staging sizing is ~$155 in instance-hours alone; the whole
      // stack at its desired size is ~$251 (stacks/staging.cost.md), so $275 leaves room for small
      // additions and fails on a bigger class, another NAT gateway or more servers by default.
      cost: { monthlyBudgetUsd: 275 },
      // Awake around the clock: staging deploys on every merge and testers work when they work.
      // A staging stack may sleep (infra:sleep.enabled) to save its instance and database hours.
      sleep: { enabled: false, ...WORKING_WEEK },
      // Two steps over ten minutes, five watched after: enough to see a broken flag before QA does.
      // Seed: staging is "best effort 99%+" (about 7 hours down a month): a day of data and a
      // day to recover, inside its region. Its data is a sanitized copy, so a region or account
      // loss is survived by rebuilding it from production's copies, not promised here. A daily
      // AWS Backup recovery point keeps a week of restorable copies outside RDS.
      recovery: {
        ...RECOVERY_SHARED,
        rpoMinutes: 1440,
        compromiseRpoMinutes: null,
        rtoMinutes: 1440,
        scenarios: ["az-loss", "data-corruption", "bad-deploy", "console-change"],
        backupPlan: true,
        backupIntervalHours: 24,
        backupRetentionDays: 7,
        copyRegion: null,
        copyRetentionDays: 7,
        vaultLock: false,
        replicateAutomatedBackups: false,
        restoreTesting: false,
        databaseRestoreMinutes: 45,
      },
      runtimeFlags: {
        flags: DEFAULT_FLAGS,
        growthType: "LINEAR",
        growthFactor: 50,
        durationMinutes: 10,
        bakeMinutes: 5,
      },
    },
  },
  prod: {
    environment: "production",
    minAzs: 3,
    protectStateful: true,
    deployWindow: DEFAULT_DEPLOY_WINDOW,
    imageByDigestOnly: true,
    defaultAppImage: undefined,
    groups: {
      // One NAT per AZ: an AZ outage must not cut the other AZs off.
      network: {
        natGateways: "perAz",
        natInstanceType: DEFAULT_NAT_INSTANCE_TYPE,
        natImageId: DEFAULT_NAT_IMAGE_ID,
        flowLogRetentionDays: 400,
      },
      // Seed: "Load Balancer ALB Multi-AZ".
      loadBalancer: {
        enabled: true,
        domainName: undefined,
        hostedZoneId: undefined,
        deletionProtection: true,
        healthCheckPath: shared.healthCheckPath,
      },
      // Seed: "10x c5.xlarge, Auto-scaling 5-50".
      compute: {
        instanceType: "c5.xlarge",
        minSize: 5,
        desiredCapacity: 10,
        maxSize: 50,
        targetCpuPercent: shared.targetCpuPercent,
        rootVolumeGb: 30,
        imageId: shared.imageId,
      },
      // Seed: "Common Environment Variables" (NODE_ENV=production, PORT=8080, LOG_LEVEL=info,
      // DB_POOL_MIN=10, DB_POOL_MAX=50) and config/production.js (server.timeout 60000).
      app: {
        nodeEnv: "production",
        port: 8080,
        logLevel: "info",
        dbPoolMin: 10,
        dbPoolMax: 50,
        requestTimeoutMs: 60000,
      },
      // Seed: "db.r5.xlarge, Multi-AZ, Encrypted, Auto backups". Two weeks of point-in-time
      // recovery; deletion protection and a final snapshot.
      database: {
        instanceClass: "db.r5.xlarge",
        ...shared.database,
        allocatedStorageGb: 100,
        maxAllocatedStorageGb: 1000,
        multiAz: true,
        backupRetentionDays: 14,
        deletionProtection: true,
        finalSnapshot: true,
        performanceInsights: true,
        restoreFromSnapshot: undefined,
      },
      // Seed: "cache.r5.large, Replication": a primary and a replica in another AZ.
      cache: {
        nodeType: "cache.r5.large",
        engineVersion: shared.cacheVersion,
        nodeCount: 2,
        multiAz: true,
        snapshotRetentionDays: 7,
      },
      // Seed: database passwords rotate automatically every 30–90 days; 30 here.
      secrets: { recoveryWindowDays: 30, rotationDays: 30, kmsDeletionWindowDays: 30 },
      // Seed: "Full + alerts + on-call". Every alarm, tight thresholds, a subscription required.
      // Logs a year and a month (400 days): a yearly audit still finds last year's same month.
      // Audit trail files seven years, the usual horizon of financial and SOC 2 audits.
      monitoring: {
        ...MONITORING_SHARED,
        alarms: "all",
        onCall: true,
        logRetentionDays: 400,
        trailRetentionDays: 2557,
        // The seed's "automatic rollback, error rate > 2×": twice the 0.5 % the SLA tolerates.
        alb5xxRatePercent: 1,
        // The seed's "error rate > 2×" is the rate against its own normal level: the anomaly
        // band, at CloudWatch's default width of two standard deviations.
        errorRateBandStdDevs: 2,
        albP99Seconds: 1.5,
        dbCpuPercent: 80,
        dbFreeStorageGb: 20,
        // db.r5.xlarge allows about 3,400 connections; 50 servers × a pool of 50 = 2,500 at the maximum.
        dbConnections: 2700,
        cacheCpuPercent: 75,
        cacheMemoryPercent: 80,
        cacheEvictions: 100,
        cacheReplicationLagSeconds: 5,
      },
      // Seed: "Canary → 100 %" over about two hours: 10 %, 25 %, 50 %, 75 %, each watched
      // 30 minutes by the rollback alarms, then the rest. New instances launch before old ones
      // stop (max 110 %), so capacity never drops below the whole group.
      rollout: {
        ...ROLLOUT_SHARED,
        checkpointPercentages: [...PROD_CANARY_CHECKPOINTS],
        checkpointDelaySeconds: PROD_CANARY_DELAY_SECONDS,
        minHealthyPercent: 100,
        maxHealthyPercent: 110,
      },
      access: DEFAULT_ACCESS,
      // The seed's diagram: CloudFront (with the WAF) in front of the ALB. 2,000 requests per IP
      // per 5 minutes (~7/s) leaves headroom for real users behind a shared NAT.
      edge: { waf: true, rateLimitPer5Min: 2000, cloudFront: true },
      // Seed: "High (~$1000s/mo)". Prod is ~$2,950 at its desired 10 instances and ~$8,100 at its
      // auto-scaling maximum of 50 (stacks/prod.cost.md); the budget holds that maximum.
      cost: { monthlyBudgetUsd: 8_500 },
      // Never asleep: PROD_FLOORS refuses infra:sleep.enabled on a prod-tier stack.
      sleep: { enabled: false, ...WORKING_WEEK },
      // Gradual: a tenth of the app servers every 3 minutes, then 30 minutes of bake time in
      // which an alarm rolls the flags back (PROD_FLOORS keeps both from being lowered).
      // Seed: "SLA 99.9%+" allows 43 minutes down a month, 8.8 hours a year, and production
      // lists "backup and disaster recovery" among its non-negotiables. RTO 4 hours: one
      // regional disaster a year still fits the yearly budget. RPO 60 minutes: in-region losses
      // cost at most RDS's 5-minute log interval and a region loss its replicated logs (~15).
      // An account compromise leaves only the locked recovery points: hourly, but AWS Backup
      // starts no RDS backup from an hour before to the end of the weekly maintenance window, so
      // up to 3 hours. Hourly points kept 3 days (72 per region, inside RDS's 100-snapshot
      // quota), copied to us-west-2, locked against deletion; RDS's own 14 days of point-in-time
      // recovery are replicated there too; restores are tested weekly.
      recovery: {
        ...RECOVERY_SHARED,
        rpoMinutes: 60,
        compromiseRpoMinutes: 180,
        rtoMinutes: 240,
        scenarios: [
          "az-loss",
          "region-loss",
          "data-corruption",
          "account-compromise",
          "bad-deploy",
          "console-change",
        ],
        backupPlan: true,
        backupIntervalHours: 1,
        backupRetentionDays: 3,
        copyRegion: "us-west-2",
        copyRetentionDays: 3,
        vaultLock: true,
        replicateAutomatedBackups: true,
        restoreTesting: true,
        databaseRestoreMinutes: 90,
      },
      runtimeFlags: {
        flags: DEFAULT_FLAGS,
        growthType: "LINEAR",
        growthFactor: 10,
        durationMinutes: 30,
        bakeMinutes: 30,
      },
    },
  },
};
