/**
 * A Mermaid architecture diagram of one stack, drawn from its offline plan: the VPC with its
 * subnets grouped by tier (public, app, data) and AZ, what runs in each tier, the edge in front
 * (CloudFront, WAF) when the plan has one, and the regional services (Secrets Manager, KMS,
 * CloudWatch, IAM). Traffic arrows come from the security-group rules, so the picture shows what
 * the network allows, not what someone remembered to draw. Pure: a plan in, Markdown out.
 */
import { type Plan, type PlanResource, resourceWithId } from "../model/plan";
import { T as TYPE } from "../model/resource-types";

const T = {
  vpc: TYPE.vpc,
  subnet: TYPE.subnet,
  nat: TYPE.ec2NatGateway,
  sg: TYPE.securityGroup,
  ingress: TYPE.ingressRule,
  egress: TYPE.vpcSecurityGroupEgressRule,
  alb: TYPE.loadBalancer,
  listener: TYPE.listener,
  cert: TYPE.certificate,
  asg: TYPE.autoscalingGroup,
  launchTemplate: TYPE.launchTemplate,
  db: TYPE.rdsInstance,
  redis: TYPE.replicationGroup,
  rotationApp: TYPE.serverlessrepositoryCloudFormationStack,
  secret: TYPE.secret,
  rotation: TYPE.secretRotation,
  kms: TYPE.kmsKey,
  logGroup: TYPE.logGroup,
  alarm: TYPE.metricAlarm,
  role: TYPE.role,
  trail: TYPE.trail,
  cdn: TYPE.distribution,
  waf: TYPE.webAcl,
  wafAssociation: TYPE.webAclAssociation,
} as const;

export const SUBNET_TIER_ORDER = ["public", "app", "data"] as const;

const TIER_TITLE: Readonly<Record<string, string>> = {
  public: "Public tier",
  app: "App tier (private)",
  data: "Data tier (isolated)",
};

/** Where a workload node sits: in a subnet tier of the VPC, or at the edge in front of it. */
const WORKLOADS: Readonly<Record<string, { readonly place: string; readonly db?: boolean }>> = {
  [T.alb]: { place: "public" },
  [T.asg]: { place: "app" },
  [T.rotationApp]: { place: "app" },
  [T.db]: { place: "data", db: true },
  [T.redis]: { place: "data", db: true },
  [T.cdn]: { place: "edge" },
  [T.waf]: { place: "edge" },
};

/** Ids the renderer gives its own boxes, and words Mermaid's flowchart grammar reserves. */
const RESERVED_IDS = new Set([
  "internet",
  "nat",
  "secrets",
  "kms",
  "cloudwatch",
  "logs",
  "iam",
  "cloudtrail",
  "ssm",
  "appconfig",
  "sns",
  "s3",
  "end",
  "subgraph",
  "graph",
  "flowchart",
  "direction",
  "style",
  "classdef",
  "class",
  "click",
  "linkstyle",
  "default",
]);

/** Mermaid node id from a role: letters, digits and underscores only. */
export function nodeId(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "node";
}

/** A quoted Mermaid label: quotes and angle brackets as entities, lines joined with <br/>. */
export function label(lines: readonly string[]): string {
  const esc = (s: string) => s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
  return `"${lines
    .filter((l) => l !== "")
    .map(esc)
    .join("<br/>")}"`;
}

/**
 * Ids of the renderer's own composite boxes. They hold a double underscore, which nodeId never
 * produces, so no resource can take them.
 */
const subnetsId = (tier: string): string => `subnets__${nodeId(tier)}`;
const REGIONAL_SUMMARY_ID = "regional__other";

/**
 * Layout settings, in the diagram's own front matter so GitHub's renderer and ours agree: label
 * lines up to ~260 px before Mermaid wraps them (its 200 px default breaks names mid-word), and
 * tighter spacing so the picture stays narrow enough to read at page width.
 */
const FRONTMATTER = [
  "---",
  "config:",
  "  flowchart:",
  "    wrappingWidth: 260",
  "    nodeSpacing: 30",
  "    rankSpacing: 40",
  "---",
];

