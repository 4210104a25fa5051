/**
 * stacks/PARITY.md: the spec's "Environment Comparison" table, generated from the resolved settings
 * and offline plans of every stack, then the concrete sizes, counts and protections, the declared
 * differences with their reasons, and the safety ordering. Pure: views in, Markdown out.
 */
import { type EnvironmentSettings, type Tier, TIERS } from "../../model/settings";
import type { Plan, PlanResource } from "../../model/plan";
import { describeWindow } from "../../config/deploy-window";
import { awakeWindow } from "../../config/sleep-schedule";
import { rolloutPlan } from "../../environment/app/rollout";
import { describeImage } from "../../model/artifact";
import type { KnobEffects, PairReport, StackView, TierPair } from "./parity";
import { type SafetyRule, checkMonotonic } from "./safety";
import { T } from "../../model/resource-types";

/** The spec's words for each tier (shared/seeds/environment-management.md, "Environment Comparison"). */
export const SPEC_COMPARISON: Readonly<Record<Tier, Readonly<Record<Aspect, string>>>> = {
  dev: {
    purpose: "Individual coding & testing",
    scale: "Single instance, local",
    data: "Synthetic/mock data",
    security: "Relaxed for debugging",
    secrets: "Test/dummy keys",
    monitoring: "Basic/optional",
    deployment: "Manual, frequent (100x/day)",
    availability: "Can go down anytime",
  },
  staging: {
    purpose: "Pre-release validation",
    scale: "2-3 instances, minimal",
    data: "Sanitized prod data",
    security: "Production-like",
    secrets: "Real but non-prod",
    monitoring: "Full monitoring",
    deployment: "Auto on main merge",
    availability: "Best effort 99%+",
  },
  prod: {
    purpose: "Serve real users",
    scale: "Auto-scaling, multi-AZ",
    data: "Real customer data",
    security: "Strictest security",
    secrets: "Production secrets only",
    monitoring: "Full + alerts + on-call",
    deployment: "Manual approval required",
    availability: "SLA 99.9%+",
  },
};

export const ASPECTS = [
  "purpose",
  "scale",
  "data",
  "security",
  "secrets",
  "monitoring",
  "deployment",
  "availability",
] as const;
export type Aspect = (typeof ASPECTS)[number];

