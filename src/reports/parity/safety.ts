/**
 * Monotonicity: on every safety setting, prod is never weaker than staging and staging never
 * weaker than dev. Each rule reads one protection from a stack's settings or its plan and turns it
 * into a strength (a number: higher is safer) and a label for the report. Pure.
 */
import { TIERS } from "../../model/settings";
import type { Plan, PlanResource } from "../../model/plan";
import { describeWindow } from "../../config/deploy-window";
import type { StackView } from "./parity";
import { T } from "../../model/resource-types";

export const SAFETY_AREAS = [
  "deletion protection",
  "backups",
  "availability",
  "encryption",
  "retention",
  "recovery window",
  "secrets",
  "monitoring",
  "audit",
  "edge protection",
  "deployment",
] as const;
export type SafetyArea = (typeof SAFETY_AREAS)[number];

export interface SafetyReading {
  /** Higher is safer. */
  readonly strength: number;
  /** What the stack has, in words: "14 days", "on", "every 30 days". */
  readonly label: string;
}

export interface SafetyRule {
  /** Short name, unique: "database backups". */
  readonly name: string;
  readonly area: SafetyArea;
  /** Where the value comes from: a settings path or a plan fact, for the report and messages. */
  readonly source: string;
  readonly read: (view: StackView) => SafetyReading;
}

const onOff = (on: boolean): SafetyReading => ({ strength: on ? 1 : 0, label: on ? "on" : "off" });
const days = (n: number): SafetyReading => ({ strength: n, label: `${n} day${n === 1 ? "" : "s"}` });
const count = (n: number, noun: string): SafetyReading => ({
  strength: n,
  label: `${n} ${noun}${n === 1 ? "" : "s"}`,
});

const ofType = (plan: Plan, type: string): PlanResource[] => plan.resources.filter((r) => r.type === type);

/** Every resource of a type has the input (dotted path) equal to one of the values. */
function allHave(plan: Plan, type: string, path: string, values: readonly unknown[]): boolean {
  const found = ofType(plan, type);
  return (
    found.length > 0 &&
    found.every((r) =>
      values.includes(
        path.split(".").reduce<unknown>((v, k) => {
          if (Array.isArray(v)) return v.map((x) => (x as Record<string, unknown>)[k]);
          return (v as Record<string, unknown> | undefined)?.[k];
        }, r.inputs),
      ),
    )
  );
}

/** Log groups that expire nothing (retention 0 or unset) are the strongest retention there is. */
function shortestLogRetention(plan: Plan): SafetyReading {
  const retention = ofType(plan, T.logGroup).map((g) => {
    const d = g.inputs["retentionInDays"];
    return typeof d === "number" && d > 0 ? d : Number.POSITIVE_INFINITY;
  });
  if (retention.length === 0) return { strength: 0, label: "no log groups" };
  const min = Math.min(...retention);
  return min === Number.POSITIVE_INFINITY ? { strength: min, label: "never expire" } : days(min);
}

/** A NAT instance is one EC2 instance an auto-scaling group replaces in minutes: below a managed gateway. */
export const NAT_STRENGTH = { none: 0, instance: 1, single: 2, perAz: 3 } as const;

