/**
 * Stack config → EnvironmentSettings: parse the `infra:*` and `aws:*` keys, validate them against
 * the schema, merge them over the tier's defaults, then apply the rules that span keys. Every
 * problem is collected, so a user fixes a stack file in one pass; any problem stops the program
 * before a single resource is registered.
 */
import type { z } from "zod";
import { parseCidr, VPC_PREFIX } from "../model/cidr";
import { type DeployWindow, validateDeployWindow } from "./deploy-window";
import { checkNames } from "../model/names";
import { sleepScheduleProblems } from "./sleep-schedule";
import { THIRD_PARTY_KEYS } from "./third-party/catalog";
import { ConfigError, describeValue, formatIssue } from "./errors";
import {
  accountIdsSchema,
  appImageSchema,
  environmentSchema,
  GROUP_NAMES,
  GROUP_SCHEMAS,
  type GroupName,
  pagerUrlSchema,
  regionSchema,
  tierSchema,
} from "./schema";
import {
  type EnvironmentSettings,
  RECOVERY_SCENARIOS,
  type SettingsGroups,
  type Tier,
} from "../model/settings";
import { parseImageReference } from "../model/artifact";
import { TIER_DEFAULTS } from "./tiers";
import { thirdPartySecretProblems } from "./third-party/problems";
import { awsSettingsProblems } from "./aws/checks";
import { SECRET_PLACEHOLDER } from "../model/plan";

/** Config as Pulumi hands it to a program: fully qualified keys, every value a string (objects as JSON). */
export type RawConfig = Readonly<Record<string, string>>;

export interface ResolveInput {
  readonly project: string;
  readonly stack: string;
  readonly config: RawConfig;
  /** Keys whose values are secret: never echoed in an error. */
  readonly secretKeys?: readonly string[];
}

/** Provider settings the program reads itself (it builds an explicit provider). */
export interface ProviderSettings {
  readonly region: string;
  readonly profile: string | undefined;
  readonly allowedAccountIds: readonly string[] | undefined;
}

export interface Resolved {
  readonly settings: EnvironmentSettings;
  readonly provider: ProviderSettings;
}

const TOP_LEVEL_KEYS = [
  "tier",
  "environment",
  ...GROUP_NAMES,
  "deployWindow",
  "alarmPagerUrl",
  "appImage",
  ...THIRD_PARTY_KEYS,
] as const;
const AWS_KEYS = ["region", "profile", "allowedAccountIds"] as const;
/** Namespaces a stack file may use: the project's, the AWS provider's, and Pulumi's own. */
const NAMESPACES = ["infra", "aws", "pulumi"] as const;
/** Keys whose values are secrets by nature: they must be `secure:`, and are never echoed. */
const SECRET_BY_NATURE = ["alarmPagerUrl"] as const;

