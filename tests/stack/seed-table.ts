/**
 * The seed's tables for each environment, transcribed by hand from
 * shared/seeds/environment-management.md — deliberately NOT read from src/config/tiers.ts, so a
 * stack file or tier default that drifts from the specification fails a test that names it.
 */
export interface SeedEnvironment {
  /** "Dev VPC: 10.0.0.0/16" … */
  readonly vpcCidr: string;
  readonly azCount: number;
  /** App servers: "1x t3.small", "2x t3.medium", "10x c5.xlarge". */
  readonly instanceType: string;
  /** [min, desired, max]: dev single instance; "Auto-scaling 2-4"; "Auto-scaling 5-50" with 10 running. */
  readonly asg: readonly [number, number, number];
  readonly dbClass: string;
  readonly dbMultiAz: boolean;
  readonly cacheNodeType: string;
  /** "Replication" on prod only. */
  readonly cacheReplication: boolean;
  /** "/dev/* namespace" … "/production/* namespace". */
  readonly secretsNamespace: string;
  /** "Auto-rotation enabled" on production secrets only. */
  readonly rotation: boolean;
  /** Staging and prod have an ALB; dev has none. */
  readonly loadBalancer: boolean;
  /** "Common Environment Variables" (production) and the dev compose file. */
  readonly env: Readonly<Record<string, string>>;
}

export const SEED: Readonly<Record<"dev" | "staging" | "prod", SeedEnvironment>> = {
  dev: {
    vpcCidr: "10.0.0.0/16",
    azCount: 2,
    instanceType: "t3.small",
    asg: [1, 1, 1],
    dbClass: "db.t3.micro",
    dbMultiAz: false,
    cacheNodeType: "cache.t3.micro",
    cacheReplication: false,
    secretsNamespace: "/dev/",
    rotation: false,
    loadBalancer: false,
    env: { NODE_ENV: "development", LOG_LEVEL: "debug", DB_POOL_MIN: "2", DB_POOL_MAX: "10" },
  },
  staging: {
    vpcCidr: "10.1.0.0/16",
    azCount: 2,
    instanceType: "t3.medium",
    asg: [2, 2, 4],
    dbClass: "db.t3.medium",
    dbMultiAz: false,
    cacheNodeType: "cache.t3.small",
    cacheReplication: false,
    secretsNamespace: "/staging/",
    rotation: false,
    loadBalancer: true,
    env: { NODE_ENV: "staging", PORT: "8080", LOG_LEVEL: "info" },
  },
  prod: {
    vpcCidr: "10.2.0.0/16",
    azCount: 3,
    instanceType: "c5.xlarge",
    asg: [5, 10, 50],
    dbClass: "db.r5.xlarge",
    dbMultiAz: true,
    cacheNodeType: "cache.r5.large",
    cacheReplication: true,
    secretsNamespace: "/production/",
    rotation: true,
    loadBalancer: true,
    env: { NODE_ENV: "production", PORT: "8080", LOG_LEVEL: "info", DB_POOL_MIN: "10", DB_POOL_MAX: "50" },
  },
};