/** The dash pattern of every dotted arrow, legend included (see the linkStyle line). */
const DOTTED_STYLE = "stroke-dasharray:6 4";

const str = (v: unknown): string => (v === undefined || v === null ? "" : String(v));
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;

/**
 * The text each workload node shows: what it is, its name on a line of its own, then the sizes
 * that matter, each on a short line (Mermaid wraps long lines at ~200 px, mid-word).
 */
function workloadLines(r: PlanResource, plan: Plan): string[] {
  const i = r.inputs;
  switch (r.type) {
    case T.alb: {
      const listeners = plan.resources.filter((l) => l.type === T.listener && l.dependencies.includes(r.urn));
      const cert = plan.resources.find((c) => c.type === T.cert);
      return [
        "Application Load Balancer",
        r.name,
        listeners
          .map((l) => `${str(l.inputs["protocol"])} :${str(l.inputs["port"])}`)
          .sort()
          .join(" · "),
        cert ? `TLS ${str(cert.inputs["domainName"])}` : "",
        i["enableDeletionProtection"] === true ? "deletion protection" : "",
      ];
    }
    case T.asg: {
      const lt = plan.resources.find((x) => x.type === T.launchTemplate && r.dependencies.includes(x.urn));
      return [
        "Auto Scaling group",
        r.name,
        `${str(i["desiredCapacity"])}× ${str(lt?.inputs["instanceType"])}`,
        `min ${str(i["minSize"])} · max ${str(i["maxSize"])}`,
        `in ${plural((i["vpcZoneIdentifiers"] as unknown[] | undefined)?.length ?? 0, "app subnet")}`,
      ];
    }
    case T.rotationApp:
      return ["Secret rotation Lambda", r.name, "Serverless App Repository"];
    case T.db:
      return [
        `PostgreSQL ${str(i["engineVersion"])}`,
        r.name,
        str(i["instanceClass"]),
        `${str(i["allocatedStorage"])} GB`,
        i["multiAz"] === true ? "Multi-AZ standby" : "single-AZ",
        `backups ${plural(Number(i["backupRetentionPeriod"]), "day")}`,
        i["deletionProtection"] === true ? "deletion protection" : "",
      ];
    case T.redis:
      return [
        `Redis ${str(i["engineVersion"])}`,
        r.name,
        `${str(i["nodeType"])} × ${str(i["numCacheClusters"])}`,
        i["automaticFailoverEnabled"] === true ? "automatic failover" : "single node",
      ];
    case T.cdn:
      return ["CloudFront", r.name, ...((i["aliases"] as unknown[] | undefined) ?? []).map(str)];
    case T.waf: {
      const rules = (i["rules"] as unknown[] | undefined)?.length ?? 0;
      return [
        "WAF web ACL",
        r.name,
        `${i["scope"] === "CLOUDFRONT" ? "on CloudFront" : "regional"}${rules > 0 ? ` · ${plural(rules, "rule")}` : ""}`,
      ];
    }
    default:
      return [r.name];
  }
}

/**
 * Regional services drawn as one counted box each when the plan has them. A type ending in "/"
 * is a module prefix (every AppConfig resource).
 */
export const REGIONAL_EXTRAS: readonly {
  readonly id: string;
  readonly title: string;
  readonly noun: string;
  readonly types: readonly string[];
}[] = [
  { id: "cloudtrail", title: "CloudTrail", noun: "trail", types: [T.trail] },
  { id: "ssm", title: "SSM Parameter Store", noun: "parameter", types: [TYPE.ssmParameter] },
  { id: "appconfig", title: "AppConfig", noun: "resource", types: ["aws:appconfig/"] },
  { id: "sns", title: "SNS", noun: "topic", types: [TYPE.topic] },
  { id: "s3", title: "S3", noun: "bucket", types: [TYPE.bucket, TYPE.bucketV2] },
];

type EdgeStyle = "traffic" | "egress" | "uses";

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /**
   * traffic: a solid arrow the security groups allow; egress: a dotted line with no head, drawn
   * from the NAT or the Internet down to the workload (an arrow up into them would rank the
   * Internet below the VPC, and the picture reads top-down from it); uses: a dotted arrow.
   */
  readonly style: EdgeStyle;
}