const ofType = (plan: Plan, type: string): PlanResource[] => plan.resources.filter((r) => r.type === type);
const first = (plan: Plan, type: string): PlanResource | undefined => ofType(plan, type)[0];
const inputOf = (r: PlanResource | undefined, key: string): unknown => r?.inputs[key];
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The facts behind each aspect, read from the plan where the plan has them. */
export function aspectFacts(view: StackView): Record<Aspect, string> {
  const { settings: s, plan } = view;
  const asg = first(plan, T.autoscalingGroup);
  const lt = first(plan, T.launchTemplate);
  const db = first(plan, T.rdsInstance);
  const redis = first(plan, T.replicationGroup);
  const alb = first(plan, T.loadBalancer);
  const https = ofType(plan, T.listener).find((l) => inputOf(l, "port") === 443);
  const azs = s.network.availabilityZones.length;
  const secrets = ofType(plan, T.secret).length;
  const alarms = ofType(plan, T.metricAlarm).length;
  const wafs = ofType(plan, T.webAcl).length;
  const cdns = ofType(plan, T.distribution).length;
  const trails = ofType(plan, T.trail).length;
  const protectedCount = plan.resources.filter((r) => r.options.protect).length;
  const redisNodes = Number(inputOf(redis, "numCacheClusters") ?? 0);
  const detailed = (inputOf(lt, "monitoring") as { enabled?: boolean } | undefined)?.enabled === true;
  return {
    purpose: `tier \`${s.tier}\`, environment \`${s.environment}\`, ${plural(plan.resources.length, "resource")}`,
    scale:
      `${String(inputOf(asg, "desiredCapacity"))}× ${String(inputOf(lt, "instanceType"))} ` +
      `(auto-scaling ${String(inputOf(asg, "minSize"))}–${String(inputOf(asg, "maxSize"))}) in ${azs} AZs; ` +
      `PostgreSQL ${String(inputOf(db, "instanceClass"))}; Redis ${String(inputOf(redis, "nodeType"))}` +
      (redisNodes > 1 ? ` ×${redisNodes}` : ""),
    data:
      `PostgreSQL ${String(inputOf(db, "engineVersion"))}, ${String(inputOf(db, "allocatedStorage"))} GB ` +
      `(autoscaling to ${String(inputOf(db, "maxAllocatedStorage"))}), ` +
      `${plural(Number(inputOf(db, "backupRetentionPeriod")), "day")} of backups` +
      (inputOf(db, "skipFinalSnapshot") === false ? ", final snapshot on delete" : ", no final snapshot") +
      (s.database.restoreFromSnapshot ? `; created from snapshot \`${s.database.restoreFromSnapshot}\`` : ""),
    security:
      (alb
        ? https
          ? `HTTPS only (${String(inputOf(https, "sslPolicy"))}) behind an ALB`
          : "HTTP behind an ALB"
        : "no load balancer: reached through SSM, never SSH") +
      (cdns > 0 ? "; CloudFront in front" : "") +
      (wafs > 0 ? `; ${plural(wafs, "WAF web ACL")}` : "") +
      `; private app and data subnets; ${
        protectedCount > 0
          ? `${plural(protectedCount, "resource")} protected from deletion`
          : "nothing protected"
      }`,
    secrets:
      `${plural(secrets, "secret")} under \`/${s.environment}/*\`, own KMS key; ` +
      `recovery window ${plural(s.secrets.recoveryWindowDays, "day")}; ` +
      (s.secrets.rotationDays === null ? "no rotation" : `rotated every ${s.secrets.rotationDays} days`),
    monitoring:
      `flow logs kept ${plural(s.network.flowLogRetentionDays, "day")}; ` +
      `Performance Insights ${s.database.performanceInsights ? "on" : "off"}; ` +
      `detailed EC2 monitoring ${detailed ? "on" : "off"}; ${plural(alarms, "alarm")}` +
      (trails > 0 ? `; ${plural(trails, "CloudTrail trail")}` : ""),
    deployment:
      (s.deployWindow === null ? "any time" : `only ${describeWindow(s.deployWindow)} (or a hotfix)`) +
      `; image ${s.appImage.kind === "digest" ? "by digest" : `tag \`${s.appImage.tag}\``}, AMI \`${s.compute.imageId}\`` +
      `; rollout: ${rolloutPlan(s.rollout).summary}`,
    availability:
      `${azs} AZs, NAT ${s.network.natGateways === "perAz" ? "per AZ" : s.network.natGateways === "instance" ? `instance (${s.network.natInstanceType})` : s.network.natGateways}; ` +
      (s.sleep.enabled
        ? `up only ${describeWindow(awakeWindow(s.sleep))}, asleep otherwise; `
        : "always awake; ") +
      `PostgreSQL ${inputOf(db, "multiAz") === true ? "Multi-AZ" : "single-AZ"}; ` +
      `Redis ${inputOf(redis, "automaticFailoverEnabled") === true ? "with automatic failover" : "single node"}; ` +
      `at least ${plural(Number(inputOf(asg, "minSize")), "app server")}; ` +
      recoveryFact(s.recovery),
  };
}

/** The tier's recovery promise as the availability row states it (src/environment/recovery/objectives.ts proves it). */
function recoveryFact(r: EnvironmentSettings["recovery"]): string {
  if (r.rpoMinutes === null || r.rtoMinutes === null) return "no recovery objective";
  const compromise =
    r.compromiseRpoMinutes === null
      ? ""
      : ` (${minutes(r.compromiseRpoMinutes)} if the account is compromised)`;
  return `RPO ${minutes(r.rpoMinutes)}${compromise}, RTO ${minutes(r.rtoMinutes)} for ${r.scenarios.join(", ")}`;
}

