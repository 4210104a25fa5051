/**
 * Every way the environments are allowed to differ, and why. The parity check
 * (src/reports/parity/parity.ts, run by the stack tests) fails on any difference not listed here, naming it.
 *
 * To add a difference — say a new setting `edge.wafRateLimit` that prod sets higher:
 * 1. add `{ setting: "edge.wafRateLimit", kind: "scale", reason: "…" }` to the pair(s) whose
 *    stacks differ on it (dev → staging, staging → prod). Staging → prod allows only identity,
 *    scale, safety and data kinds: the spec's "same structure, different scale". A difference
 *    only some stack files make (staging restored from a snapshot) is declared with
 *    `optional: true`, so its absence from the committed stacks is not reported as stale;
 * 2. if the knob adds or removes resources, input keys, options or links, list them under the
 *    knob in KNOB_EFFECTS (roles are names without `<stack>-`, AZ letters as `{az}`);
 * 3. if it is a protection, add it to SAFETY_RULES (src/reports/parity/safety.ts) so prod can never be
 *    weaker than staging on it;
 * 4. `npm run reports` regenerates stacks/PARITY.md with the new row.
 */
import type { DeclaredDifference, KnobEffects, TierPair } from "./parity";

/** What a differing knob may change in a plan's shape. Keys are settings paths. */
export const KNOB_EFFECTS: Readonly<Record<string, KnobEffects>> = {
  // The spec's access table (ACCESS_MATRIX in src/environment/access/team-access.ts) is per tier: a team with no
  // access to a tier (QA and executives on dev) gets no role there.
  tier: { resources: ["access-*"] },
  // No load balancer in dev: the whole HTTPS entry path is absent, and with it the app's
  // ingress from the ALB.
  "loadBalancer.enabled": {
    resources: [
      "alb",
      "alb-sg",
      "alb-sg-*",
      "app-sg-in-*-alb",
      "app",
      "https",
      "http-redirect",
      "cert",
      "cert-validated",
      "cert-validation",
      "alias",
      // The load balancer's alarms (src/environment/observability/alarms.ts) exist only where it does.
      "alb-5xx-rate",
      "alb-5xx-above-normal",
      "alb-p99-latency",
      "alb-unhealthy-hosts",
      // The rollback alarm is the ALB's 5xx rate: without it AppConfig has nothing to watch, so
      // there is no monitor role (src/environment/app/runtime-flags.ts).
      "appconfig-monitor",
      "appconfig-monitor-role",
    ],
  },
  // Without a domain an enabled ALB serves HTTP only: no certificate, no DNS records.
  "loadBalancer.domainName": {
    resources: ["cert", "cert-validated", "cert-validation", "alias", "https"],
  },
  // The web ACL on the ALB, its request logs and the KMS key that encrypts them (edge.ts).
  "edge.waf": { resources: ["waf", "waf-alb", "waf-logging", "waf-logs", "logs-kms"] },
  // CloudFront in front of the ALB: the distribution with its certificate, web ACL, logs and
  // DNS; the ALB then admits only CloudFront (prefix list, no internet rules) and forwards only
  // requests carrying the origin secret (a listener rule instead of the listener's default).
  "edge.cloudFront": {
    resources: [
      "cdn",
      "cdn-*",
      "security-headers",
      "origin-verify",
      "https-from-cloudfront",
      "alb-sg-in-443-cloudfront",
      "alb-sg-in-443-v4",
      "alb-sg-in-443-v6",
      "alb-sg-in-80-v4",
      "alb-sg-in-80-v6",
      // The ALB admits only 443 from CloudFront: a port-80 listener could never be reached.
      "http-redirect",
    ],
    edges: ["https -> app"],
  },
  // A final snapshot needs a unique identifier, generated once and kept in state.
  "database.finalSnapshot": {
    resources: ["db-final-snapshot-id"],
    inputs: ["db.finalSnapshotIdentifier"],
  },
  // Performance Insights data is encrypted with the environment's key.
  "database.performanceInsights": { inputs: ["db.performanceInsightsKmsKeyId"] },
  // Redis snapshots need a window only when there are snapshots to take.
  "cache.snapshotRetentionDays": { inputs: ["redis.snapshotWindow"] },
  // A database created from a snapshot names it; the rest of the instance is the same.
  "database.restoreFromSnapshot": { inputs: ["db.snapshotIdentifier"] },
  // Protected environments keep a final Redis snapshot and protect every stateful resource.
  protectStateful: {
    // The final snapshot's name gets a fresh suffix per group (src/environment/data/cache.ts).
    resources: ["redis-final-snapshot-id"],
    inputs: ["redis.finalSnapshotIdentifier"],
    options: ["*.protect", "*.retainOnDelete"],
  },
  // dev's "basic" monitoring has only the essential alarms; the rest exist at level "all".
  "monitoring.alarms": {
    resources: [
      "db-connections",
      "cache-cpu-*",
      "cache-memory-*",
      "cache-evictions-*",
      "alb-p99-latency",
      "alb-unhealthy-hosts",
    ],
  },
  // Every cache node has its own alarms; replication lag exists only where there is a replica.
  "cache.nodeCount": {
    resources: [
      "cache-*-002",
      "cache-*-003",
      "cache-*-004",
      "cache-*-005",
      "cache-*-006",
      "cache-replication-lag-*",
    ],
  },
  // The sleep schedule (src/config/sleep-schedule.ts): scheduled actions on the app servers' (and
  // a NAT instance's) group, EventBridge Scheduler stopping and starting the database and silencing
  // the alarms, and the scheduler's two roles.
  "sleep.enabled": {
    resources: [
      "app-sleep",
      "app-wake",
      "nat-sleep",
      "nat-wake",
      "db-stop",
      "db-start",
      "db-sleep-role",
      "db-sleep-role-policy",
      "alarms-off",
      "alarms-on",
      "alarms-sleep-role",
      "alarms-sleep-role-policy",
    ],
  },
  // Managed NAT gateways (with their addresses) or a NAT instance (src/environment/network/nat-instance.ts):
  // its interface, group, launch template, role, security group, alarm and, asleep, its schedule.
  "network.natGateways": {
    resources: [
      "nat-{az}",
      "nat-eip-{az}",
      "nat-eni",
      "nat-asg",
      "nat-lt",
      "nat-role",
      "nat-policy",
      "nat-profile",
      "nat-sg",
      "nat-sg-in-app-{az}",
      "nat-sg-out-all-v4",
      "nat-in-service",
      "nat-sleep",
      "nat-wake",
    ],
  },
  // One subscription per address, one for a pager: prod's on-call.
  "monitoring.alarmEmails": { resources: ["alarms-email-*"] },
  alarmPagerUrl: { resources: ["alarms-pager"] },
  // Under an organization trail the environment has no trail or trail bucket of its own.
  "monitoring.organizationTrail": { resources: ["trail", "trail-logs", "trail-logs-*"] },
  // Rotation: the AWS rotation Lambda (a Serverless Application Repository stack) in the app
  // subnets, its security group and its path to PostgreSQL; rotation then owns the password.
  // Recovery (src/environment/recovery/recovery.ts): the vault, plan, its role and the failure
  // notifications exist with a backup plan; the rest with the tier's promises.
  "recovery.backupPlan": {
    resources: [
      "backup-role",
      "backup-role-policy-*",
      "backup-role-keys",
      "backup-vault",
      "backup-plan",
      "backup-selection",
      "backup-failures",
      "backup-failures-alarm",
      "restore-failures",
      "restore-failures-alarm",
    ],
  },
  "recovery.copyRegion": { resources: ["recovery-kms", "recovery-kms-alias", "backup-vault-copy"] },
  "recovery.vaultLock": { resources: ["backup-vault-lock", "backup-vault-copy-lock"] },
  "recovery.replicateAutomatedBackups": { resources: ["db-backup-replication"] },
  "recovery.restoreTesting": { resources: ["restore-testing", "restore-testing-db"] },
  "secrets.rotationDays": {
    resources: [
      "rotation-sg",
      "rotation-sg-*",
      "db-sg-in-5432-rotation",
      "db-rotation",
      "db-secret-rotation",
    ],
    options: ["db.ignoreChanges", "db-secret-value.ignoreChanges"],
    // The tracked secret version keeps a label of its own, so rotation cannot orphan it (database.ts).
    inputs: ["db-secret-value.versionStages"],
  },
};

