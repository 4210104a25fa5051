/**
 * Invalid stack configs and the exact message each must produce. Used twice: against the pure
 * resolver (tests/config/config.test.ts) and through the whole program under the capturing
 * monitor, which must register nothing but the root stack (tests/stack/bad-config.ts).
 */

/** A digest in the shared repository's format; staging and prod run images by digest only. */
export const TEST_IMAGE_DIGEST = `sha256:${"ab".repeat(32)}`;

export const PROD_BASE: Readonly<Record<string, string>> = {
  "aws:region": "us-east-1",
  "aws:allowedAccountIds": JSON.stringify(["333333333333"]),
  "infra:tier": "prod",
  "infra:network": JSON.stringify({
    cidr: "10.2.0.0/16",
    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
  }),
  "infra:loadBalancer": JSON.stringify({ domainName: "app.example.com", hostedZoneId: "Z0EXAMPLE" }),
  // Prod alarms must reach on-call: every prod config needs a subscriber.
  "infra:monitoring": JSON.stringify({ alarmEmails: ["oncall@example.com"] }),
  "infra:appImage": TEST_IMAGE_DIGEST,
};

export const STAGING_BASE: Readonly<Record<string, string>> = {
  "aws:region": "us-east-1",
  "infra:tier": "staging",
  "infra:network": JSON.stringify({ cidr: "10.1.0.0/16", availabilityZones: ["us-east-1a", "us-east-1b"] }),
  "infra:loadBalancer": JSON.stringify({ domainName: "staging.example.com", hostedZoneId: "Z0EXAMPLE" }),
  "infra:appImage": TEST_IMAGE_DIGEST,
};

export interface BadConfig {
  readonly name: string;
  readonly stack: string;
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys?: readonly string[];
  /** The problem lines, in order; the header is the same for every case. */
  readonly problems: readonly string[];
}

const header = (stack: string) =>
  `Invalid configuration for stack "${stack}" (Pulumi.${stack}.yaml); no resources were registered:`;

export function expectedMessage(c: BadConfig): string {
  return [header(c.stack), ...c.problems.map((p) => `  - ${p}`)].join("\n");
}

import { cite } from "../../src/config/aws/sources";
import { CACHE_NODE_TYPES, RDS_POSTGRES_CLASSES } from "../../src/config/aws/values";
import { NAME_RULES, nameSource } from "../../src/model/name-rules";
import { T } from "../../src/model/resource-types";

const without = (config: Readonly<Record<string, string>>, key: string) =>
  Object.fromEntries(Object.entries(config).filter(([k]) => k !== key));
const prod = (extra: Record<string, string>) => ({ ...PROD_BASE, ...extra });
const staging = (extra: Record<string, string>) => ({ ...STAGING_BASE, ...extra });
const json = (value: unknown) => JSON.stringify(value);