export function resolveSettings(input: ResolveInput): Resolved {
  const problems = new Problems(input.secretKeys ?? []);
  const values = parseValues(input.config, problems, input.secretKeys ?? [], input.stack);

  const tier = problems.parse("infra:tier", tierSchema, values.get("infra:tier"), "required");
  const environment = problems.parse("infra:environment", environmentSchema, values.get("infra:environment"));
  const region = problems.parse("aws:region", regionSchema, values.get("aws:region"), "required");
  const profile = values.get("aws:profile");
  const allowedAccountIds = problems.parse(
    "aws:allowedAccountIds",
    accountIdsSchema,
    values.get("aws:allowedAccountIds"),
  );
  const deployWindow = parseDeployWindow(values.get("infra:deployWindow"), problems);
  const alarmPagerUrl = problems.parse(
    "infra:alarmPagerUrl",
    pagerUrlSchema,
    values.get("infra:alarmPagerUrl"),
  );
  const appImageText =
    values.get("infra:appImage") === undefined && tier !== undefined && TIER_DEFAULTS[tier].defaultAppImage
      ? TIER_DEFAULTS[tier].defaultAppImage
      : problems.parse(
          "infra:appImage",
          appImageSchema,
          values.get("infra:appImage"),
          tier === undefined ? undefined : "required",
        );
  const appImage = appImageText === undefined ? undefined : parseImageReference(appImageText);
  // What staging tested must be, byte for byte, what production runs: a tag can be moved to
  // other bytes after the test, a digest cannot.
  if (tier !== undefined && TIER_DEFAULTS[tier].imageByDigestOnly && appImage?.kind === "tag") {
    problems.add(
      "infra:appImage",
      `got ${describeValue(appImage.tag)}, a tag; a ${tier}-tier stack runs an image by digest only (sha256: and 64 hex digits, from the staging stack's output appImage); tags are for dev-tier stacks`,
    );
  }
  const overrides = Object.fromEntries(
    GROUP_NAMES.map((group) => [
      group,
      problems.parse<unknown>(`infra:${group}`, GROUP_SCHEMAS[group], values.get(`infra:${group}`) ?? {}),
    ]),
  ) as { [G in GroupName]: Partial<SettingsGroups[G]> | undefined };

  // Merging needs every group valid: a group that failed is already reported, and guessing
  // around it would only add noise ("not set" for keys the user did set).
  const groupsValid = GROUP_NAMES.every((g) => overrides[g] !== undefined);
  let settings: EnvironmentSettings | undefined;
  if (tier !== undefined && groupsValid) {
    settings = merge(input, tier, environment, region ?? "", overrides, problems);
    if (settings) settings = { ...settings, alarmPagerUrl };
    if (settings && appImage) settings = { ...settings, appImage };
    if (settings && deployWindow !== undefined) settings = { ...settings, deployWindow };
    if (settings) {
      const secrets = thirdPartySecretProblems(input.stack, tier, values, input.secretKeys ?? []);
      for (const p of secrets.problems) problems.addRaw(p);
      settings = { ...settings, providedSecrets: secrets.provided };
    }
    if (settings) {
      crossFieldRules(settings, problems);
      for (const p of awsSettingsProblems(settings)) problems.addRaw(p);
      // The provider's account guard: a prod stack applied with another account's credentials
      // (say, dev's) must fail before it touches anything.
      const given = values.get("aws:allowedAccountIds");
      if (settings.tier === "prod" && (given === undefined || (Array.isArray(given) && given.length === 0))) {
        problems.add(
          "aws:allowedAccountIds",
          `${given === undefined ? "not set" : "got an empty list"}; a prod-tier stack must name the AWS account(s) it may be applied to, e.g. ["123456789012"]`,
        );
      }
      for (const p of checkNames(input.project, input.stack, settings.environment)) problems.addRaw(p);
    }
  }
  if (problems.any() || !settings || region === undefined || appImage === undefined)
    throw new ConfigError(input.stack, redactSecrets(problems.list(), input.config, input.secretKeys ?? []));
  return {
    settings: deepFreeze(settings),
    provider: { region, profile: typeof profile === "string" ? profile : undefined, allowedAccountIds },
  };
}

/**
 * Pulumi passes objects as JSON text and scalars as plain text; unknown keys and namespaces are
 * errors. A settings group given as a secret is refused unread: its values would then be hidden
 * from review, and no message may echo them.
 */