const minutes = (m: number): string => (m % 60 === 0 ? plural(m / 60, "hour") : plural(m, "minute"));

/** Rows of the sizes table: a label and how to read it from a stack. */
export const SIZE_ROWS: readonly { readonly label: string; readonly read: (v: StackView) => string }[] = [
  { label: "resources in the plan", read: (v) => String(v.plan.resources.length) },
  { label: "VPC", read: (v) => String(inputOf(first(v.plan, T.vpc), "cidrBlock")) },
  {
    label: "subnets (public / app / data)",
    read: (v) => {
      const subnets = ofType(v.plan, T.subnet);
      const tier = (t: string) =>
        subnets.filter((s) => (s.inputs["tags"] as Record<string, string> | undefined)?.["Tier"] === t)
          .length;
      return `${tier("public")} / ${tier("app")} / ${tier("data")}`;
    },
  },
  { label: "NAT gateways", read: (v) => String(ofType(v.plan, T.ec2NatGateway).length) },
  {
    label: "load balancer",
    read: (v) => {
      const alb = first(v.plan, T.loadBalancer);
      if (!alb) return "none";
      return `ALB${inputOf(alb, "enableDeletionProtection") === true ? ", deletion protection" : ""}`;
    },
  },
  {
    label: "app servers (min / desired / max)",
    read: (v) => {
      const asg = first(v.plan, T.autoscalingGroup);
      return `${String(inputOf(asg, "minSize"))} / ${String(inputOf(asg, "desiredCapacity"))} / ${String(inputOf(asg, "maxSize"))}`;
    },
  },
  {
    label: "instance type, root volume",
    read: (v) => {
      const lt = first(v.plan, T.launchTemplate);
      const ebs = (inputOf(lt, "blockDeviceMappings") as { ebs?: { volumeSize?: number } }[] | undefined)?.[0]
        ?.ebs;
      return `${String(inputOf(lt, "instanceType"))}, ${String(ebs?.volumeSize)} GB`;
    },
  },
  {
    label: "PostgreSQL",
    read: (v) => {
      const db = first(v.plan, T.rdsInstance);
      return `${String(inputOf(db, "instanceClass"))}, ${String(inputOf(db, "allocatedStorage"))}–${String(inputOf(db, "maxAllocatedStorage"))} GB${inputOf(db, "multiAz") === true ? ", Multi-AZ" : ""}`;
    },
  },
  {
    label: "PostgreSQL backups",
    read: (v) => plural(Number(inputOf(first(v.plan, T.rdsInstance), "backupRetentionPeriod")), "day"),
  },
  {
    label: "PostgreSQL deletion protection",
    read: (v) => (inputOf(first(v.plan, T.rdsInstance), "deletionProtection") === true ? "yes" : "no"),
  },
  {
    label: "Redis",
    read: (v) => {
      const r = first(v.plan, T.replicationGroup);
      return `${String(inputOf(r, "nodeType"))} × ${String(inputOf(r, "numCacheClusters"))}${inputOf(r, "multiAzEnabled") === true ? ", Multi-AZ" : ""}`;
    },
  },
  {
    label: "Redis snapshots",
    read: (v) => plural(Number(inputOf(first(v.plan, T.replicationGroup), "snapshotRetentionLimit")), "day"),
  },
  { label: "secrets", read: (v) => String(ofType(v.plan, T.secret).length) },
  {
    label: "secret recovery window",
    read: (v) => plural(Number(inputOf(first(v.plan, T.secret), "recoveryWindowInDays")), "day"),
  },
  {
    label: "secret rotation",
    read: (v) => {
      const rotation = first(v.plan, T.secretRotation);
      const rules = inputOf(rotation, "rotationRules") as { automaticallyAfterDays?: number } | undefined;
      return rotation ? `every ${String(rules?.automaticallyAfterDays)} days` : "none";
    },
  },
  {
    label: "KMS key deletion window",
    read: (v) => plural(Number(inputOf(first(v.plan, T.kmsKey), "deletionWindowInDays")), "day"),
  },
  {
    label: "flow log retention",
    read: (v) => plural(Number(inputOf(first(v.plan, T.logGroup), "retentionInDays")), "day"),
  },
  {
    label: "recovery objective (RPO / RTO)",
    read: (v) =>
      v.settings.recovery.rpoMinutes === null || v.settings.recovery.rtoMinutes === null
        ? "none promised"
        : `${minutes(v.settings.recovery.rpoMinutes)} / ${minutes(v.settings.recovery.rtoMinutes)}`,
  },
  {
    label: "AWS Backup recovery points",
    read: (v) => {
      const r = v.settings.recovery;
      if (!ofType(v.plan, T.backupPlan).length) return "none";
      const copies = ofType(v.plan, T.backupVault).length > 1 ? `, copied to ${String(r.copyRegion)}` : "";
      const lock = ofType(v.plan, T.backupVaultLock).length ? ", vault locked" : "";
      return `every ${plural(r.backupIntervalHours, "hour")}, kept ${plural(r.backupRetentionDays, "day")}${copies}${lock}`;
    },
  },
  {
    label: "restore tests",
    read: (v) =>
      ofType(v.plan, T.backupRestoreTestingPlan).length
        ? String(v.settings.recovery.restoreTestingSchedule)
        : "none",
  },
  {
    label: "protected resources (`protect`)",
    read: (v) => String(v.plan.resources.filter((r) => r.options.protect).length),
  },
];

