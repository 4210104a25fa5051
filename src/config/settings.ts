import type { Team } from "../lib/access";
import type { DeployWindow } from "../lib/deploy-window";

/**
 * EnvironmentSettings: everything the Environment component needs, fully resolved (tier defaults
 * merged with the stack file), validated and frozen. Plain data with no Pulumi types, so every
 * difference between stacks is visible here and testable without mocks.
 */

export const TIERS = ["dev", "staging", "prod"] as const;
export type Tier = (typeof TIERS)[number];

export const NAT_STRATEGIES = ["none", "single", "perAz"] as const;
/** none: no egress from the app tier; single: one NAT for all AZs; perAz: one NAT in every AZ. */
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface NetworkSettings {
  /** The VPC's /16, disjoint from every other stack's. */
  readonly cidr: string;
  /** AZ names, e.g. ["us-east-1a", "us-east-1b"]; from config so the program is deterministic offline. */
  readonly availabilityZones: readonly string[];
  readonly natGateways: NatStrategy;
  readonly flowLogRetentionDays: number;
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
  /** EC2 image: an SSM parameter path resolved by EC2 at launch, or an AMI id. */
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

/** The edge in front of the load balancer: WAF, and on prod CloudFront (src/environment/edge.ts). */
export interface EdgeSettings {
  /** A WAFv2 web ACL on the load balancer (and on CloudFront, when there is one). */
  readonly waf: boolean;
  /** Requests one client IP may make in 5 minutes before the WAF blocks it. */
  readonly rateLimitPer5Min: number;
  /** CloudFront in front of the load balancer, which then takes web traffic only from CloudFront. */
  readonly cloudFront: boolean;
}

/** Who may assume the stack's team roles (src/lib/access.ts holds what each team may do). */
export interface AccessSettings {
  /** The account people sign in to (IAM Identity Center / SSO); null = the stack's own account. */
  readonly identityAccountId: string | null;
  /** Per team, the IAM Identity Center permission set allowed to assume its role; null = any principal the identity account allows. */
  readonly permissionSets: Readonly<Record<Team, string | null>>;
}

/** What the stack may cost; the estimate is in stacks/<stack>.cost.md (src/lib/cost-estimate.ts). */
export interface CostSettings {
  /** A stack test fails when the stack's monthly estimate exceeds this (USD). */
  readonly monthlyBudgetUsd: number;
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
  readonly access: AccessSettings;
  readonly edge: EdgeSettings;
  readonly cost: CostSettings;
  /** `protect` and retain-on-delete on stateful resources: a deploy can never delete them. */
  readonly protectStateful: boolean;
  /** When `pulumi up` may change this stack (previews always may); null = any time. */
  readonly deployWindow: DeployWindow | null;
  /**
   * Third-party keys (src/lib/third-party-secrets.ts) this stack file supplies as `secure:`
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
  | "edge"
>;