function parseValues(
  config: RawConfig,
  problems: Problems,
  secretKeys: readonly string[],
  stack: string,
): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const [key, raw] of Object.entries(config).sort(([a], [b]) => a.localeCompare(b))) {
    const [namespace = "", name = ""] = key.split(":", 2);
    if (!(NAMESPACES as readonly string[]).includes(namespace)) {
      problems.add(
        key,
        `unknown namespace "${namespace}"; a stack file's keys are infra:<key>, aws:<key> or pulumi:<key>`,
      );
      continue;
    }
    if (namespace === "infra" && !(TOP_LEVEL_KEYS as readonly string[]).includes(name)) {
      problems.add(key, `unknown key; allowed keys: ${TOP_LEVEL_KEYS.map((k) => `infra:${k}`).join(", ")}`);
      continue;
    }
    if (namespace === "aws" && !(AWS_KEYS as readonly string[]).includes(name)) {
      problems.add(
        key,
        `not supported: the program builds its own AWS provider from ${AWS_KEYS.map((k) => `aws:${k}`).join(", ")}`,
      );
      continue;
    }
    const secret = secretKeys.includes(key);
    if (namespace === "infra" && (SECRET_BY_NATURE as readonly string[]).includes(name) && !secret) {
      problems.add(
        key,
        `given in plain text; it is a secret: remove the entry and run \`pulumi config set --secret --stack ${stack} ${key} <value>\``,
      );
      continue;
    }
    if (namespace === "infra" && secret && (GROUP_NAMES as readonly string[]).includes(name)) {
      problems.add(
        key,
        "given as a secret; a settings group is reviewed configuration, so it is stored in plain text (only infra:alarmPagerUrl and third-party keys are secrets)",
      );
      continue;
    }
    values.set(key, parseRaw(raw));
  }
  return values;
}

/**
 * The last guard of "no message echoes a secret": any problem line that still contains the text
 * of a secret value (say, an environment name given as a secret and quoted by a later rule) has
 * it replaced. Values shorter than 4 characters are left: they would blank out ordinary words.
 */
function redactSecrets(lines: readonly string[], config: RawConfig, secretKeys: readonly string[]): string[] {
  const secrets = secretKeys
    .map((k) => config[k])
    .filter((v): v is string => typeof v === "string" && v.length >= 4 && v !== SECRET_PLACEHOLDER);
  return lines.map((line) => secrets.reduce((l, secret) => l.split(secret).join(SECRET_PLACEHOLDER), line));
}

/** A stack's own window, `null` to allow any time, or undefined to keep the tier's. */
function parseDeployWindow(value: unknown, problems: Problems): DeployWindow | null | undefined {
  if (value === undefined) return undefined;
  if (value === "null") return null;
  const found = validateDeployWindow(value, "infra:deployWindow");
  for (const p of found) problems.addRaw(p);
  return found.length === 0 ? (value as DeployWindow) : undefined;
}

function parseRaw(raw: string): unknown {
  const text = raw.trim();
  if (text.startsWith("{") || text.startsWith("[")) {
    try {
      return JSON.parse(text);
    } catch {
      return raw;
    }
  }
  return raw;
}

function merge(
  input: ResolveInput,
  tier: Tier,
  environment: string | undefined,
  region: string,
  overrides: { [G in GroupName]: Partial<SettingsGroups[G]> | undefined },
  problems: Problems,
): EnvironmentSettings | undefined {
  const defaults = TIER_DEFAULTS[tier];
  const network = { ...defaults.groups.network, ...overrides.network };
  if (network.cidr === undefined)
    problems.add("infra:network.cidr", "not set; expected an IPv4 /16 such as 10.0.0.0/16");
  if (network.availabilityZones === undefined) {
    problems.add(
      "infra:network.availabilityZones",
      `not set; expected a list of at least ${defaults.minAzs} AZ names`,
    );
  }
  if (network.cidr === undefined || network.availabilityZones === undefined) return undefined;
  return {
    project: input.project,
    stack: input.stack,
    tier,
    environment: environment ?? defaults.environment,
    region,
    network: { ...network, cidr: network.cidr, availabilityZones: network.availabilityZones },
    loadBalancer: { ...defaults.groups.loadBalancer, ...overrides.loadBalancer },
    compute: { ...defaults.groups.compute, ...overrides.compute },
    app: { ...defaults.groups.app, ...overrides.app },
    database: { ...defaults.groups.database, ...overrides.database },
    cache: { ...defaults.groups.cache, ...overrides.cache },
    secrets: { ...defaults.groups.secrets, ...overrides.secrets },
    monitoring: { ...defaults.groups.monitoring, ...overrides.monitoring },
    rollout: { ...defaults.groups.rollout, ...overrides.rollout },
    alarmPagerUrl: undefined,
    // Set from infra:appImage after the merge (a required top-level key).
    appImage: { kind: "tag", tag: "" },
    access: {
      ...defaults.groups.access,
      ...overrides.access,
      permissionSets: { ...defaults.groups.access.permissionSets, ...overrides.access?.permissionSets },
    },
    cost: { ...defaults.groups.cost, ...overrides.cost },
    runtimeFlags: {
      ...defaults.groups.runtimeFlags,
      ...overrides.runtimeFlags,
      // A stack names the flags it changes; the tier's others keep their defaults.
      flags: { ...defaults.groups.runtimeFlags.flags, ...overrides.runtimeFlags?.flags },
    },
    edge: { ...defaults.groups.edge, ...overrides.edge },
    sleep: { ...defaults.groups.sleep, ...overrides.sleep },
    recovery: { ...defaults.groups.recovery, ...overrides.recovery },
    protectStateful: defaults.protectStateful,
    deployWindow: defaults.deployWindow,
    providedSecrets: [],
  };
}

