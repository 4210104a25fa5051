/**
 * Tier defaults, taken from the specification (shared/seeds/environment-management.md). A stack
 * file names its tier and overrides only what differs. Where the seed is silent, the choice and
 * its reason are written here and in docs/configuration.md.
 */
import { DEFAULT_DEPLOY_WINDOW, type DeployWindow } from "../lib/deploy-window";
import type { SettingsGroups, Tier } from "./settings";

export interface TierDefaults {
  /** Secrets namespace and Environment tag: the seed's /dev/*, /staging/*, /production/*. */
  readonly environment: string;
  /** Fewest AZs a stack of this tier may list (the seed: dev 2, staging 2, prod multi-AZ = 3). */
  readonly minAzs: number;
  readonly protectStateful: boolean;
  /** The seed's promotion rules: dev and staging any time, prod Mon–Thu 10:00–14:00. */
  readonly deployWindow: DeployWindow | null;
  readonly groups: Omit<SettingsGroups, "network"> & {
    readonly network: Omit<SettingsGroups["network"], "cidr" | "availabilityZones">;
  };
}

/** Amazon Linux 2023, resolved by EC2 at launch: no AMI lookup, so the plan is the same offline. */
export const DEFAULT_IMAGE_ID =
  "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

/** A current PostgreSQL major on RDS. */
export const DEFAULT_POSTGRES_VERSION = "17";
export const DEFAULT_REDIS_VERSION = "7.1";
export const DEFAULT_HEALTH_CHECK_PATH = "/health";

const shared = {
  healthCheckPath: DEFAULT_HEALTH_CHECK_PATH,
  imageId: DEFAULT_IMAGE_ID,
  /** One scaling target for every tier: parity in behaviour, only the bounds differ. */
  targetCpuPercent: 50,
  database: { engineVersion: DEFAULT_POSTGRES_VERSION, name: "app", username: "app_admin" },
  cacheVersion: DEFAULT_REDIS_VERSION,
};

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
    groups: {
      // One NAT so the app can reach AWS APIs and packages; "none" is allowed for dev only.
      network: { natGateways: "single", flowLogRetentionDays: 7 },
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
      access: DEFAULT_ACCESS,
      // dev has no load balancer by default; a test ALB gets no WAF unless asked for.
      edge: { waf: false, rateLimitPer5Min: 2000, cloudFront: false },
      // Seed: "Minimal (~$10/mo)". Its own dev sizing costs more than that (instances, database
      // and cache alone are ~$41, the NAT ~$36), so the budget is the band's ceiling: under $100.
      cost: { monthlyBudgetUsd: 100 },
    },
  },
  staging: {
    environment: "staging",
    minAzs: 2,
    protectStateful: false,
    deployWindow: null,
    groups: {
      network: { natGateways: "single", flowLogRetentionDays: 30 },
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
      access: DEFAULT_ACCESS,
      // WAF like prod, a lower rate limit: staging serves testers, not the public.
      edge: { waf: true, rateLimitPer5Min: 1000, cloudFront: false },
      // Seed: "Low (~$100/mo)". Its staging sizing is ~$155 in instance-hours alone; $300 holds
      // the whole stack at the auto-scaling maximum (4 instances). docs/cost.md has the figures.
      cost: { monthlyBudgetUsd: 300 },
    },
  },
  prod: {
    environment: "production",
    minAzs: 3,
    protectStateful: true,
    deployWindow: DEFAULT_DEPLOY_WINDOW,
    groups: {
      // One NAT per AZ: an AZ outage must not cut the other AZs off.
      network: { natGateways: "perAz", flowLogRetentionDays: 365 },
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
      access: DEFAULT_ACCESS,
      // The seed's diagram: CloudFront (with the WAF) in front of the ALB. 2,000 requests per IP
      // per 5 minutes (~7/s) leaves headroom for real users behind a shared NAT.
      edge: { waf: true, rateLimitPer5Min: 2000, cloudFront: true },
      // Seed: "High (~$1000s/mo)": the band's ceiling, which holds prod at its auto-scaling
      // maximum of 50 instances.
      cost: { monthlyBudgetUsd: 10_000 },
    },
  },
};