/** Stacks in promotion order: by tier, then by name. */
export function byTier(views: readonly StackView[]): StackView[] {
  const rank = (v: StackView) => TIERS.indexOf(v.settings.tier);
  return [...views].sort((a, b) => rank(a) - rank(b) || a.stack.localeCompare(b.stack));
}

/** A Markdown table cell: no pipes or newlines. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.map(cell).join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ];
}

function settingValue(view: StackView, path: string): string {
  const value = path
    .split(".")
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | null | undefined)?.[k], view.settings);
  if (value === undefined) return "unset";
  if (value === null) return "none";
  if (path === "deployWindow") return describeWindow(value as Parameters<typeof describeWindow>[0]);
  if (path === "rollout") return rolloutPlan(view.settings.rollout).summary;
  if (path === "appImage") return describeImage(view.settings.appImage);
  // A whole group (e.g. monitoring): its values, not "[object Object]".
  if (typeof value === "object") return JSON.stringify(value);
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

export interface ParityInput {
  readonly views: readonly StackView[];
  readonly pairs: readonly TierPair[];
  readonly effects: Readonly<Record<string, KnobEffects>>;
  readonly reports: readonly PairReport[];
  readonly rules: readonly SafetyRule[];
}

export function renderParity(input: ParityInput): string {
  const views = byTier(input.views);
  const heads = views.map((v) => `${v.stack} (${v.settings.tier})`);
  const lines: string[] = [
    "# Environment parity",
    "",
    "<!-- Generated by `npm run reports` from the stack files and their offline plans. Do not edit:",
    "     `npm run reports:check` (CI) fails when this file is stale. -->",
    "",
    "How the environments differ, read from each stack's resolved settings and its offline plan.",
    "Each cell gives the specification's words (`shared/seeds/environment-management.md`, \"Environment",
    'Comparison") in bold, then what the stack really builds. The stack tests fail when environments drift',
    "apart in a way not declared below, or when a more critical tier is less protected than a lower one.",
    "",
    "## Environment comparison",
    "",
    ...table(
      ["aspect", ...heads],
      ASPECTS.map((aspect) => [
        aspect[0]!.toUpperCase() + aspect.slice(1),
        ...views.map((v) => `**${SPEC_COMPARISON[v.settings.tier][aspect]}** — ${aspectFacts(v)[aspect]}`),
      ]),
    ),
    "",
    "## Sizes, counts and protections",
    "",
    ...table(
      ["", ...heads],
      SIZE_ROWS.map((row) => [row.label, ...views.map((v) => row.read(v))]),
    ),
    "",
    "## Declared differences",
    "",
    "Every setting on which two tiers differ, with its reason (`src/reports/parity/declared.ts`). Staging and",
    "prod may differ only in identity, scale, safety and data; structurally they must build the same",
    "resources wired the same way, except where a declared knob adds or removes something (listed under",
    "each table). _Optional_ differences are allowed when a stack file makes them but need not appear.",
  ];

  for (const pair of input.pairs) {
    const reports = input.reports.filter((r) => r.lowerTier === pair.lower && r.upperTier === pair.upper);
    if (reports.length === 0) continue;
    const stacks = byTier(
      input.views.filter((v) => reports.some((r) => r.lower === v.stack || r.upper === v.stack)),
    );
    lines.push(
      "",
      `### ${pair.lower} → ${pair.upper}`,
      "",
      ...table(
        ["setting", "kind", ...stacks.map((v) => v.stack), "reason"],
        pair.differences.map((d) => [
          `\`${d.setting}\``,
          d.optional ? `${d.kind} (optional)` : d.kind,
          ...stacks.map((v) => settingValue(v, d.setting)),
          d.reason,
        ]),
      ),
    );
    const structural = new Map<string, Map<string, Set<string>>>();
    for (const report of reports) {
      for (const { drift, by } of report.declared) {
        if (drift.kind === "setting") continue;
        const knob = structural.get(by) ?? new Map<string, Set<string>>();
        // Lone resources are grouped by which side has them; the rest are listed one by one.
        const group = drift.kind === "resource" ? drift.detail.replace(/^\S+ /, "") : "";
        const item =
          drift.kind === "resource" ? `\`${drift.subject}\`` : `\`${drift.subject}\` (${drift.detail})`;
        knob.set(group, (knob.get(group) ?? new Set<string>()).add(item));
        structural.set(by, knob);
      }
    }
    if (structural.size > 0) {
      lines.push("", "Structural differences, each caused by a declared knob:", "");
      for (const [knob, groups] of [...structural.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const parts = [...groups.entries()].map(([group, items]) =>
          group ? `resources ${group}: ${[...items].join(", ")}` : [...items].join("; "),
        );
        lines.push(`- \`${knob}\`: ${parts.join("; ")}`);
      }
    } else {
      lines.push("", "Structurally identical: the same resources, inputs, options and links.");
    }
    const undeclared = reports.flatMap((r) => r.undeclared);
    if (undeclared.length > 0) {
      lines.push(
        "",
        `**Undeclared drift (${undeclared.length})** — the stack tests fail until it is declared or removed:`,
        "",
        ...undeclared.map((d) => `- ${d.kind} \`${d.subject}\`: ${d.detail}`),
      );
    }
  }

  const violations = checkMonotonic(input.views, input.rules);
  lines.push(
    "",
    "## Safety ordering",
    "",
    "On every protection, a more critical tier is at least as safe as a less critical one",
    "(`src/reports/parity/safety.ts`).",
    "",
    ...table(
      ["protection", "area", "from", ...heads, "ordered"],
      input.rules.map((rule) => [
        rule.name,
        rule.area,
        rule.source.startsWith("plan:") ? rule.source : `\`${rule.source}\``,
        ...views.map((v) => rule.read(v).label),
        violations.some((x) => x.rule === rule.name) ? "**no**" : "yes",
      ]),
    ),
    "",
  );
  return lines.join("\n");
}