/** A year: what an annual audit looks back over. */
export const MIN_PROD_LOG_DAYS = 365;

/**
 * What a prod-tier stack may not turn off: the seed's production non-negotiables (automated
 * backups, encryption, high availability) and "data is never lost by a deploy".
 */
/** A prod flag change reaches everyone over at least this long, and is watched this long after. */
export const PROD_MIN_FLAG_ROLLOUT_MINUTES = 10;
export const PROD_MIN_FLAG_BAKE_MINUTES = 10;

export const PROD_FLOORS: readonly {
  key: string;
  holds: (s: EnvironmentSettings) => boolean;
  rule: string;
}[] = [
  { key: "infra:database.multiAz", holds: (s) => s.database.multiAz, rule: "must stay true (Multi-AZ)" },
  {
    key: "infra:database.deletionProtection",
    holds: (s) => s.database.deletionProtection,
    rule: "must stay true (production data is never lost by a deploy)",
  },
  {
    key: "infra:database.finalSnapshot",
    holds: (s) => s.database.finalSnapshot,
    rule: "must stay true (production data is never lost by a deploy)",
  },
  {
    key: "infra:database.backupRetentionDays",
    holds: (s) => s.database.backupRetentionDays >= 7,
    rule: "must be at least 7",
  },
  {
    key: "infra:cache.multiAz",
    holds: (s) => s.cache.multiAz,
    rule: "must stay true (replication with failover)",
  },
  {
    key: "infra:secrets.rotationDays",
    holds: (s) => s.secrets.rotationDays !== null && s.secrets.rotationDays <= 90,
    rule: "must be set, at most 90 (the seed: database passwords rotate every 30–90 days)",
  },
  {
    key: "infra:secrets.recoveryWindowDays",
    holds: (s) => s.secrets.recoveryWindowDays >= 7,
    rule: "must be at least 7 (a deleted production secret must stay recoverable)",
  },
  { key: "infra:loadBalancer.enabled", holds: (s) => s.loadBalancer.enabled, rule: "must stay true" },
  // The seed's production "backup and disaster recovery" and "disaster recovery plan": prod keeps
  // promising to survive every scenario, within an hour of data (three if the account itself is
  // compromised) and four hours of downtime, and
  // keeps testing that it can (src/environment/recovery/objectives.ts proves the rest).
  {
    key: "infra:recovery.scenarios",
    holds: (s) => RECOVERY_SCENARIOS.every((sc) => s.recovery.scenarios.includes(sc)),
    rule: `must list every scenario: ${RECOVERY_SCENARIOS.join(", ")}`,
  },
  {
    key: "infra:recovery.rpoMinutes",
    holds: (s) => s.recovery.rpoMinutes !== null && s.recovery.rpoMinutes <= 60,
    rule: "must be at most 60 (production loses minutes of data, not hours)",
  },
  {
    key: "infra:recovery.compromiseRpoMinutes",
    holds: (s) => s.recovery.compromiseRpoMinutes !== null && s.recovery.compromiseRpoMinutes <= 180,
    rule: "must be at most 180 (even a compromised account loses hours of data at most, from the locked recovery points)",
  },
  {
    key: "infra:recovery.rtoMinutes",
    holds: (s) => s.recovery.rtoMinutes !== null && s.recovery.rtoMinutes <= 240,
    rule: "must be at most 240 (SLA 99.9 %: 8.8 hours of downtime a year)",
  },
  {
    key: "infra:recovery.restoreTesting",
    holds: (s) => s.recovery.restoreTesting,
    rule: "must stay true (a backup never restored is not a backup)",
  },
  {
    key: "infra:deployWindow",
    holds: (s) => s.deployWindow !== null,
    rule: "must keep a deploy window (the seed: staging → prod Mon–Thu 10am–2pm; emergencies use the hotfix path)",
  },
  {
    key: "infra:runtimeFlags.growthFactor",
    holds: (s) => s.runtimeFlags.growthFactor < 100,
    rule: "must stay below 100 (flags reach production gradually, never all at once)",
  },
  {
    key: "infra:runtimeFlags.durationMinutes",
    holds: (s) => s.runtimeFlags.durationMinutes >= PROD_MIN_FLAG_ROLLOUT_MINUTES,
    rule: `must be at least ${PROD_MIN_FLAG_ROLLOUT_MINUTES} (a gradual flag rollout)`,
  },
  {
    key: "infra:runtimeFlags.bakeMinutes",
    holds: (s) => s.runtimeFlags.bakeMinutes >= PROD_MIN_FLAG_BAKE_MINUTES,
    rule: `must watch a flag rollout for at least ${PROD_MIN_FLAG_BAKE_MINUTES} minutes (alarms roll it back)`,
  },
  {
    key: "infra:edge.waf",
    holds: (s) => s.edge.waf,
    rule: "must stay true (the seed: rate limiting and DDoS protection)",
  },
  {
    key: "infra:edge.cloudFront",
    holds: (s) => s.edge.cloudFront,
    rule: "must stay true (the seed's diagram: users reach production through the CDN)",
  },
  {
    key: "infra:loadBalancer.deletionProtection",
    holds: (s) => s.loadBalancer.deletionProtection,
    rule: "must stay true",
  },
  {
    key: "infra:monitoring.alarms",
    holds: (s) => s.monitoring.alarms === "all",
    rule: 'must keep "all" (the seed: full monitoring, alerts and on-call)',
  },
  {
    key: "infra:monitoring.onCall",
    holds: (s) => s.monitoring.onCall,
    rule: "must stay true (the seed: production alarms reach on-call)",
  },
  {
    key: "infra:monitoring.logRetentionDays",
    holds: (s) => s.monitoring.logRetentionDays >= MIN_PROD_LOG_DAYS,
    rule: `must keep logs at least ${MIN_PROD_LOG_DAYS} days (audits look back a year)`,
  },
  {
    key: "infra:network.flowLogRetentionDays",
    holds: (s) => s.network.flowLogRetentionDays >= MIN_PROD_LOG_DAYS,
    rule: `must keep logs at least ${MIN_PROD_LOG_DAYS} days (audits look back a year)`,
  },
  {
    key: "infra:monitoring.trailRetentionDays",
    holds: (s) => s.monitoring.organizationTrail || s.monitoring.trailRetentionDays >= MIN_PROD_LOG_DAYS,
    rule: `must keep audit logs at least ${MIN_PROD_LOG_DAYS} days`,
  },
  {
    key: "infra:rollout.checkpointPercentages",
    holds: (s) => s.rollout.checkpointPercentages.length >= 2,
    rule: "must start with a canary share before 100 (the seed: canary → 100 %), e.g. [10, 100]",
  },
  {
    key: "infra:sleep.enabled",
    holds: (s) => !s.sleep.enabled,
    rule: "must stay false (production serves users around the clock; only dev and staging may sleep)",
  },
  {
    key: "infra:network.natGateways",
    // "none" has its own message (only dev may run without NAT); this floor is about the instance.
    holds: (s) => s.network.natGateways !== "instance",
    rule: 'must keep managed NAT gateways ("perAz" or "single"): a NAT instance is one EC2 instance whose replacement takes minutes',
  },
  {
    key: "infra:rollout.autoRollback",
    holds: (s) => s.rollout.autoRollback,
    rule: "must stay true (the seed: automatic rollback when the error rate spikes)",
  },
];