export const SAFETY_RULES: readonly SafetyRule[] = [
  {
    name: "WAF on the load balancer",
    area: "edge protection",
    source: "edge.waf",
    read: (v) => onOff(v.settings.edge.waf),
  },
  {
    name: "CloudFront in front of the load balancer",
    area: "edge protection",
    source: "edge.cloudFront",
    read: (v) => onOff(v.settings.edge.cloudFront),
  },
  {
    name: "stateful resources protected",
    area: "deletion protection",
    source: "protectStateful",
    read: (v) => onOff(v.settings.protectStateful),
  },
  {
    name: "database deletion protection",
    area: "deletion protection",
    source: "database.deletionProtection",
    read: (v) => onOff(v.settings.database.deletionProtection),
  },
  {
    name: "load balancer deletion protection",
    area: "deletion protection",
    source: "loadBalancer.deletionProtection",
    read: (v) => onOff(v.settings.loadBalancer.deletionProtection),
  },
  {
    name: "database final snapshot",
    area: "backups",
    source: "database.finalSnapshot",
    read: (v) => onOff(v.settings.database.finalSnapshot),
  },
  {
    name: "database backups",
    area: "backups",
    source: "database.backupRetentionDays",
    read: (v) => days(v.settings.database.backupRetentionDays),
  },
  {
    name: "Redis snapshots",
    area: "backups",
    source: "cache.snapshotRetentionDays",
    read: (v) => days(v.settings.cache.snapshotRetentionDays),
  },
  {
    name: "availability zones",
    area: "availability",
    source: "network.availabilityZones",
    read: (v) => count(v.settings.network.availabilityZones.length, "AZ"),
  },
  {
    name: "NAT gateways",
    area: "availability",
    source: "network.natGateways",
    read: (v) => ({
      strength: NAT_STRENGTH[v.settings.network.natGateways],
      label: v.settings.network.natGateways,
    }),
  },
  {
    name: "database Multi-AZ",
    area: "availability",
    source: "database.multiAz",
    read: (v) => onOff(v.settings.database.multiAz),
  },
  {
    name: "Redis Multi-AZ failover",
    area: "availability",
    source: "cache.multiAz",
    read: (v) => onOff(v.settings.cache.multiAz),
  },
  {
    name: "Redis nodes",
    area: "availability",
    source: "cache.nodeCount",
    read: (v) => count(v.settings.cache.nodeCount, "node"),
  },
  {
    name: "app servers at minimum",
    area: "availability",
    source: "compute.minSize",
    read: (v) => count(v.settings.compute.minSize, "server"),
  },
  {
    name: "PostgreSQL storage encrypted",
    area: "encryption",
    source: "plan: rds Instance storageEncrypted",
    read: (v) => onOff(allHave(v.plan, T.rdsInstance, "storageEncrypted", [true])),
  },
  {
    name: "Redis encrypted at rest and in transit",
    area: "encryption",
    source: "plan: elasticache ReplicationGroup atRest/transitEncryptionEnabled",
    read: (v) =>
      onOff(
        allHave(v.plan, T.replicationGroup, "atRestEncryptionEnabled", [true]) &&
          allHave(v.plan, T.replicationGroup, "transitEncryptionEnabled", [true]),
      ),
  },
  {
    name: "app volumes encrypted",
    area: "encryption",
    source: "plan: LaunchTemplate blockDeviceMappings.ebs.encrypted",
    read: (v) =>
      onOff(
        ofType(v.plan, T.launchTemplate).every((lt) =>
          ((lt.inputs["blockDeviceMappings"] ?? []) as { ebs?: { encrypted?: unknown } }[]).every(
            (m) => m.ebs?.encrypted === "true" || m.ebs?.encrypted === true,
          ),
        ),
      ),
  },
  {
    name: "KMS key rotation",
    area: "encryption",
    source: "plan: kms Key enableKeyRotation",
    read: (v) => onOff(allHave(v.plan, T.kmsKey, "enableKeyRotation", [true])),
  },
  {
    name: "VPC flow log retention",
    area: "retention",
    source: "network.flowLogRetentionDays",
    read: (v) => days(v.settings.network.flowLogRetentionDays),
  },
  {
    name: "shortest log retention",
    area: "retention",
    source: "plan: every CloudWatch log group's retentionInDays",
    read: (v) => shortestLogRetention(v.plan),
  },
  {
    name: "secret recovery window",
    area: "recovery window",
    source: "secrets.recoveryWindowDays",
    read: (v) => days(v.settings.secrets.recoveryWindowDays),
  },
  {
    name: "KMS key deletion window",
    area: "recovery window",
    source: "secrets.kmsDeletionWindowDays",
    read: (v) => days(v.settings.secrets.kmsDeletionWindowDays),
  },
  {
    name: "database password rotation",
    area: "secrets",
    source: "secrets.rotationDays",
    // Rotating at all beats never; rotating more often beats less often.
    read: (v) => {
      const every = v.settings.secrets.rotationDays;
      return every === null
        ? { strength: 0, label: "none" }
        : { strength: 1 + 1 / every, label: `every ${every} days` };
    },
  },
  {
    name: "Performance Insights",
    area: "monitoring",
    source: "database.performanceInsights",
    read: (v) => onOff(v.settings.database.performanceInsights),
  },
  {
    name: "CloudWatch alarms",
    area: "monitoring",
    source: "plan: count of cloudwatch MetricAlarm",
    read: (v) => count(ofType(v.plan, T.metricAlarm).length, "alarm"),
  },
  {
    name: "CloudTrail trails",
    area: "audit",
    source: "plan: count of cloudtrail Trail",
    // Spec, production non-negotiables: "Audit logging enabled".
    read: (v) => count(ofType(v.plan, T.trail).length, "trail"),
  },
  {
    name: "WAF web ACLs",
    area: "edge protection",
    source: "plan: count of wafv2 WebAcl",
    // Spec, production non-negotiables: "Rate limiting and DDoS protection".
    read: (v) => count(ofType(v.plan, T.webAcl).length, "web ACL"),
  },
  {
    name: "HTTPS listeners",
    area: "encryption",
    source: "plan: lb Listener with protocol HTTPS",
    // Spec: "Encryption at rest and in transit"; an environment with an HTTPS entry must not lose it upstream.
    read: (v) =>
      count(
        ofType(v.plan, T.listener).filter((l) => l.inputs["protocol"] === "HTTPS").length,
        "HTTPS listener",
      ),
  },
  // Recovery (src/environment/recovery/): a promise nobody makes is the weakest; a smaller RPO or
  // RTO is stronger.
  ...(["rpoMinutes", "compromiseRpoMinutes", "rtoMinutes"] as const).map((key): SafetyRule => ({
    name: {
      rpoMinutes: "recovery point objective",
      compromiseRpoMinutes: "recovery point objective, account compromised",
      rtoMinutes: "recovery time objective",
    }[key],
    area: "backups",
    source: `recovery.${key}`,
    read: (v) => {
      const m = v.settings.recovery[key];
      return m === null
        ? { strength: 0, label: "none promised" }
        : { strength: 1 + 1 / m, label: `${m} minutes` };
    },
  })),
  {
    name: "recovery scenarios survived",
    area: "backups",
    source: "recovery.scenarios",
    read: (v) => count(v.settings.recovery.scenarios.length, "scenario"),
  },
  {
    name: "recovery points copied to another region",
    area: "backups",
    source: "plan: a second backup vault",
    read: (v) => onOff(ofType(v.plan, T.backupVault).length > 1),
  },
  {
    name: "backup vault lock",
    area: "backups",
    source: "plan: backup vault lock configurations",
    read: (v) => onOff(ofType(v.plan, T.backupVaultLock).length > 0),
  },
  {
    name: "restore tests",
    area: "backups",
    source: "plan: restore testing plan",
    read: (v) => onOff(ofType(v.plan, T.backupRestoreTestingPlan).length > 0),
  },
  {
    // A sleeping environment is down for most of the week: prod never, staging only if asked.
    name: "always awake (no sleep schedule)",
    area: "availability",
    source: "sleep.enabled",
    read: (v) =>
      v.settings.sleep.enabled
        ? { strength: 0, label: "asleep outside its working week" }
        : { strength: 1, label: "always awake" },
  },
  {
    name: "deploy window",
    area: "deployment",
    source: "deployWindow",
    read: (v) =>
      v.settings.deployWindow === null
        ? { strength: 0, label: "any time" }
        : { strength: 1, label: describeWindow(v.settings.deployWindow) },
  },
];

export interface SafetyViolation {
  readonly rule: string;
  readonly weaker: string;
  readonly stronger: string;
  readonly message: string;
}

const rank = (view: StackView): number => TIERS.indexOf(view.settings.tier);

/** Every pair of stacks where the more critical tier is weaker on a rule. */
export function checkMonotonic(
  views: readonly StackView[],
  rules: readonly SafetyRule[] = SAFETY_RULES,
): SafetyViolation[] {
  const violations: SafetyViolation[] = [];
  for (const rule of rules) {
    for (const lower of views) {
      for (const upper of views.filter((u) => rank(u) > rank(lower))) {
        const a = rule.read(lower);
        const b = rule.read(upper);
        if (b.strength < a.strength) {
          violations.push({
            rule: rule.name,
            weaker: upper.stack,
            stronger: lower.stack,
            message: `${rule.name} (${rule.source}): ${upper.stack} (${upper.settings.tier}) has ${b.label}, weaker than ${lower.stack} (${lower.settings.tier}) with ${a.label}; a more critical tier must never be less protected`,
          });
        }
      }
    }
  }
  return violations;
}