/** Ports of one (from, to) pair, merged: "443, 80". */
function mergeEdges(edges: readonly Edge[]): Edge[] {
  const merged = new Map<string, { edge: Edge; texts: Set<string> }>();
  for (const e of edges) {
    const key = `${e.from} ${e.to} ${e.style}`;
    const found = merged.get(key) ?? { edge: e, texts: new Set<string>() };
    if (e.text) found.texts.add(e.text);
    merged.set(key, found);
  }
  return [...merged.values()].map(({ edge, texts }) => ({
    ...edge,
    text: [...texts].sort((a, b) => a.localeCompare(b, "en", { numeric: true })).join(", "),
  }));
}

export function renderDiagram(plan: Plan): string {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const ofType = (type: string) => plan.resources.filter((r) => r.type === type);
  const role = (r: PlanResource) =>
    r.name.startsWith(`${plan.stack}-`) ? r.name.slice(plan.stack.length + 1) : r.name;
  // Resource nodes never take a fixed node's id or a Mermaid keyword (a CloudFront named
  // `<stack>-nat` or `<stack>-end` must not merge with the NAT box or end a subgraph).
  const idOf = (r: PlanResource) => {
    const id = nodeId(role(r));
    return RESERVED_IDS.has(id.toLowerCase()) ? `${id}_resource` : id;
  };

  // Which diagram node stands for a security group: the workload that uses it. A launch template
  // stands for the auto-scaling group that launches it.
  const sgOwner = new Map<string, string>();
  for (const r of plan.resources) {
    if (!WORKLOADS[r.type] && r.type !== T.launchTemplate) continue;
    const node =
      r.type === T.launchTemplate
        ? plan.resources.find((a) => a.type === T.asg && a.dependencies.includes(r.urn))
        : r;
    if (!node) continue;
    for (const dep of r.dependencies) {
      if (byUrn.get(dep)?.type === T.sg) sgOwner.set(dep, idOf(node));
    }
  }
  const ownerOfId = (id: unknown) => {
    const sg = resourceWithId(plan.resources, id);
    return sg ? sgOwner.get(sg.urn) : undefined;
  };

  const natCount = ofType(T.nat).length;
  const edges: Edge[] = [];
  const open = (cidr: unknown) => cidr === "0.0.0.0/0" || cidr === "::/0";
  const ports = (r: PlanResource) => {
    const from = str(r.inputs["fromPort"]);
    const to = str(r.inputs["toPort"]);
    return from === to ? from : `${from}-${to}`;
  };
  for (const rule of ofType(T.ingress)) {
    const to = ownerOfId(rule.inputs["securityGroupId"]);
    if (!to) continue;
    if (open(rule.inputs["cidrIpv4"]) || open(rule.inputs["cidrIpv6"])) {
      edges.push({ from: "internet", to, text: ports(rule), style: "traffic" });
    } else if (rule.inputs["prefixListId"] !== undefined) {
      // A managed prefix list in a plan with CloudFront is CloudFront's origin-facing list: the
      // distribution is the only way in.
      for (const cdn of ofType(T.cdn))
        edges.push({ from: idOf(cdn), to, text: ports(rule), style: "traffic" });
    } else {
      const from = ownerOfId(rule.inputs["referencedSecurityGroupId"]);
      if (from) edges.push({ from, to, text: ports(rule), style: "traffic" });
    }
  }
  for (const rule of ofType(T.egress)) {
    const from = ownerOfId(rule.inputs["securityGroupId"]);
    if (!from || !(open(rule.inputs["cidrIpv4"]) || open(rule.inputs["cidrIpv6"]))) continue;
    // Egress to the internet leaves private subnets through the NAT gateways.
    if (natCount > 0) edges.push({ from, to: "nat", text: ports(rule), style: "egress" });
    else edges.push({ from, to: "internet", text: ports(rule), style: "egress" });
  }
  if (natCount > 0 && edges.some((e) => e.to === "nat")) {
    edges.push({ from: "nat", to: "internet", text: "", style: "egress" });
  }

  // The edge: CloudFront in front of its origin, WAF on whatever it is attached to.
  for (const cdn of ofType(T.cdn)) {
    edges.push({ from: "internet", to: idOf(cdn), text: "443", style: "traffic" });
    for (const dep of cdn.dependencies) {
      const target = byUrn.get(dep);
      if (target?.type === T.alb)
        edges.push({ from: idOf(cdn), to: idOf(target), text: "origin", style: "traffic" });
    }
  }
  for (const waf of ofType(T.waf)) {
    const users = plan.resources.filter((r) => r.dependencies.includes(waf.urn));
    for (const user of users) {
      const targets =
        user.type === T.wafAssociation
          ? user.dependencies.map((d) => byUrn.get(d)).filter((d) => d && d.type !== T.waf)
          : [user];
      for (const target of targets) {
        if (target && WORKLOADS[target.type]) {
          edges.push({ from: idOf(waf), to: idOf(target), text: "filters", style: "uses" });
        }
      }
    }
  }

  // Regional services and what leans on them.
  const secrets = ofType(T.secret);
  const keys = ofType(T.kms);
  const lt = ofType(T.launchTemplate)[0];
  const asg = ofType(T.asg)[0];
  if (asg && lt && secrets.some((s) => lt.dependencies.includes(s.urn))) {
    edges.push({ from: idOf(asg), to: "secrets", text: "reads", style: "uses" });
  }
  for (const app of ofType(T.rotationApp))
    edges.push({ from: idOf(app), to: "secrets", text: "rotates", style: "uses" });
  const encrypted = [...ofType(T.db), ...ofType(T.redis)].filter((r) =>
    keys.some((k) => r.dependencies.includes(k.urn)),
  );
  if (keys.length > 0) {
    for (const r of encrypted) edges.push({ from: idOf(r), to: "kms", text: "encrypted by", style: "uses" });
    if (secrets.some((s) => keys.some((k) => s.dependencies.includes(k.urn)))) {
      edges.push({ from: "secrets", to: "kms", text: "encrypted by", style: "uses" });
    }
  }

  // Regional services: Secrets Manager and KMS, then the counted extras and IAM. A service some
  // arrow touches gets a box of its own; the rest share one summary box, a line each, so a row
  // of edgeless boxes does not widen the picture.
  const regional: { readonly id: string; readonly lines: readonly string[] }[] = [];
  if (secrets.length > 0) {
    const rotation = ofType(T.rotation)[0];
    const days = (rotation?.inputs["rotationRules"] as { automaticallyAfterDays?: number } | undefined)
      ?.automaticallyAfterDays;
    const namespaces = [...new Set(secrets.map((s) => str(s.inputs["name"]).split("/")[1]))].filter(Boolean);
    regional.push({
      id: "secrets",
      lines: [
        "Secrets Manager",
        plural(secrets.length, "secret"),
        ...namespaces.map((n) => `under /${n}/*`),
        rotation ? `rotated every ${str(days)} days` : "no rotation",
      ],
    });
  }
  if (keys.length > 0) {
    regional.push({
      id: "kms",
      lines: [
        keys.length > 1 ? `KMS keys × ${keys.length}` : "KMS key",
        keys.length === 1 ? keys[0]!.name : "",
        keys.every((k) => k.inputs["enableKeyRotation"] === true) ? "yearly key rotation" : "",
      ],
    });
  }
  const logs = ofType(T.logGroup);
  if (logs.length > 0) {
    const retention = [...new Set(logs.map((g) => Number(g.inputs["retentionInDays"] ?? 0)))]
      .sort((a, b) => a - b)
      .map((d) => (d > 0 ? `${d} d` : "kept"));
    regional.push({
      id: "logs",
      lines: ["CloudWatch Logs", plural(logs.length, "group"), retention.join(", ")],
    });
  }
  const alarms = ofType(T.alarm);
  if (alarms.length > 0)
    regional.push({ id: "cloudwatch", lines: ["CloudWatch", plural(alarms.length, "alarm")] });
  for (const extra of REGIONAL_EXTRAS) {
    const found = plan.resources.filter((r) =>
      extra.types.some((t) => (t.endsWith("/") ? r.type.startsWith(t) : r.type === t)),
    );
    if (found.length > 0)
      regional.push({ id: extra.id, lines: [extra.title, plural(found.length, extra.noun)] });
  }
  const roles = ofType(T.role);
  if (roles.length > 0) regional.push({ id: "iam", lines: ["IAM", plural(roles.length, "role")] });

  const vpc = ofType(T.vpc)[0];
  const lines: string[] = ["flowchart TB", `  internet(("Internet"))`];
  const subnetBoxes: string[] = [];

  const edgeNodes = plan.resources.filter((r) => WORKLOADS[r.type]?.place === "edge");
  if (edgeNodes.length > 0) {
    lines.push(`  subgraph g_edge[${label(["Edge"])}]`, "    direction LR");
    for (const r of edgeNodes) lines.push(`    ${idOf(r)}[${label(workloadLines(r, plan))}]`);
    lines.push("  end");
  }

  if (vpc) {
    const azs = new Set(ofType(T.subnet).map((s) => str(s.inputs["availabilityZone"])));
    lines.push(
      `  subgraph g_vpc[${label([`VPC ${vpc.name} · ${str(vpc.inputs["cidrBlock"])} · ${plural(azs.size, "AZ")}`])}]`,
      "    direction TB",
    );
    const tierOf = (s: PlanResource) =>
      str((s.inputs["tags"] as Record<string, unknown> | undefined)?.["Tier"]);
    const tiers = [
      ...SUBNET_TIER_ORDER,
      ...[...new Set(ofType(T.subnet).map(tierOf))]
        .filter((t) => !(SUBNET_TIER_ORDER as readonly string[]).includes(t))
        .sort(),
    ];
    for (const tier of tiers) {
      // One box per tier lists its subnets in AZ order: Mermaid ignores a subgraph's direction
      // once its nodes have outside links, so separate AZ boxes land in arbitrary order.
      const subnets = ofType(T.subnet)
        .filter((s) => tierOf(s) === tier)
        .sort((a, b) => str(a.inputs["availabilityZone"]).localeCompare(str(b.inputs["availabilityZone"])));
      const workloads = plan.resources.filter((r) => WORKLOADS[r.type]?.place === tier);
      if (subnets.length === 0 && workloads.length === 0) continue;
      lines.push(
        `    subgraph g_tier_${nodeId(tier)}[${label([TIER_TITLE[tier] ?? `${tier} tier`])}]`,
        "      direction LR",
      );
      if (subnets.length > 0) {
        subnetBoxes.push(subnetsId(tier));
        lines.push(
          `      ${subnetsId(tier)}[${label([
            plural(subnets.length, `${tier} subnet`),
            ...subnets.map((s) => `${str(s.inputs["availabilityZone"])} · ${str(s.inputs["cidrBlock"])}`),
          ])}]`,
        );
      }
      if (tier === "public" && natCount > 0) {
        lines.push(
          `      nat[${label([`NAT gateway × ${natCount}`, natCount === 1 ? "shared by every AZ" : "one per AZ"])}]`,
        );
      }
      for (const r of workloads) {
        const text = label(workloadLines(r, plan));
        lines.push(`      ${idOf(r)}${WORKLOADS[r.type]?.db ? `[(${text})]` : `[${text}]`}`);
      }
      lines.push("    end");
    }
    lines.push("  end");
  }

  const declared = new Set(
    [...lines, ...regional.map((r) => `  ${r.id}[`)]
      .map((l) => /^\s+([A-Za-z0-9_]+)[[(]/.exec(l)?.[1])
      .filter((x): x is string => x !== undefined),
  );
  const drawn = mergeEdges(edges).filter((e) => declared.has(e.from) && declared.has(e.to));
  const linked = new Set(drawn.flatMap((e) => [e.from, e.to]));
  const boxed = regional.filter((r) => linked.has(r.id));
  const summarised = regional.filter((r) => !linked.has(r.id));
  if (regional.length > 0) {
    lines.push(`  subgraph g_regional[${label(["Regional services"])}]`, "    direction LR");
    for (const r of boxed) lines.push(`    ${r.id}[${label(r.lines)}]`);
    if (summarised.length > 0) {
      lines.push(
        `    ${REGIONAL_SUMMARY_ID}[${label(summarised.map((r) => `${r.lines[0]}: ${r.lines.slice(1).filter(Boolean).join(", ")}`))}]`,
      );
    }
    lines.push("  end");
  }

  // The legend draws one line of each style, so the same linkStyle rule styles it.
  const legend: Edge[] = [
    { from: "legend__a", to: "legend__b", text: "traffic allowed, by port", style: "traffic" },
    { from: "legend__d", to: "legend__c", text: "(outbound only)", style: "egress" },
    { from: "legend__e", to: "legend__f", text: "reads, encrypted by", style: "uses" },
  ];
  lines.push(
    `  subgraph legend__box[${label(["Legend"])}]`,
    "    direction LR",
    ...["a", "b", "c", "d", "e", "f"].map((n) => `    legend__${n}((" "))`),
    "  end",
  );

  const dotted: number[] = [];
  [...drawn, ...legend].forEach((e, index) => {
    if (e.style !== "traffic") dotted.push(index);
    if (e.style === "egress") {
      lines.push(`  ${e.to} -.-|${label([e.text ? `egress ${e.text}` : "egress"])}| ${e.from}`);
    } else {
      const text = e.text ? `|${label([e.text])}|` : "";
      lines.push(`  ${e.from} ${e.style === "uses" ? "-.->" : "-->"}${text} ${e.to}`);
    }
  });
  // Mermaid 12 gives a dotted edge both the dotted and the solid pattern class (the solid one
  // wins where lines cross); an inline style from linkStyle comes last in the path's style and
  // survives.
  if (dotted.length > 0) lines.push(`  linkStyle ${dotted.join(",")} ${DOTTED_STYLE}`);
  // Invisible links, after every visible one so the linkStyle indices above stay right: the
  // tiers' subnet boxes in one column (public above app above data), the legend at the bottom.
  // The summary box continues that column, keeping the regional services under the VPC.
  const stacked = [...subnetBoxes, ...(summarised.length > 0 ? [REGIONAL_SUMMARY_ID] : [])];
  const column = stacked.length > 1 ? [`  ${stacked.join(" ~~~ ")}`] : [];
  const bottom = regional.length > 0 ? "g_regional" : vpc ? "g_vpc" : "internet";
  lines.push(...column, `  ${bottom} ~~~ legend__box`);
  return [...FRONTMATTER, ...lines].join("\n");
}

/** The committed page: a heading, how to read it, the rendered SVG, and its Mermaid source. */
export function renderDiagramPage(plan: Plan): string {
  return [
    `# ${plan.stack} (tier ${plan.tier}): architecture`,
    "",
    `<!-- Generated from stacks/${plan.stack}.plan.json with ${plan.stack}.svg by \`npm run generate\``,
    "     (`infra reports`). Do not edit: `npm run check` (CI) fails when either is stale. -->",
    "",
    `Drawn from the offline plan of \`Pulumi.${plan.stack}.yaml\` (${plural(plan.resources.length, "resource")}), top-down`,
    "from the Internet: the edge, the VPC's subnet tiers (each tier's subnets by AZ and CIDR, beside",
    "what runs in them), then the regional services. Solid arrows are traffic the security groups allow",
    "(ports on the arrow); dotted lines are egress (no head: outbound only, through the NAT gateways),",
    "reads of secrets and encryption keys. Route tables, rules and IAM policies are left out:",
    "`npm run plan -- " + plan.stack + "` lists everything.",
    "",
    `![${plan.stack} architecture, rendered by Mermaid](${plan.stack}.svg)`,
    "",
    "<details><summary>Mermaid source of the picture</summary>",
    "",
    "```mermaid",
    renderDiagram(plan),
    "```",
    "",
    "</details>",
    "",
  ].join("\n");
}