function valueAt(settings: EnvironmentSettings, key: string): unknown {
  return key
    .replace(/^infra:/, "")
    .split(".")
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], settings);
}

function crossFieldRules(s: EnvironmentSettings, problems: Problems): void {
  const minAzs = TIER_DEFAULTS[s.tier].minAzs;
  const { network, compute, app, database, cache, loadBalancer } = s;

  const cidr = parseCidr(network.cidr);
  if (typeof cidr === "string")
    problems.add("infra:network.cidr", `${cidr}; expected an IPv4 /16 such as 10.0.0.0/16`);
  else if (cidr.prefix !== VPC_PREFIX) {
    problems.add(
      "infra:network.cidr",
      `got "${network.cidr}"; expected a /16: the subnet layout is sized for one`,
    );
  }

  const azs = network.availabilityZones;
  if (azs.length < minAzs) {
    problems.add(
      "infra:network.availabilityZones",
      `got ${azs.length} (${azs.join(", ")}); a ${s.tier}-tier stack needs at least ${minAzs}`,
    );
  }
  const duplicates = azs.filter((az, i) => azs.indexOf(az) !== i);
  if (duplicates.length > 0)
    problems.add("infra:network.availabilityZones", `lists ${duplicates.join(", ")} more than once`);
  const foreign = azs.filter((az) => az.slice(0, -1) !== s.region);
  if (foreign.length > 0 && s.region) {
    problems.add(
      "infra:network.availabilityZones",
      `got ${foreign.join(", ")}; every AZ must be in aws:region ${s.region}`,
    );
  }
  for (const p of sleepScheduleProblems(s.sleep)) problems.addRaw(p);

  if (network.natGateways === "none" && s.tier !== "dev") {
    problems.add(
      "infra:network.natGateways",
      `got "none"; only dev-tier stacks may run without NAT (allowed here: ${s.tier === "prod" ? '"single", "perAz"' : '"instance", "single", "perAz"'})`,
    );
  }

  if (!(compute.minSize <= compute.desiredCapacity && compute.desiredCapacity <= compute.maxSize)) {
    problems.add(
      "infra:compute",
      `got minSize ${compute.minSize}, desiredCapacity ${compute.desiredCapacity}, maxSize ${compute.maxSize}; expected minSize ≤ desiredCapacity ≤ maxSize`,
    );
  }
  if (app.dbPoolMin > app.dbPoolMax) {
    problems.add(
      "infra:app",
      `got dbPoolMin ${app.dbPoolMin} above dbPoolMax ${app.dbPoolMax}; expected dbPoolMin ≤ dbPoolMax`,
    );
  }
  if (database.allocatedStorageGb > database.maxAllocatedStorageGb) {
    problems.add(
      "infra:database",
      `got allocatedStorageGb ${database.allocatedStorageGb} above maxAllocatedStorageGb ${database.maxAllocatedStorageGb}; expected allocated ≤ max`,
    );
  }
  if (cache.multiAz && cache.nodeCount < 2) {
    problems.add(
      "infra:cache.nodeCount",
      `got ${cache.nodeCount} with multiAz true; Multi-AZ failover needs at least 2 nodes`,
    );
  }

  // The seed: dev runs on synthetic data, staging on sanitized production data, and only prod
  // holds real data. A prod restore is a disaster-recovery action, not a stack setting.
  if (database.restoreFromSnapshot !== undefined && s.tier !== "staging") {
    problems.add(
      "infra:database.restoreFromSnapshot",
      `got ${describeValue(database.restoreFromSnapshot)}; only staging-tier stacks are created from a (sanitized) production snapshot: dev uses synthetic data, and prod is restored by the disaster-recovery runbook, not by config (docs/staging-data.md)`,
    );
  }
  if (loadBalancer.enabled && !loadBalancer.domainName && s.tier !== "dev") {
    problems.add(
      "infra:loadBalancer.domainName",
      `not set; a ${s.tier}-tier stack serves HTTPS only, so it needs the domain its certificate is issued for (and infra:loadBalancer.hostedZoneId)`,
    );
  }
  if (Boolean(loadBalancer.domainName) !== Boolean(loadBalancer.hostedZoneId)) {
    const missing = loadBalancer.domainName ? "hostedZoneId" : "domainName";
    problems.add(
      `infra:loadBalancer.${missing}`,
      `not set; domainName and hostedZoneId go together (the zone validates the certificate)`,
    );
  }

  if (s.monitoring.onCall && s.monitoring.alarmEmails.length === 0 && s.alarmPagerUrl === undefined) {
    problems.add(
      "infra:monitoring.alarmEmails",
      `not set, and no infra:alarmPagerUrl either; with infra:monitoring.onCall true (a ${s.tier}-tier stack's alarms go to on-call) the alarm topic needs a subscriber: set infra:monitoring.alarmEmails (e.g. [oncall@example.com]) or a pager with \`pulumi config set --secret infra:alarmPagerUrl https://…\``,
    );
  }
  if (s.edge.waf && !loadBalancer.enabled) {
    problems.add(
      "infra:edge.waf",
      "got true without a load balancer; the web ACL protects the ALB (set infra:loadBalancer.enabled or waf: false)",
    );
  }
  if (s.edge.cloudFront && !(s.edge.waf && loadBalancer.domainName)) {
    problems.add(
      "infra:edge.cloudFront",
      "got true; CloudFront needs infra:edge.waf true and an HTTPS domain (infra:loadBalancer.domainName), since it serves that domain and carries the web ACL",
    );
  }

  // AWS: MaxHealthyPercentage minus MinHealthyPercentage may not exceed 100
  // (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RefreshPreferences.html).
  if (s.rollout.maxHealthyPercent - s.rollout.minHealthyPercent > 100) {
    problems.add(
      "infra:rollout.maxHealthyPercent",
      `got ${s.rollout.maxHealthyPercent} with minHealthyPercent ${s.rollout.minHealthyPercent}; AWS allows at most 100 between them`,
    );
  }

  if (s.tier === "prod") {
    for (const floor of PROD_FLOORS) {
      if (!floor.holds(s))
        problems.add(
          floor.key,
          `got ${describeValue(valueAt(s, floor.key))}; a prod-tier stack ${floor.rule}`,
        );
    }
  }
}