/** Several settings that differ for one reason. */
function scale(settings: readonly string[], reason: string): DeclaredDifference[] {
  return settings.map((setting) => ({ setting, kind: "scale", reason }));
}

/** Names, namespaces, networks and domains: what keeps two environments from touching. */
const identity = [
  { setting: "stack", kind: "identity", reason: "Each environment is its own Pulumi stack and state." },
  {
    setting: "tier",
    kind: "identity",
    reason: "The tier picks the defaults from the spec's tables and the prod floors.",
  },
  {
    setting: "environment",
    kind: "identity",
    reason: "Secrets namespace and Environment tag: no environment can read another's secrets.",
  },
  {
    setting: "network.cidr",
    kind: "identity",
    reason: "Separate, non-overlapping VPCs (spec: network isolation, no cross-env traffic).",
  },
] as const;

/** Staging may be created from a sanitized production snapshot (docs/staging-data.md). */
const stagingData: DeclaredDifference = {
  setting: "database.restoreFromSnapshot",
  kind: "data",
  reason:
    "Spec: staging runs on sanitized production data; dev uses synthetic data and prod is the source, so only a staging stack file may name a snapshot.",
  optional: true,
};

const domain = [
  {
    setting: "loadBalancer.domainName",
    kind: "identity",
    reason: "Each environment answers on its own host name.",
  },
  {
    setting: "loadBalancer.hostedZoneId",
    kind: "identity",
    reason: "The Route 53 zone that holds that host name.",
  },
] as const;