export const BAD_CONFIGS: readonly BadConfig[] = [
  {
    name: "staging following a tag instead of a digest",
    stack: "staging",
    config: staging({ "infra:appImage": "main" }),
    problems: [
      'infra:appImage: got "main", a tag; a staging-tier stack runs an image by digest only (sha256: and 64 hex digits, from the staging stack\'s output appImage); tags are for dev-tier stacks',
    ],
  },
  {
    name: "prod naming no image",
    stack: "prod",
    config: without(PROD_BASE, "infra:appImage"),
    problems: [
      "infra:appImage: not set; a staging- or prod-tier stack names the app image it runs by digest (sha256: and 64 hex digits): the digest staging's output appImage reports",
    ],
  },
  {
    name: "an image reference that is neither digest nor tag",
    stack: "prod",
    config: prod({ "infra:appImage": "sha256:abc" }),
    problems: [
      'infra:appImage: got "sha256:abc"; expected an image digest of the shared repository (sha256: and 64 hex digits), or on a tier that follows tags, a tag such as main',
    ],
  },
  {
    name: "an AMI resolved from SSM at launch (rollback cannot undo it)",
    stack: "prod",
    config: prod({
      "infra:compute": json({
        imageId: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023",
      }),
    }),
    problems: [
      'infra:compute.imageId: got "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023"; expected a pinned AMI id such as ami-0123456789abcdef0 (not resolve:ssm:…: instance-refresh rollback cannot undo it)',
    ],
  },
  {
    name: "a rollout that may grow the group by more than AWS allows",
    stack: "staging",
    config: staging({ "infra:rollout": json({ minHealthyPercent: 50, maxHealthyPercent: 200 }) }),
    problems: [
      "infra:rollout.maxHealthyPercent: got 200 with minHealthyPercent 50; AWS allows at most 100 between them",
    ],
  },
  {
    name: "missing tier",
    stack: "prod",
    config: without(PROD_BASE, "infra:tier"),
    problems: ['infra:tier: not set; expected one of "dev", "staging", "prod"'],
  },
  {
    name: "unknown tier",
    stack: "prod",
    config: prod({ "infra:tier": "production" }),
    problems: ['infra:tier: got "production"; allowed: "dev", "staging", "prod"'],
  },
  {
    name: "prod drops recovery scenarios and restore tests",
    stack: "prod",
    config: prod({ "infra:recovery": json({ scenarios: ["az-loss"], restoreTesting: false }) }),
    problems: [
      'infra:recovery.scenarios: got ["az-loss"]; a prod-tier stack must list every scenario: az-loss, region-loss, data-corruption, account-compromise, bad-deploy, console-change',
      "infra:recovery.restoreTesting: got false; a prod-tier stack must stay true (a backup never restored is not a backup)",
    ],
  },
  {
    name: "prod promises hours of data loss",
    stack: "prod",
    config: prod({ "infra:recovery": json({ rpoMinutes: 240, compromiseRpoMinutes: null }) }),
    problems: [
      "infra:recovery.rpoMinutes: got 240; a prod-tier stack must be at most 60 (production loses minutes of data, not hours)",
      "infra:recovery.compromiseRpoMinutes: got null; a prod-tier stack must be at most 180 (even a compromised account loses hours of data at most, from the locked recovery points)",
    ],
  },
  {
    name: "misspelt top-level key",
    stack: "prod",
    config: prod({ "infra:databse": json({ instanceClass: "db.r5.xlarge" }) }),
    problems: [
      "infra:databse: unknown key; allowed keys: infra:tier, infra:environment, infra:network, infra:loadBalancer, infra:compute, infra:app, infra:database, infra:cache, infra:secrets, infra:access, infra:cost, infra:runtimeFlags, infra:edge, infra:monitoring, infra:rollout, infra:sleep, infra:recovery, infra:deployWindow, infra:alarmPagerUrl, infra:appImage, infra:stripeApiKey, infra:sendgridApiKey, infra:sentryDsn, infra:datadogApiKey",
    ],
  },
  {
    name: "misspelt nested key",
    stack: "prod",
    config: prod({ "infra:database": json({ instanceClas: "db.r5.xlarge" }) }),
    problems: [
      "infra:database.instanceClas: unknown key; allowed keys in infra:database: instanceClass, engineVersion, allocatedStorageGb, maxAllocatedStorageGb, multiAz, backupRetentionDays, deletionProtection, finalSnapshot, performanceInsights, name, username, restoreFromSnapshot",
    ],
  },
  {
    name: "database class that RDS for PostgreSQL does not offer",
    stack: "prod",
    config: prod({ "infra:database": json({ instanceClass: "r5.xlarge" }) }),
    problems: [
      `infra:database.instanceClass: got "r5.xlarge"; expected a DB instance class RDS for PostgreSQL offers "db.<family>.<size>" with one of the families ${Object.keys(
        RDS_POSTGRES_CLASSES,
      )
        .map((f) => `db.${f}`)
        .join(", ")}; ${cite("rdsPostgresClasses")}`,
    ],
  },
  {
    name: "fractional instance count",
    stack: "prod",
    config: prod({ "infra:compute": json({ minSize: 2.5 }) }),
    problems: ["infra:compute.minSize: got 2.5; expected an integer from 1 to 500"],
  },
  {
    name: "desired capacity above the maximum",
    stack: "prod",
    config: prod({ "infra:compute": json({ desiredCapacity: 60 }) }),
    problems: [
      "infra:compute: got minSize 5, desiredCapacity 60, maxSize 50; expected minSize ≤ desiredCapacity ≤ maxSize",
    ],
  },
  {
    name: "VPC larger than a /16",
    stack: "prod",
    config: prod({
      "infra:network": json({
        cidr: "10.2.0.0/15",
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
      }),
    }),
    problems: ['infra:network.cidr: got "10.2.0.0/15"; expected a /16: the subnet layout is sized for one'],
  },
  {
    name: "VPC CIDR with host bits",
    stack: "prod",
    config: prod({
      "infra:network": json({
        cidr: "10.2.3.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
      }),
    }),
    problems: [
      'infra:network.cidr: "10.2.3.0/16" has host bits set; the network address is 10.2.0.0/16; expected an IPv4 /16 such as 10.0.0.0/16',
    ],
  },
  {
    name: "too few AZs for prod",
    stack: "prod",
    config: prod({
      "infra:network": json({ cidr: "10.2.0.0/16", availabilityZones: ["us-east-1a", "us-east-1b"] }),
    }),
    problems: [
      "infra:network.availabilityZones: got 2 (us-east-1a, us-east-1b); a prod-tier stack needs at least 3",
    ],
  },
  {
    name: "AZ outside the region",
    stack: "prod",
    config: prod({
      "infra:network": json({
        cidr: "10.2.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b", "us-west-2c"],
      }),
    }),
    problems: ["infra:network.availabilityZones: got us-west-2c; every AZ must be in aws:region us-east-1"],
  },
  {
    name: "AZ listed twice",
    stack: "prod",
    config: prod({
      "infra:network": json({
        cidr: "10.2.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1a"],
      }),
    }),
    problems: ["infra:network.availabilityZones: lists us-east-1a more than once"],
  },
  {
    name: "not an AZ name",
    stack: "prod",
    config: prod({
      "infra:network": json({ cidr: "10.2.0.0/16", availabilityZones: ["us-east-1a", "us-east-1b", "east"] }),
    }),
    problems: ['infra:network.availabilityZones[2]: got "east"; expected an AZ name such as us-east-1a'],
  },
  {
    name: "unknown NAT strategy",
    stack: "prod",
    config: prod({ "infra:network": json({ natGateways: "perAZ" }) }),
    problems: ['infra:network.natGateways: got "perAZ"; allowed: "none", "instance", "single", "perAz"'],
  },
  {
    name: "staging without NAT",
    stack: "staging",
    config: staging({
      "infra:network": json({
        cidr: "10.1.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b"],
        natGateways: "none",
      }),
    }),
    problems: [
      'infra:network.natGateways: got "none"; only dev-tier stacks may run without NAT (allowed here: "instance", "single", "perAz")',
    ],
  },
  {
    name: "staging without a domain (HTTP only)",
    stack: "staging",
    config: without(STAGING_BASE, "infra:loadBalancer"),
    problems: [
      "infra:loadBalancer.domainName: not set; a staging-tier stack serves HTTPS only, so it needs the domain its certificate is issued for (and infra:loadBalancer.hostedZoneId)",
    ],
  },
  {
    name: "domain without its hosted zone",
    stack: "staging",
    config: staging({ "infra:loadBalancer": json({ domainName: "staging.example.com" }) }),
    problems: [
      "infra:loadBalancer.hostedZoneId: not set; domainName and hostedZoneId go together (the zone validates the certificate)",
    ],
  },
  {
    name: "prod turning off database deletion protection",
    stack: "prod",
    config: prod({ "infra:database": json({ deletionProtection: false }) }),
    problems: [
      "infra:database.deletionProtection: got false; a prod-tier stack must stay true (production data is never lost by a deploy)",
    ],
  },
  {
    name: "prod with three days of backups",
    stack: "prod",
    config: prod({ "infra:database": json({ backupRetentionDays: 3 }) }),
    problems: ["infra:database.backupRetentionDays: got 3; a prod-tier stack must be at least 7"],
  },
  {
    name: "prod without password rotation",
    stack: "prod",
    config: prod({ "infra:secrets": json({ rotationDays: null }) }),
    problems: [
      "infra:secrets.rotationDays: got null; a prod-tier stack must be set, at most 90 (the seed: database passwords rotate every 30–90 days)",
    ],
  },
  {
    name: "Multi-AZ cache with a single node",
    stack: "staging",
    config: staging({ "infra:cache": json({ multiAz: true }) }),
    problems: ["infra:cache.nodeCount: got 1 with multiAz true; Multi-AZ failover needs at least 2 nodes"],
  },
  {
    name: "connection pool minimum above its maximum",
    stack: "prod",
    config: prod({ "infra:app": json({ dbPoolMin: 60 }) }),
    problems: ["infra:app: got dbPoolMin 60 above dbPoolMax 50; expected dbPoolMin ≤ dbPoolMax"],
  },
  {
    name: "request timeout under a second",
    stack: "staging",
    config: staging({ "infra:app": json({ requestTimeoutMs: 500 }) }),
    problems: ["infra:app.requestTimeoutMs: got 500; expected an integer from 1000 to 600000"],
  },
  {
    name: "a third-party key in plain text in the stack file",
    stack: "staging",
    config: staging({ "infra:stripeApiKey": "sk_test_PLAINTEXTinTheFile" }),
    problems: [
      "infra:stripeApiKey: given in plain text; a third-party key enters a stack only as a secret: remove the entry and run `pulumi config set --secret --stack staging infra:stripeApiKey <value>`",
    ],
  },
  {
    name: "a live Stripe key on a non-prod stack (value never echoed)",
    stack: "staging",
    config: staging({ "infra:stripeApiKey": "sk_live_DoNotEchoThis123" }),
    secretKeys: ["infra:stripeApiKey"],
    problems: [
      "infra:stripeApiKey: got [secret]; expected a non-prod stack takes a Stripe test key (sk_test_… or rk_test_…), never a live one",
    ],
  },
  {
    name: "a Stripe test key on prod, and a malformed Sentry DSN",
    stack: "prod",
    config: prod({ "infra:stripeApiKey": "sk_test_DoNotEchoThis123", "infra:sentryDsn": "not-a-dsn-Secret" }),
    secretKeys: ["infra:stripeApiKey", "infra:sentryDsn"],
    problems: [
      "infra:stripeApiKey: got [secret]; expected a prod-tier stack takes a Stripe live key (sk_live_… or rk_live_…)",
      "infra:sentryDsn: got [secret]; expected a Sentry DSN (https://<public key>@<host>/<project id>)",
    ],
  },
  {
    name: "a runtime flag that is not a boolean, and a flag name AppConfig refuses",
    stack: "staging",
    config: staging({ "infra:runtimeFlags": json({ flags: { newCheckout: "yes", "1st-flag": true } }) }),
    problems: [
      'infra:runtimeFlags.flags.newCheckout: got "yes"; expected true or false',
      'infra:runtimeFlags.flags.1st-flag: got "1st-flag"; expected a flag name: a letter, then letters, digits, _ or - (at most 64)',
    ],
  },
  {
    name: "prod rolling flags out all at once with no bake time",
    stack: "prod",
    config: prod({ "infra:runtimeFlags": json({ growthFactor: 100, durationMinutes: 0, bakeMinutes: 0 }) }),
    problems: [
      "infra:runtimeFlags.growthFactor: got 100; a prod-tier stack must stay below 100 (flags reach production gradually, never all at once)",
      "infra:runtimeFlags.durationMinutes: got 0; a prod-tier stack must be at least 10 (a gradual flag rollout)",
      "infra:runtimeFlags.bakeMinutes: got 0; a prod-tier stack must watch a flag rollout for at least 10 minutes (alarms roll it back)",
    ],
  },
  {
    name: "log retention CloudWatch does not offer",
    stack: "prod",
    config: prod({ "infra:network": json({ flowLogRetentionDays: 10 }) }),
    problems: [
      "infra:network.flowLogRetentionDays: got 10; expected one of CloudWatch's retention periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
    ],
  },
  {
    name: "secret recovery window Secrets Manager does not allow",
    stack: "staging",
    config: staging({ "infra:secrets": json({ recoveryWindowDays: 3 }) }),
    problems: [
      "infra:secrets.recoveryWindowDays: got 3; expected 0 (delete at once) or an integer from 7 to 30",
    ],
  },
  {
    name: "unsupported PostgreSQL version",
    stack: "prod",
    config: prod({ "infra:database": json({ engineVersion: "12" }) }),
    problems: ['infra:database.engineVersion: got "12"; allowed: "14", "15", "16", "17"'],
  },
  {
    name: "a group given as a scalar",
    stack: "prod",
    config: prod({ "infra:compute": "big" }),
    problems: [
      'infra:compute: got "big"; expected a mapping with any of: instanceType, minSize, desiredCapacity, maxSize, targetCpuPercent, rootVolumeGb, imageId',
    ],
  },
  {
    name: "missing region",
    stack: "prod",
    config: without(PROD_BASE, "aws:region"),
    problems: ["aws:region: not set; expected an AWS region such as us-east-1"],
  },
  {
    name: "AWS provider key the program does not pass on",
    stack: "prod",
    config: prod({ "aws:accessKey": "AKIAEXAMPLE" }),
    problems: [
      "aws:accessKey: not supported: the program builds its own AWS provider from aws:region, aws:profile, aws:allowedAccountIds",
    ],
  },
  {
    name: "a secret value is never echoed",
    stack: "prod",
    config: prod({ "infra:environment": "Hunter2-Secret!" }),
    secretKeys: ["infra:environment"],
    problems: ["infra:environment: got [secret]; expected a lowercase name such as production"],
  },
  {
    name: "stack name too long for the ALB name limit",
    stack: "production-eu-west-1x",
    config: prod({}),
    problems: [
      `stack name "production-eu-west-1x": ALB name "production-eu-west-1x-alb" plus Pulumi's 8-character random suffix is 33 characters; AWS allows 32. Use a stack name 1 character shorter; ${nameSource(NAME_RULES[T.loadBalancer]![0]!)}`,
      `stack name "production-eu-west-1x": target group name "production-eu-west-1x-app" plus Pulumi's 8-character random suffix is 33 characters; AWS allows 32. Use a stack name 1 character shorter; ${nameSource(NAME_RULES[T.lbTargetGroup]![0]!)}`,
    ],
  },
  {
    // CreateLoadBalancer reserves "internal-" (the DNS names of internal load balancers start so).
    name: "stack name that makes the ALB name start with internal-",
    stack: "internal",
    config: staging({}),
    problems: [
      `stack name "internal": ALB name "internal-alb" plus Pulumi's 8-character random suffix starts with "internal-", which AWS reserves; ${nameSource(NAME_RULES[T.loadBalancer]![0]!)}`,
    ],
  },
  {
    name: "stack name RDS and ElastiCache cannot use",
    stack: "Prod_EU",
    config: prod({}),
    problems: [
      'stack name "Prod_EU": resource names derive from it, so it must be lowercase letters and digits in hyphen-separated words, starting with a letter (e.g. prod-eu)',
    ],
  },
  {
    name: "prod without a deploy window",
    stack: "prod",
    config: prod({ "infra:deployWindow": "null" }),
    problems: [
      "infra:deployWindow: got null; a prod-tier stack must keep a deploy window (the seed: staging → prod Mon–Thu 10am–2pm; emergencies use the hotfix path)",
    ],
  },
  {
    name: "deploy window that closes before it opens",
    stack: "prod",
    config: prod({
      "infra:deployWindow": json({
        days: ["mon", "tue"],
        start: "14:00",
        end: "10:00",
        timezone: "Europe/London",
      }),
    }),
    problems: [
      "infra:deployWindow.start (14:00) must be before infra:deployWindow.end (10:00); the end is exclusive and windows cannot run past midnight.",
    ],
  },
  {
    name: "prod whose alarms reach nobody",
    stack: "prod",
    config: prod({ "infra:monitoring": json({ alarmEmails: [] }) }),
    problems: [
      "infra:monitoring.alarmEmails: not set, and no infra:alarmPagerUrl either; with infra:monitoring.onCall true (a prod-tier stack's alarms go to on-call) the alarm topic needs a subscriber: set infra:monitoring.alarmEmails (e.g. [oncall@example.com]) or a pager with `pulumi config set --secret infra:alarmPagerUrl https://…`",
    ],
  },
  {
    name: "prod turning off on-call",
    stack: "prod",
    config: prod({ "infra:monitoring": json({ alarmEmails: ["oncall@example.com"], onCall: false }) }),
    problems: [
      "infra:monitoring.onCall: got false; a prod-tier stack must stay true (the seed: production alarms reach on-call)",
    ],
  },
  {
    name: "prod with only the essential alarms",
    stack: "prod",
    config: prod({ "infra:monitoring": json({ alarmEmails: ["oncall@example.com"], alarms: "essential" }) }),
    problems: [
      'infra:monitoring.alarms: got "essential"; a prod-tier stack must keep "all" (the seed: full monitoring, alerts and on-call)',
    ],
  },
  {
    name: "prod keeping logs a month",
    stack: "prod",
    config: prod({
      "infra:monitoring": json({ alarmEmails: ["oncall@example.com"], logRetentionDays: 30 }),
      "infra:network": json({
        cidr: "10.2.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
        flowLogRetentionDays: 90,
      }),
    }),
    problems: [
      "infra:monitoring.logRetentionDays: got 30; a prod-tier stack must keep logs at least 365 days (audits look back a year)",
      "infra:network.flowLogRetentionDays: got 90; a prod-tier stack must keep logs at least 365 days (audits look back a year)",
    ],
  },
  {
    name: "prod audit trail files kept under a year",
    stack: "prod",
    config: prod({
      "infra:monitoring": json({ alarmEmails: ["oncall@example.com"], trailRetentionDays: 90 }),
    }),
    problems: [
      "infra:monitoring.trailRetentionDays: got 90; a prod-tier stack must keep audit logs at least 365 days",
    ],
  },
  {
    name: "prod rollout without a canary",
    stack: "prod",
    config: prod({ "infra:rollout": json({ checkpointPercentages: [100], autoRollback: false }) }),
    problems: [
      "infra:rollout.checkpointPercentages: got [100]; a prod-tier stack must start with a canary share before 100 (the seed: canary → 100 %), e.g. [10, 100]",
      "infra:rollout.autoRollback: got false; a prod-tier stack must stay true (the seed: automatic rollback when the error rate spikes)",
    ],
  },
  {
    name: "rollout checkpoints that do not end at 100",
    stack: "staging",
    config: staging({ "infra:rollout": json({ checkpointPercentages: [50, 20] }) }),
    problems: [
      "infra:rollout.checkpointPercentages: got [50,20]; expected an empty list (straight through) or ascending percentages from 1 to 100 ending with 100",
    ],
  },
  {
    name: "alarm email that is not an address, pager that is not HTTPS",
    stack: "staging",
    config: staging({
      "infra:monitoring": json({ alarmEmails: ["oncall"], alarmLevel: "all" }),
      "infra:alarmPagerUrl": "http://pager.example.com/hook",
    }),
    secretKeys: ["infra:alarmPagerUrl"],
    problems: [
      "infra:alarmPagerUrl: got [secret]; expected an https:// URL",
      'infra:monitoring.alarmEmails[0]: got "oncall"; expected an email address such as oncall@example.com',
      "infra:monitoring.alarmLevel: unknown key; allowed keys in infra:monitoring: alarms, onCall, alarmEmails, logRetentionDays, organizationTrail, trailRetentionDays, alb5xxRatePercent, albP99Seconds, errorRateBandStdDevs, dbCpuPercent, dbFreeStorageGb, dbConnections, cacheCpuPercent, cacheMemoryPercent, cacheEvictions, cacheReplicationLagSeconds",
    ],
  },
  {
    name: "prod created from a snapshot by config",
    stack: "prod",
    config: prod({ "infra:database": json({ restoreFromSnapshot: "prod-db-2026-11-29" }) }),
    problems: [
      'infra:database.restoreFromSnapshot: got "prod-db-2026-11-29"; only staging-tier stacks are created from a (sanitized) production snapshot: dev uses synthetic data, and prod is restored by the disaster-recovery runbook, not by config (docs/staging-data.md)',
    ],
  },
  {
    name: "snapshot name RDS would reject",
    stack: "staging",
    config: staging({ "infra:database": json({ restoreFromSnapshot: "2026_11_29 seed" }) }),
    problems: [
      'infra:database.restoreFromSnapshot: got "2026_11_29 seed"; expected an RDS snapshot identifier such as staging-seed-2026-11-29, or a snapshot ARN',
    ],
  },
  {
    name: "cost budget of zero",
    stack: "staging",
    config: staging({ "infra:cost": json({ monthlyBudgetUsd: 0 }) }),
    problems: ["infra:cost.monthlyBudgetUsd: got 0; expected a number of US dollars above 0"],
  },
  {
    name: "cost budget given as text",
    stack: "staging",
    config: staging({ "infra:cost": json({ monthlyBudgetUsd: "300" }) }),
    problems: ['infra:cost.monthlyBudgetUsd: got "300"; expected a number of US dollars above 0'],
  },
  {
    name: "several problems at once, all reported",
    stack: "prod",
    config: prod({
      "infra:tier": "prod",
      "infra:compute": json({ instanceType: "huge", minSize: 0 }),
      "infra:cache": json({ nodeType: "r5.large" }),
    }),
    problems: [
      `infra:compute.instanceType: got "huge"; expected an EC2 instance type that exists, such as t3.small or c5.xlarge (there is no family "huge"); ${cite("ec2InstanceTypes")}`,
      "infra:compute.minSize: got 0; expected an integer from 1 to 500",
      `infra:cache.nodeType: got "r5.large"; expected an ElastiCache node type new clusters can use "cache.<family>.<size>" with one of the families ${Object.keys(
        CACHE_NODE_TYPES,
      )
        .map((f) => `cache.${f}`)
        .join(", ")}; ${cite("cacheNodeTypes")}`,
    ],
  },
  {
    name: "a permission set mapped to a team the access table does not have",
    stack: "staging",
    config: staging({ "infra:access": json({ permissionSets: { devs: "Developers" } }) }),
    problems: [
      "infra:access.permissionSets.devs: unknown key; allowed keys in infra:access.permissionSets: developers, qa, platform, executives",
    ],
  },
  {
    name: "an identity account id that is not 12 digits",
    stack: "staging",
    config: staging({ "infra:access": json({ identityAccountId: "12345" }) }),
    problems: ['infra:access.identityAccountId: got "12345"; expected a 12-digit AWS account id'],
  },
  {
    name: "an allowed account id that is not 12 digits",
    stack: "prod",
    config: prod({ "aws:allowedAccountIds": json(["1234"]) }),
    problems: ['aws:allowedAccountIds[0]: got "1234"; expected a 12-digit AWS account id'],
  },
  {
    name: "a prod stack without an allowed account",
    stack: "prod",
    config: without(PROD_BASE, "aws:allowedAccountIds"),
    problems: [
      'aws:allowedAccountIds: not set; a prod-tier stack must name the AWS account(s) it may be applied to, e.g. ["123456789012"]',
    ],
  },
  {
    name: "a prod stack with an empty list of allowed accounts",
    stack: "prod",
    config: prod({ "aws:allowedAccountIds": "[]" }),
    problems: [
      'aws:allowedAccountIds: got an empty list; a prod-tier stack must name the AWS account(s) it may be applied to, e.g. ["123456789012"]',
    ],
  },
  {
    name: "a WAF rate limit of 0",
    stack: "staging",
    config: staging({ "infra:edge": json({ rateLimitPer5Min: 0 }) }),
    problems: [
      "infra:edge.rateLimitPer5Min: got 0; expected an integer from 10 to 2000000000 (requests per IP per 5 minutes)",
    ],
  },
  {
    name: "a prod stack without its WAF",
    stack: "prod",
    config: prod({ "infra:edge": json({ waf: false }) }),
    problems: [
      "infra:edge.cloudFront: got true; CloudFront needs infra:edge.waf true and an HTTPS domain (infra:loadBalancer.domainName), since it serves that domain and carries the web ACL",
      "infra:edge.waf: got false; a prod-tier stack must stay true (the seed: rate limiting and DDoS protection)",
    ],
  },
  {
    name: "a prod stack without CloudFront",
    stack: "prod",
    config: prod({ "infra:edge": json({ cloudFront: false }) }),
    problems: [
      "infra:edge.cloudFront: got false; a prod-tier stack must stay true (the seed's diagram: users reach production through the CDN)",
    ],
  },
  {
    name: "a WAF with no load balancer to protect",
    stack: "staging",
    config: staging({ "infra:loadBalancer": json({ enabled: false }) }),
    problems: [
      "infra:edge.waf: got true without a load balancer; the web ACL protects the ALB (set infra:loadBalancer.enabled or waf: false)",
    ],
  },
  // Values AWS rejects that the mocks accept (src/config/aws/, docs/validation.md).
  {
    name: "an EC2 instance size that does not exist",
    stack: "prod",
    config: prod({ "infra:compute": json({ instanceType: "t3.huge" }) }),
    problems: [
      `infra:compute.instanceType: got "t3.huge"; expected an EC2 instance type that exists: t3 comes in nano, micro, small, medium, large, xlarge, 2xlarge; ${cite("ec2InstanceTypes")}`,
    ],
  },
  {
    name: "an EC2 instance family that does not exist",
    stack: "prod",
    config: prod({ "infra:compute": json({ instanceType: "q9.large" }) }),
    problems: [
      `infra:compute.instanceType: got "q9.large"; expected an EC2 instance type that exists, such as t3.small or c5.xlarge (there is no family "q9"); ${cite("ec2InstanceTypes")}`,
    ],
  },
  {
    name: "an RDS class and a cache node type whose sizes do not exist",
    stack: "prod",
    config: prod({
      "infra:database": json({ instanceClass: "db.r5.medium" }),
      "infra:cache": json({ nodeType: "cache.t3.large" }),
    }),
    problems: [
      `infra:database.instanceClass: got "db.r5.medium"; expected a DB instance class RDS for PostgreSQL offers: db.r5 comes in large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge; ${cite("rdsPostgresClasses")}`,
      `infra:cache.nodeType: got "cache.t3.large"; expected an ElastiCache node type new clusters can use: cache.t3 comes in micro, small, medium; ${cite("cacheNodeTypes")}`,
    ],
  },
  {
    name: "a previous-generation cache node type new clusters cannot use",
    stack: "staging",
    config: staging({ "infra:cache": json({ nodeType: "cache.m3.large" }) }),
    problems: [
      `infra:cache.nodeType: got "cache.m3.large"; expected an ElastiCache node type new clusters can use "cache.<family>.<size>" with one of the families ${Object.keys(
        CACHE_NODE_TYPES,
      )
        .map((f) => `cache.${f}`)
        .join(", ")}; ${cite("cacheNodeTypes")}`,
    ],
  },
  {
    name: "an AZ letter the region does not have",
    stack: "prod",
    config: prod({
      "infra:network": json({
        cidr: "10.2.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1g"],
      }),
    }),
    problems: [
      `infra:network.availabilityZones: got us-east-1g, which does not exist; the AZs of us-east-1 are us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f; ${cite("availabilityZones")}`,
    ],
  },
  {
    name: "a region that does not exist",
    stack: "prod",
    config: prod({ "aws:region": "us-east-7" }),
    problems: [
      `aws:region: got "us-east-7"; expected an AWS Region that exists, such as us-east-1 or eu-west-1; ${cite("regions")}`,
    ],
  },
  {
    name: "a link-local VPC range",
    stack: "prod",
    config: prod({
      "infra:network": json({
        cidr: "169.254.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
      }),
    }),
    problems: [
      `infra:network.cidr: got "169.254.0.0/16", which overlaps 169.254.0.0/16 (link-local (the instance metadata service and Amazon DNS live here)); use a private range such as 10.0.0.0/8 or 192.168.0.0/16; ${cite("vpcCidr")}`,
    ],
  },
  {
    name: "the Docker bridge range as a VPC",
    stack: "staging",
    config: staging({
      "infra:network": json({ cidr: "172.17.0.0/16", availabilityZones: ["us-east-1a", "us-east-1b"] }),
    }),
    problems: [
      `infra:network.cidr: got "172.17.0.0/16", which overlaps 172.17.0.0/16 (used by AWS services and Docker's default bridge; the VPC guide says to avoid it); use a private range such as 10.0.0.0/8 or 192.168.0.0/16; ${cite("vpcCidr")}`,
    ],
  },
  {
    name: "a reserved master user name and database name",
    stack: "prod",
    config: prod({ "infra:database": json({ username: "user", name: "template1" }) }),
    problems: [
      `infra:database.username: got "user", a PostgreSQL reserved word, which RDS refuses as a master user name; ${cite("postgresKeywords")}`,
      `infra:database.name: got "template1", a database every RDS for PostgreSQL instance already has; ${cite("rdsRoles")}`,
    ],
  },
  {
    name: "master user names RDS keeps for itself",
    stack: "staging",
    config: staging({ "infra:database": json({ username: "rdsadmin" }) }),
    problems: [
      `infra:database.username: got "rdsadmin", a role name PostgreSQL or RDS reserves; ${cite("rdsRoles")}`,
    ],
  },
  {
    name: "a role name PostgreSQL reserves by prefix",
    stack: "staging",
    config: staging({ "infra:database": json({ username: "pg_app" }) }),
    problems: [
      `infra:database.username: got "pg_app"; role names starting with pg_ are reserved; ${cite("postgresRoles")}`,
    ],
  },
  // Input hygiene.
  {
    name: "a misspelt namespace",
    stack: "prod",
    config: prod({ "infar:network": json({ cidr: "10.2.0.0/16" }) }),
    problems: [
      `infar:network: unknown namespace "infar"; a stack file's keys are infra:<key>, aws:<key> or pulumi:<key>`,
    ],
  },
  {
    name: "an unknown key inside the deploy window",
    stack: "prod",
    config: prod({
      "infra:deployWindow": json({
        days: ["mon"],
        start: "10:00",
        end: "14:00",
        timezone: "America/New_York",
        timeZone: "UTC",
      }),
    }),
    problems: [
      "infra:deployWindow.timeZone: unknown key; allowed keys in infra:deployWindow: days, start, end, timezone",
    ],
  },
  {
    name: "a pager URL in plain text (never echoed)",
    stack: "prod",
    config: prod({ "infra:alarmPagerUrl": "https://events.example.com/integration/PAGER-KEY-123/enqueue" }),
    problems: [
      "infra:alarmPagerUrl: given in plain text; it is a secret: remove the entry and run `pulumi config set --secret --stack prod infra:alarmPagerUrl <value>`",
    ],
  },
  {
    name: "a settings group given as a secret (its values never echoed)",
    stack: "prod",
    config: prod({ "infra:database": json({ username: "SuperSecretUser", instanceClass: "db.nope" }) }),
    secretKeys: ["infra:database"],
    problems: [
      "infra:database: given as a secret; a settings group is reviewed configuration, so it is stored in plain text (only infra:alarmPagerUrl and third-party keys are secrets)",
    ],
  },
  {
    name: "a prod stack that sleeps",
    stack: "prod",
    config: prod({ "infra:sleep": json({ enabled: true }) }),
    problems: [
      "infra:sleep.enabled: got true; a prod-tier stack must stay false (production serves users around the clock; only dev and staging may sleep)",
    ],
  },
  {
    name: "a prod stack on a NAT instance",
    stack: "prod",
    config: prod({
      "infra:network": json({
        cidr: "10.2.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
        natGateways: "instance",
      }),
    }),
    problems: [
      'infra:network.natGateways: got "instance"; a prod-tier stack must keep managed NAT gateways ("perAz" or "single"): a NAT instance is one EC2 instance whose replacement takes minutes',
    ],
  },
  {
    name: "a sleep schedule in a time zone nobody has, ending before it starts",
    stack: "staging",
    config: staging({
      "infra:sleep": json({ enabled: true, start: "19:00", end: "07:00", timezone: "Mars/Olympus" }),
    }),
    problems: [
      "infra:sleep.start (19:00) must be before infra:sleep.end (07:00); the end is exclusive and windows cannot run past midnight",
      'infra:sleep.timezone "Mars/Olympus" is not a time zone this runtime knows; use an IANA name such as "America/New_York" or "Europe/London"',
    ],
  },
  {
    name: "a working day that starts before the database can",
    stack: "staging",
    config: staging({ "infra:sleep": json({ enabled: true, start: "00:15" }) }),
    problems: [
      'infra:sleep.start: got "00:15"; the database starts 30 minutes before the working day, so start must be "00:30" or later',
    ],
  },
  {
    name: "a NAT instance on an x86 type",
    stack: "staging",
    config: staging({
      "infra:network": json({
        cidr: "10.1.0.0/16",
        availabilityZones: ["us-east-1a", "us-east-1b"],
        natInstanceType: "t3.nano",
      }),
    }),
    problems: [
      'infra:network.natInstanceType: got "t3.nano"; expected a Graviton (ARM) EC2 instance type such as t4g.nano or t4g.micro (the NAT instance runs the arm64 image)',
    ],
  },
];