/** Collects problems as "key: explanation" lines, hiding values of secret keys. */
class Problems {
  private readonly lines: string[] = [];
  constructor(private readonly secretKeys: readonly string[]) {}

  add(key: string, explanation: string): void {
    this.lines.push(`${key}: ${explanation}`);
  }

  addRaw(line: string): void {
    this.lines.push(line);
  }

  parse<T>(key: string, schema: z.ZodType<T>, value: unknown, required?: "required"): T | undefined {
    if (value === undefined) {
      if (required) this.add(key, `not set; ${requiredHint(key)}`);
      return undefined;
    }
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    const secret = this.secretKeys.includes(key);
    for (const issue of result.error.issues) this.lines.push(...formatIssue(key, issue, schema, secret));
    return undefined;
  }

  any(): boolean {
    return this.lines.length > 0;
  }

  list(): string[] {
    return [...this.lines];
  }
}

function requiredHint(key: string): string {
  if (key === "infra:tier") return `expected one of ${tierSchema.options.map((t) => `"${t}"`).join(", ")}`;
  if (key === "aws:region") return "expected an AWS region such as us-east-1";
  if (key === "infra:appImage")
    return "a staging- or prod-tier stack names the app image it runs by digest (sha256: and 64 hex digits): the digest staging's output appImage reports";
  return "it is required";
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