export const PARITY_PAIRS: readonly TierPair[] = [
  {
    lower: "dev",
    upper: "staging",
    differences: [
      {
        setting: "monitoring",
        kind: "developer",
        reason:
          "Spec: dev monitoring is basic/optional: only the essential alarms, loose thresholds, a week of logs, a month of audit files.",
      },
      {
        setting: "rollout",
        kind: "developer",
        reason:
          "Spec: dev can go down anytime, so its one instance is replaced straight away (no healthy minimum); staging deploys blue-green: the new instances are launched and healthy (min 100 %, max 200 %) before any old one stops.",
      },
      {
        setting: "appImage",
        kind: "developer",
        reason:
          "Spec: code flows dev → staging → production. Dev follows a tag (every push to main); staging runs an image by digest only, the bytes production will run.",
      },
      {
        setting: "recovery",
        kind: "developer",
        reason:
          "Spec: dev can go down anytime on synthetic data, so it promises no RPO or RTO and keeps no backups beyond RDS's own; staging (best effort 99%) promises a day, with a daily AWS Backup vault.",
      },
      ...identity,
      stagingData,
      {
        setting: "sleep.enabled",
        kind: "developer",
        reason:
          "Spec: dev is minimal-cost and can go down anytime, so it sleeps outside the working week (servers at zero, database stopped, alarms silent): ~$39 a month instead of ~$64. Staging stays up for merges and testers (it may opt in); prod never sleeps (a prod floor).",
      },
      {
        setting: "network.natGateways",
        kind: "developer",
        reason:
          "Dev egresses through one NAT instance (a t4g.nano an auto-scaling group replaces when it dies): a few dollars a month instead of a managed gateway's $36; minutes of outage are acceptable in dev. Staging keeps the managed gateway prod has (a prod floor refuses the instance).",
      },
      {
        setting: "loadBalancer.enabled",
        kind: "developer",
        reason:
          "Spec: dev is a single instance developers reach directly; staging validates the real HTTPS entry path. Enable it in a dev stack to test behind an ALB.",
      },
      {
        setting: "loadBalancer.domainName",
        kind: "developer",
        reason: "Dev has no ALB and so no host name; staging answers on its own name.",
      },
      {
        ...domain[1],
        kind: "developer",
        reason: "Dev has no ALB and so no DNS zone to validate a certificate in.",
      },
      ...scale(
        ["compute.instanceType", "compute.minSize", "compute.desiredCapacity", "compute.maxSize"],
        "Spec: dev is a single t3.small; staging 2× t3.medium scaling 2–4.",
      ),
      {
        setting: "database.instanceClass",
        kind: "scale",
        reason: "Spec: dev db.t3.micro, staging db.t3.medium.",
      },
      {
        setting: "database.allocatedStorageGb",
        kind: "scale",
        reason: "Synthetic dev data is small; staging holds a sanitized copy of production.",
      },
      {
        setting: "database.maxAllocatedStorageGb",
        kind: "scale",
        reason: "Storage autoscaling ceiling follows the data size.",
      },
      {
        setting: "cache.nodeType",
        kind: "scale",
        reason: "Spec: dev cache.t3.micro, staging cache.t3.small.",
      },
      {
        setting: "cost.monthlyBudgetUsd",
        kind: "scale",
        reason:
          "Spec cost bands: dev minimal (~$10/mo), staging low (~$100/mo); each budget is what its tier now costs, dev asleep outside the working week (docs/cost.md).",
      },
      {
        setting: "app.nodeEnv",
        kind: "identity",
        reason: "NODE_ENV names the environment to the app (spec: development, staging).",
      },
      {
        setting: "app.port",
        kind: "developer",
        reason: "Spec's docker-compose dev listens on 3000; staging and prod on 8080 behind the ALB.",
      },
      {
        setting: "app.logLevel",
        kind: "developer",
        reason: "Spec: dev security and logging are relaxed for debugging (LOG_LEVEL=debug).",
      },
      {
        setting: "app.dbPoolMin",
        kind: "scale",
        reason: "The pool grows with the number of app servers and the database size.",
      },
      {
        setting: "app.dbPoolMax",
        kind: "scale",
        reason: "The pool grows with the number of app servers and the database size.",
      },
      {
        setting: "app.requestTimeoutMs",
        kind: "developer",
        reason:
          "Spec's code default (30 s) in dev, so slow requests show up early; staging and prod allow 60 s.",
      },
      {
        setting: "database.backupRetentionDays",
        kind: "safety",
        reason: "Dev data is synthetic: one day of backups; staging keeps a week.",
      },
      {
        setting: "database.deletionProtection",
        kind: "safety",
        reason:
          "Dev is torn down and rebuilt at will; staging's sanitized copy takes hours to rebuild, so it is protected like prod.",
      },
      {
        setting: "database.finalSnapshot",
        kind: "developer",
        reason: "Spec: dev is easy to reset and rebuild; nothing in it is worth a snapshot.",
      },
      {
        setting: "cache.snapshotRetentionDays",
        kind: "developer",
        reason: "Dev cache contents are disposable; staging keeps a day to rehearse restores.",
      },
      {
        setting: "network.flowLogRetentionDays",
        kind: "safety",
        reason: "A week of dev flow logs is enough to debug; staging keeps a month.",
      },
      {
        setting: "edge.waf",
        kind: "safety",
        reason: "Dev has no load balancer to protect; staging's public ALB gets the web ACL prod has.",
      },
      {
        setting: "edge.rateLimitPer5Min",
        kind: "scale",
        reason:
          "Staging serves testers, not the public: a tighter per-IP limit (dev's is unused without a WAF).",
      },
      {
        setting: "secrets.recoveryWindowDays",
        kind: "developer",
        reason: "0 days: a torn-down dev can be rebuilt at once under the same secret names.",
      },
      {
        setting: "secrets.kmsDeletionWindowDays",
        kind: "developer",
        reason: "The shortest KMS window (7 days): dev keys are scheduled for deletion quickly.",
      },
      ...["runtimeFlags.growthFactor", "runtimeFlags.durationMinutes", "runtimeFlags.bakeMinutes"].map(
        (setting) => ({
          setting,
          kind: "developer" as const,
          reason:
            "A dev flag change reaches its one server at once; staging rolls out in two steps with a short bake (docs/configuration.md).",
        }),
      ),
    ],
  },
  {
    lower: "staging",
    upper: "prod",
    differences: [
      {
        setting: "monitoring",
        kind: "safety",
        reason:
          "Spec: prod has full monitoring with alerts and on-call: tighter thresholds, a subscriber required, logs kept 400 days and audit files seven years.",
      },
      {
        setting: "appImage",
        kind: "identity",
        reason:
          "Between releases staging runs the candidate and prod the last promoted digest; the release workflow promotes staging's own digest and AMI, so the two agree after every release.",
        optional: true,
      },
      {
        setting: "compute.imageId",
        kind: "identity",
        reason: "A new AMI reaches staging first and prod only with the release that promotes it.",
        optional: true,
      },
      {
        setting: "rollout",
        kind: "safety",
        reason:
          "Spec: prod rolls out canary → 100 % over about two hours: 10, 25, 50 and 75 % of the group, each watched 30 minutes by the rollback alarms; new instances launch before old ones stop (min 100 %, max 110 %).",
      },
      {
        setting: "recovery",
        kind: "safety",
        reason:
          "Spec: production has backup and disaster recovery (SLA 99.9%+): an hour of data (three if the account is compromised) and four hours to recover in every scenario, hourly locked recovery points copied to a second region, replicated automated backups and weekly restore tests.",
      },
      ...identity,
      ...domain,
      stagingData,
      {
        setting: "edge.cloudFront",
        kind: "safety",
        reason:
          "Spec diagram: production users reach the app through the CDN, which carries a web ACL at the edge; the ALB then admits only CloudFront.",
      },
      {
        setting: "edge.rateLimitPer5Min",
        kind: "scale",
        reason:
          "Real users behind shared NATs and offices: prod allows more requests per IP than staging's testers need.",
      },
      {
        setting: "network.availabilityZones",
        kind: "safety",
        reason: "Spec: prod is multi-AZ; three AZs survive the loss of one with capacity to spare.",
      },
      {
        setting: "network.natGateways",
        kind: "safety",
        reason: "One NAT per AZ in prod: an AZ outage must not cut the other AZs off.",
      },
      {
        setting: "network.flowLogRetentionDays",
        kind: "safety",
        reason: "A year of prod flow logs for audits and incident forensics; staging a month.",
      },
      {
        setting: "loadBalancer.deletionProtection",
        kind: "safety",
        reason: "The prod entry point cannot be deleted by accident.",
      },
      ...scale(
        ["compute.instanceType", "compute.minSize", "compute.desiredCapacity", "compute.maxSize"],
        "Spec: staging 2× t3.medium (2–4); prod 10× c5.xlarge auto-scaling 5–50.",
      ),
      { setting: "compute.rootVolumeGb", kind: "scale", reason: "Room for a busier host's logs and caches." },
      {
        setting: "app.nodeEnv",
        kind: "identity",
        reason: "NODE_ENV names the environment (spec: production).",
      },
      {
        setting: "cost.monthlyBudgetUsd",
        kind: "scale",
        reason:
          "Spec cost bands: staging low (~$100/mo), prod high (~$1000s/mo); prod's budget holds it at up to 50 instances (docs/cost.md).",
      },
      ...["runtimeFlags.growthFactor", "runtimeFlags.durationMinutes", "runtimeFlags.bakeMinutes"].map(
        (setting) => ({
          setting,
          kind: "safety" as const,
          reason:
            "A prod flag change reaches real users gradually and is watched long enough for an alarm to roll it back (prod floors in src/config/resolve.ts).",
        }),
      ),
      { setting: "app.dbPoolMin", kind: "scale", reason: "Spec: prod DB_POOL_MIN=10 for ten app servers." },
      { setting: "app.dbPoolMax", kind: "scale", reason: "Spec: prod DB_POOL_MAX=50." },
      {
        setting: "database.instanceClass",
        kind: "scale",
        reason: "Spec: staging db.t3.medium, prod db.r5.xlarge.",
      },
      {
        setting: "database.allocatedStorageGb",
        kind: "scale",
        reason: "Real customer data is larger than the sanitized copy.",
      },
      {
        setting: "database.maxAllocatedStorageGb",
        kind: "scale",
        reason: "Storage autoscaling ceiling follows the data size.",
      },
      {
        setting: "database.multiAz",
        kind: "safety",
        reason: "Spec: prod PostgreSQL is Multi-AZ (SLA 99.9%+).",
      },
      {
        setting: "database.backupRetentionDays",
        kind: "safety",
        reason: "Two weeks of point-in-time recovery for real customer data.",
      },
      {
        setting: "database.performanceInsights",
        kind: "safety",
        reason: "Spec: prod has full monitoring plus alerts and on-call; query-level insight is part of it.",
      },
      {
        setting: "cache.nodeType",
        kind: "scale",
        reason: "Spec: staging cache.t3.small, prod cache.r5.large.",
      },
      {
        setting: "cache.nodeCount",
        kind: "safety",
        reason: "Spec: prod Redis has replication: a replica in another AZ.",
      },
      {
        setting: "cache.multiAz",
        kind: "safety",
        reason: "Automatic failover to the replica when the primary's AZ fails.",
      },
      {
        setting: "cache.snapshotRetentionDays",
        kind: "safety",
        reason: "A week of Redis snapshots in prod.",
      },
      {
        setting: "secrets.recoveryWindowDays",
        kind: "safety",
        reason: "A deleted prod secret can be restored for the longest window AWS allows (30 days).",
      },
      {
        setting: "secrets.rotationDays",
        kind: "safety",
        reason: "Spec: production secrets auto-rotate (database passwords every 30–90 days).",
      },
      {
        setting: "protectStateful",
        kind: "safety",
        reason: "A prod deploy can never delete or replace the database, cache, key or secrets.",
      },
      {
        setting: "deployWindow",
        kind: "safety",
        reason: "Spec: staging → prod only Mon–Thu 10am–2pm; staging deploys on every merge.",
      },
    ],
  },
];
