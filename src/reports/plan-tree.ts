/**
 * A plan as a readable tree for a terminal: each resource with its type, name and the few
 * inputs that matter for its kind, options flagged, then a count by type.
 */
import { type Plan, type PlanResource, type PlanValue, resourceWithId } from "../model/plan";
import { T } from "../model/resource-types";

/** The inputs worth a glance, per resource type. */
export const KEY_INPUTS: Readonly<Record<string, readonly string[]>> = {
  [T.awsProvider]: ["region"],
  [T.vpc]: ["cidrBlock"],
  [T.subnet]: ["cidrBlock", "availabilityZone"],
  [T.ec2NatGateway]: ["subnetId"],
  [T.flowLog]: ["trafficType"],
  [T.logGroup]: ["retentionInDays"],
  [T.ingressRule]: ["fromPort", "cidrIpv4", "cidrIpv6", "referencedSecurityGroupId"],
  [T.vpcSecurityGroupEgressRule]: ["fromPort", "cidrIpv4", "cidrIpv6", "referencedSecurityGroupId"],
  [T.loadBalancer]: ["enableDeletionProtection", "dropInvalidHeaderFields"],
  [T.listener]: ["port", "protocol", "sslPolicy"],
  [T.lbTargetGroup]: ["port", "protocol"],
  [T.certificate]: ["domainName"],
  [T.launchTemplate]: ["instanceType", "metadataOptions.httpTokens"],
  [T.autoscalingGroup]: ["minSize", "desiredCapacity", "maxSize"],
  [T.scalingPolicy]: ["targetTrackingConfiguration.targetValue"],
  [T.rdsInstance]: [
    "instanceClass",
    "engineVersion",
    "multiAz",
    "storageEncrypted",
    "backupRetentionPeriod",
    "deletionProtection",
  ],
  [T.rdsParameterGroup]: ["family"],
  [T.replicationGroup]: [
    "nodeType",
    "numCacheClusters",
    "multiAzEnabled",
    "transitEncryptionEnabled",
    "atRestEncryptionEnabled",
  ],
  [T.kmsKey]: ["enableKeyRotation", "deletionWindowInDays"],
  [T.kmsAlias]: ["name"],
  [T.secret]: ["name", "recoveryWindowInDays"],
  [T.secretRotation]: ["rotationRules.automaticallyAfterDays"],
};

function at(inputs: PlanResource["inputs"], path: string): PlanValue | undefined {
  return path.split(".").reduce<PlanValue | undefined>((v, k) => {
    if (v && typeof v === "object" && !Array.isArray(v)) return v[k];
    return undefined;
  }, inputs);
}

/** Ids and URNs of other resources, shortened to the resource name ("sg-0a1b…" → prod-db-sg). */
function show(value: PlanValue, plan: Plan, from: PlanResource): string {
  if (typeof value === "string") {
    const urnName = value.startsWith("urn:pulumi:") ? value.split("::").pop() : undefined;
    return urnName ?? resourceWithId(plan.resources, value, from)?.name ?? value;
  }
  return JSON.stringify(value);
}

function summary(resource: PlanResource, plan: Plan): string {
  const parts = (KEY_INPUTS[resource.type] ?? []).flatMap((path) => {
    const value = at(resource.inputs, path);
    return value === undefined || value === null
      ? []
      : [`${path.split(".").pop()}=${show(value, plan, resource)}`];
  });
  const { options } = resource;
  if (options.protect) parts.push("[protect]");
  if (options.retainOnDelete) parts.push("[retain]");
  if (options.deleteBeforeReplace) parts.push("[delete-before-replace]");
  if (options.ignoreChanges.length > 0) parts.push(`[ignore ${options.ignoreChanges.join(",")}]`);
  return parts.join(" ");
}

/** T.rdsInstance → "rds:Instance", "random:index/…:RandomId" → "random:RandomId". */
export function shortType(type: string): string {
  const [pkg = "", module = "", kind = ""] = type.split(":");
  if (pkg === "pulumi") return type;
  const area = module.split("/")[0];
  return `${area === "index" ? pkg : area}:${kind}`;
}

export function renderTree(plan: Plan): string {
  const children = new Map<string | null, PlanResource[]>();
  for (const r of plan.resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  for (const list of children.values()) {
    list.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  }
  const lines = [`stack ${plan.stack} (tier ${plan.tier}): ${plan.resources.length} resources`];
  const walk = (parent: string | null, prefix: string) => {
    const list = children.get(parent) ?? [];
    list.forEach((r, i) => {
      const last = i === list.length - 1;
      const detail = summary(r, plan);
      lines.push(
        `${prefix}${last ? "└─ " : "├─ "}${shortType(r.type)}  ${r.name}${detail ? `  ${detail}` : ""}`,
      );
      walk(r.urn, `${prefix}${last ? "   " : "│  "}`);
    });
  };
  walk(null, "");
  return lines.join("\n");
}

export function countByType(plan: Plan): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of plan.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export function renderCounts(plan: Plan): string {
  const rows = countByType(plan);
  const width = Math.max(...rows.map(([, n]) => String(n).length));
  return ["resources by type:", ...rows.map(([type, n]) => `  ${String(n).padStart(width)}  ${type}`)].join(
    "\n",
  );
}
