import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { label, nodeId, renderDiagram, renderDiagramPage } from "../../src/reports/diagram";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Plan } from "../../src/model/plan";
import { listStacks } from "../../src/config/stack-files";
import { planPath } from "../../src/plan/plan-file";
import {
  DB,
  idOf,
  plan,
  type ResourceSpec,
  SECRET,
  SECURITY_GROUP,
  SUBNET,
  urnOf,
  VPC,
} from "../support/plan-builders";

const S = "prod";
const PROJECT_DIR = join(__dirname, "..", "..");
/** About 260 px of 14 px text: the wrapping width the diagram's front matter sets. */
const MAX_LINE = 34;
const T = {
  alb: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  asg: "aws:autoscaling/group:Group",
  lt: "aws:ec2/launchTemplate:LaunchTemplate",
  redis: "aws:elasticache/replicationGroup:ReplicationGroup",
  nat: "aws:ec2/natGateway:NatGateway",
  kms: "aws:kms/key:Key",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  cdn: "aws:cloudfront/distribution:Distribution",
  waf: "aws:wafv2/webAcl:WebAcl",
  wafAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
};
const urn = (type: string, name: string) => urnOf(S, type, `${S}-${name}`);
const sgId = (name: string) => idOf(SECURITY_GROUP, `${S}-${name}-sg`);

function rule(
  type: string,
  name: string,
  sg: string,
  port: number,
  peer: { sg?: string; cidr?: string },
): ResourceSpec {
  return {
    type,
    name: `${S}-${name}`,
    inputs: {
      securityGroupId: sgId(sg),
      fromPort: port,
      toPort: port,
      ...(peer.sg ? { referencedSecurityGroupId: sgId(peer.sg) } : { cidrIpv4: peer.cidr! }),
    },
  };
}

/** A two-AZ environment shaped like the real one: tiers, ALB, ASG, PostgreSQL, Redis, secrets. */
function environment(extra: ResourceSpec[] = [], withAlb = true): Plan {
  const azs = ["a", "b"];
  const subnets = (["public", "app", "data"] as const).flatMap((tier, t) =>
    azs.map((az, i) => ({
      type: SUBNET,
      name: `${S}-${tier}-${az}`,
      inputs: {
        availabilityZone: `us-east-1${az}`,
        cidrBlock: `10.2.${t * 10 + i}.0/24`,
        tags: { Tier: tier },
      },
    })),
  );
  const sgs = ["alb", "app", "db", "cache"].map((n) => ({ type: SECURITY_GROUP, name: `${S}-${n}-sg` }));
  const resources: ResourceSpec[] = [
    { type: VPC, name: `${S}-vpc`, inputs: { cidrBlock: "10.2.0.0/16" } },
    ...subnets,
    ...sgs,
    { type: T.nat, name: `${S}-nat-a` },
    { type: T.kms, name: `${S}-kms`, inputs: { enableKeyRotation: true } },
    {
      type: SECRET,
      name: `${S}-db-secret`,
      dependencies: [urn(T.kms, "kms")],
      inputs: { name: "/production/database/master" },
    },
    {
      type: T.lt,
      name: `${S}-app-lt`,
      dependencies: [urn(SECURITY_GROUP, "app-sg"), urn(SECRET, "db-secret")],
      inputs: { instanceType: "c5.xlarge" },
    },
    {
      type: T.asg,
      name: `${S}-app-asg`,
      dependencies: [urn(T.lt, "app-lt")],
      inputs: {
        desiredCapacity: 10,
        minSize: 5,
        maxSize: 50,
        vpcZoneIdentifiers: [idOf(SUBNET, `${S}-app-a`), idOf(SUBNET, `${S}-app-b`)],
      },
    },
    {
      type: DB,
      name: `${S}-db`,
      dependencies: [urn(SECURITY_GROUP, "db-sg"), urn(T.kms, "kms")],
      inputs: {
        engineVersion: "17",
        instanceClass: "db.r5.xlarge",
        allocatedStorage: 100,
        multiAz: true,
        backupRetentionPeriod: 14,
      },
    },
    {
      type: T.redis,
      name: `${S}-redis`,
      dependencies: [urn(SECURITY_GROUP, "cache-sg"), urn(T.kms, "kms")],
      inputs: {
        engineVersion: "7.1",
        nodeType: "cache.r5.large",
        numCacheClusters: 2,
        automaticFailoverEnabled: true,
      },
    },
    rule(T.ingress, "db-sg-in-5432-app", "db", 5432, { sg: "app" }),
    rule(T.ingress, "cache-sg-in-6379-app", "cache", 6379, { sg: "app" }),
    rule(T.egress, "app-sg-out-443-v4", "app", 443, { cidr: "0.0.0.0/0" }),
    ...(withAlb
      ? [
          {
            type: T.alb,
            name: `${S}-alb`,
            dependencies: [urn(SECURITY_GROUP, "alb-sg")],
            inputs: { enableDeletionProtection: true },
          },
          {
            type: T.listener,
            name: `${S}-https`,
            dependencies: [urn(T.alb, "alb")],
            inputs: { port: 443, protocol: "HTTPS" },
          },
          rule(T.ingress, "alb-sg-in-443-v4", "alb", 443, { cidr: "0.0.0.0/0" }),
          rule(T.ingress, "alb-sg-in-80-v4", "alb", 80, { cidr: "0.0.0.0/0" }),
          rule(T.ingress, "app-sg-in-8080-alb", "app", 8080, { sg: "alb" }),
        ]
      : []),
    ...extra,
  ];
  return plan({ stack: S, tier: "prod", resources });
}

/** A plan's resources back as specs, to build a variant of it. */
function specs(p: Plan): ResourceSpec[] {
  return p.resources.map((r) => ({
    type: r.type,
    name: r.name,
    inputs: r.inputs,
    options: r.options,
    dependencies: r.dependencies,
  }));
}

/**
 * Which subgraph each node is declared in, every visible edge (in declaration order), which of
 * them the linkStyle line dashes, the invisible layout links, and a syntax sanity check.
 */
function parse(diagram: string) {
  const all = diagram.split("\n");
  // Front matter first: the layout settings GitHub's Mermaid and ours both read.
  assert.equal(all[0], "---");
  const close = all.indexOf("---", 1);
  assert.ok(close > 0, "front matter is closed");
  const lines = all.slice(close + 1);
  assert.equal(lines[0], "flowchart TB");
  const stack: string[] = [];
  const nodes = new Map<string, string>();
  const order: string[] = [];
  const edges: string[] = [];
  const invisible: string[][] = [];
  let dashed: number[] = [];
  for (const line of lines.slice(1)) {
    const text = line.trim();
    const sub = /^subgraph (\w+)\[".*"\]$/.exec(text);
    if (sub) {
      stack.push(sub[1]!);
      nodes.set(sub[1]!, stack.at(-2) ?? "");
      continue;
    }
    if (text === "end") {
      assert.ok(stack.pop(), "an end without a subgraph");
      continue;
    }
    if (text.startsWith("direction ")) continue;
    const style = /^linkStyle ([\d,]+) stroke-dasharray:6 4$/.exec(text);
    if (style) {
      dashed = style[1]!.split(",").map(Number);
      continue;
    }
    if (/^\w+( ~~~ \w+)+$/.test(text)) {
      invisible.push(text.split(" ~~~ "));
      continue;
    }
    const edge = /^(\w+) (-->|-\.->|-\.-)(?:\|"([^"]*)"\|)? (\w+)$/.exec(text);
    if (edge) {
      assert.equal(invisible.length, 0, "invisible links come after every visible one (linkStyle indices)");
      edges.push(`${edge[1]} ${edge[2]} ${edge[4]}${edge[3] ? ` : ${edge[3]}` : ""}`);
      continue;
    }
    const node = /^(\w+)(\[\(".*"\)\]|\[".*"\]|\(\(".*"\)\))$/.exec(text);
    assert.ok(node, `not a node, edge or subgraph line: ${text}`);
    assert.ok(!nodes.has(node[1]!), `${node[1]} declared twice`);
    nodes.set(node[1]!, stack.at(-1) ?? "");
    order.push(node[1]!);
  }
  assert.deepEqual(stack, [], "every subgraph is closed");
  for (const e of [...edges, ...invisible.map((c) => c.join(" ~~~ "))]) {
    const ends = e.split(" : ")[0]!.split(/ (?:-->|-\.->|-\.-|~~~) /);
    for (const end of ends) assert.ok(nodes.has(end), `edge ${e} joins an undeclared node ${end}`);
  }
  return { nodes, order, edges, invisible, dashed: dashed.map((i) => edges[i]) };
}

/**
 * Every label line of the diagram's nodes and edges, split at <br/>. Subgraph titles are left
 * out: Mermaid sizes a subgraph to its title instead of wrapping it.
 */
const labelLines = (diagram: string): string[] =>
  diagram
    .split("\n")
    .filter((l) => !l.trim().startsWith("subgraph "))
    .flatMap((l) => [...l.matchAll(/"([^"]*)"/g)].flatMap((m) => m[1]!.split("<br/>")));

describe("diagram: one Mermaid picture per stack, from its plan", () => {
  test("one box per subnet tier lists its AZs and CIDRs in AZ order; workloads in their tier", () => {
    const text = renderDiagram(environment());
    const { nodes } = parse(text);
    assert.equal(nodes.get("subnets__public"), "g_tier_public");
    assert.equal(nodes.get("subnets__app"), "g_tier_app");
    assert.equal(nodes.get("subnets__data"), "g_tier_data");
    assert.match(
      text,
      /subnets__public\["2 public subnets<br\/>us-east-1a · 10\.2\.0\.0\/24<br\/>us-east-1b · 10\.2\.1\.0\/24"\]/,
    );
    assert.match(
      text,
      /subnets__data\["2 data subnets<br\/>us-east-1a · 10\.2\.20\.0\/24<br\/>us-east-1b · 10\.2\.21\.0\/24"\]/,
    );
    assert.ok(![...nodes.keys()].some((id) => /^(public|app|data)_[ab]$/.test(id)), "no box per subnet");
    assert.equal(nodes.get("alb"), "g_tier_public");
    assert.equal(nodes.get("nat"), "g_tier_public");
    assert.equal(nodes.get("app_asg"), "g_tier_app");
    assert.equal(nodes.get("db"), "g_tier_data");
    assert.equal(nodes.get("redis"), "g_tier_data");
    assert.equal(nodes.get("secrets"), "g_regional");
    assert.equal(nodes.get("kms"), "g_regional");
    assert.equal(nodes.get("internet"), "");
    for (const tier of ["g_tier_public", "g_tier_app", "g_tier_data"]) assert.equal(nodes.get(tier), "g_vpc");
  });

  test("AZ order in a tier box does not depend on the plan's resource order", () => {
    const sorted = environment();
    const reversed = { ...sorted, resources: [...sorted.resources].reverse() };
    const boxes = (p: Plan) =>
      renderDiagram(p)
        .split("\n")
        .filter((l) => l.includes("subnets__") && l.includes("["));
    assert.equal(boxes(sorted).length, 3);
    assert.deepEqual(boxes(reversed), boxes(sorted));
  });

  test("top-down from the Internet: it is declared first and no line points into it", () => {
    const { order, edges, invisible } = parse(renderDiagram(environment()));
    assert.equal(order[0], "internet");
    assert.ok(!edges.some((e) => / (-->|-\.->) internet\b/.test(e)), edges.join("\n"));
    // The tiers' subnet boxes are stacked public → app → data, then the regional summary.
    assert.deepEqual(invisible[0], ["subnets__public", "subnets__app", "subnets__data"]);
    const withSummary = parse(
      renderDiagram(environment([{ type: "aws:sns/topic:Topic", name: `${S}-alarms` }])),
    ).invisible;
    assert.deepEqual(withSummary[0], ["subnets__public", "subnets__app", "subnets__data", "regional__other"]);
  });

  test("traffic arrows come from the security-group rules, ports merged per pair", () => {
    const { edges } = parse(renderDiagram(environment()));
    assert.deepEqual(edges.filter((e) => e.includes("-->") && !e.startsWith("legend")).sort(), [
      "alb --> app_asg : 8080",
      "app_asg --> db : 5432",
      "app_asg --> redis : 6379",
      "internet --> alb : 80, 443",
    ]);
    assert.deepEqual(edges.filter((e) => e.includes("-.->") && !e.startsWith("legend")).sort(), [
      "app_asg -.-> secrets : reads",
      "db -.-> kms : encrypted by",
      "redis -.-> kms : encrypted by",
      "secrets -.-> kms : encrypted by",
    ]);
    // Egress is drawn from the NAT and the Internet down, with no head.
    assert.deepEqual(edges.filter((e) => e.includes("-.- ") && !e.startsWith("legend")).sort(), [
      "internet -.- nat : egress",
      "nat -.- app_asg : egress 443",
    ]);
  });

  test("without NAT gateways egress goes straight to the Internet", () => {
    const base = environment();
    const noNat = { ...base, resources: base.resources.filter((r) => r.type !== T.nat) };
    const { nodes, edges } = parse(renderDiagram(noNat));
    assert.ok(!nodes.has("nat"));
    assert.ok(edges.includes("internet -.- app_asg : egress 443"), edges.join("\n"));
  });

  test("every dotted line is dashed by linkStyle, every solid one is not (Mermaid 12 draws both solid)", () => {
    const { edges, dashed } = parse(renderDiagram(environment()));
    assert.deepEqual([...dashed].sort(), edges.filter((e) => / -\.->? /.test(e)).sort());
    assert.ok(dashed.length > 0);
  });

  test("a legend draws one line of each style, styled by the same rule", () => {
    const { nodes, edges, dashed, invisible } = parse(renderDiagram(environment()));
    const legend = edges.filter((e) => e.startsWith("legend__"));
    assert.deepEqual(legend.map((e) => e.split(" ")[1]).sort(), ["-->", "-.-", "-.->"]);
    for (const e of legend) assert.equal(nodes.get(e.split(" ")[0]!), "legend__box");
    assert.deepEqual(
      legend
        .filter((e) => dashed.includes(e))
        .map((e) => e.split(" ")[1])
        .sort(),
      ["-.-", "-.->"],
    );
    assert.ok(
      invisible.some((c) => c.join(" ") === "g_regional legend__box"),
      "the legend sits at the bottom",
    );
  });

  test("names on their own line and label lines short enough not to wrap", () => {
    const text = renderDiagram(environment());
    assert.match(text, /alb\["Application Load Balancer<br\/>prod-alb<br\/>/);
    assert.match(text, /app_asg\["Auto Scaling group<br\/>prod-app-asg<br\/>/);
    assert.match(text, /db\[\("PostgreSQL 17<br\/>prod-db<br\/>/);
    assert.match(text, /redis\[\("Redis 7\.1<br\/>prod-redis<br\/>/);
    const long = labelLines(text).filter((l) => l.length > MAX_LINE);
    assert.deepEqual(long, []);
  });

  test("the committed plans' diagrams keep every label line short", () => {
    for (const stack of listStacks(PROJECT_DIR)) {
      const committed = JSON.parse(readFileSync(planPath(PROJECT_DIR, stack), "utf8")) as Plan;
      const long = labelLines(renderDiagram(committed)).filter((l) => l.length > MAX_LINE);
      assert.deepEqual(long, [], stack);
    }
  });

  test("sizes and protections on the boxes", () => {
    const text = renderDiagram(environment());
    assert.match(
      text,
      /app_asg\["Auto Scaling group<br\/>prod-app-asg<br\/>10× c5.xlarge<br\/>min 5 · max 50<br\/>in 2 app subnets"\]/,
    );
    assert.match(
      text,
      /db\[\("PostgreSQL 17<br\/>prod-db<br\/>db.r5.xlarge<br\/>100 GB<br\/>Multi-AZ standby<br\/>backups 14 days"\)\]/,
    );
    assert.match(
      text,
      /alb\["Application Load Balancer<br\/>prod-alb<br\/>HTTPS :443<br\/>deletion protection"\]/,
    );
    assert.match(
      text,
      /secrets\["Secrets Manager<br\/>1 secret<br\/>under \/production\/\*<br\/>no rotation"\]/,
    );
  });

  test("without a load balancer nothing is drawn from the internet into the VPC", () => {
    const { nodes, edges } = parse(renderDiagram(environment([], false)));
    assert.ok(!nodes.has("alb"));
    assert.ok(!edges.some((e) => e.startsWith("internet -->")), edges.join("\n"));
  });

  test("the edge appears when the plan has CloudFront and WAF: internet → CDN → ALB, WAF on the CDN", () => {
    const edge: ResourceSpec[] = [
      { type: T.waf, name: `${S}-web-acl`, inputs: { scope: "CLOUDFRONT" } },
      { type: T.cdn, name: `${S}-cdn`, dependencies: [urn(T.alb, "alb"), urn(T.waf, "web-acl")] },
    ];
    const { nodes, edges } = parse(renderDiagram(environment(edge)));
    assert.equal(nodes.get("cdn"), "g_edge");
    assert.equal(nodes.get("web_acl"), "g_edge");
    for (const e of ["internet --> cdn : 443", "cdn --> alb : origin", "web_acl -.-> cdn : filters"]) {
      assert.ok(edges.includes(e), `missing ${e} in\n${edges.join("\n")}`);
    }
  });

  test("an ALB open only to CloudFront's prefix list: CloudFront is the only way in", () => {
    const edge: ResourceSpec[] = [
      { type: T.cdn, name: `${S}-cdn` },
      {
        type: T.ingress,
        name: `${S}-alb-sg-in-443-cloudfront`,
        inputs: { securityGroupId: sgId("alb"), fromPort: 443, toPort: 443, prefixListId: "pl-3b927c52" },
      },
    ];
    const base = environment([], false);
    const alb: ResourceSpec[] = [
      { type: T.alb, name: `${S}-alb`, dependencies: [urn(SECURITY_GROUP, "alb-sg")] },
      rule(T.ingress, "app-sg-in-8080-alb", "app", 8080, { sg: "alb" }),
    ];
    const { edges } = parse(
      renderDiagram(plan({ stack: S, tier: "prod", resources: [...specs(base), ...alb, ...edge] })),
    );
    assert.ok(edges.includes("cdn --> alb : 443"), edges.join("\n"));
    assert.ok(!edges.some((e) => e.startsWith("internet --> alb")), edges.join("\n"));
  });

  test("a regional WAF attached to the ALB by an association", () => {
    const edge: ResourceSpec[] = [
      { type: T.waf, name: `${S}-waf`, inputs: { scope: "REGIONAL" } },
      { type: T.wafAssociation, name: `${S}-waf-alb`, dependencies: [urn(T.alb, "alb"), urn(T.waf, "waf")] },
    ];
    const { edges } = parse(renderDiagram(environment(edge)));
    assert.ok(edges.includes("waf -.-> alb : filters"), edges.join("\n"));
  });

  test("edgeless regional services share one summary box, a counted line each, only when present", () => {
    const extras: ResourceSpec[] = [
      { type: "aws:ssm/parameter:Parameter", name: `${S}-p1` },
      { type: "aws:ssm/parameter:Parameter", name: `${S}-p2` },
      { type: "aws:appconfig/application:Application", name: `${S}-appconfig` },
      { type: "aws:appconfig/environment:Environment", name: `${S}-appconfig-env` },
      { type: "aws:cloudtrail/trail:Trail", name: `${S}-trail` },
    ];
    const text = renderDiagram(environment(extras));
    const { nodes } = parse(text);
    assert.equal(nodes.get("regional__other"), "g_regional");
    for (const id of ["ssm", "appconfig", "cloudtrail"])
      assert.ok(!nodes.has(id), `${id} has no box of its own`);
    const summary = /regional__other\["([^"]*)"\]/.exec(text)?.[1]?.split("<br/>");
    assert.deepEqual(summary, [
      "CloudTrail: 1 trail",
      "SSM Parameter Store: 2 parameters",
      "AppConfig: 2 resources",
    ]);
    // Secrets Manager and KMS have arrows, so they keep their boxes.
    assert.equal(nodes.get("secrets"), "g_regional");
    const plain = parse(renderDiagram(environment())).nodes;
    assert.ok(!plain.has("regional__other"), "no summary box when every regional service has arrows");
  });

  test("a resource named like a fixed box or a Mermaid keyword gets its own id", () => {
    const edge: ResourceSpec[] = [
      { type: T.cdn, name: `${S}-nat` },
      { type: T.waf, name: `${S}-end` },
      { type: T.waf, name: `${S}-logs` },
    ];
    const { nodes } = parse(renderDiagram(environment(edge)));
    assert.equal(nodes.get("nat"), "g_tier_public");
    assert.equal(nodes.get("nat_resource"), "g_edge");
    assert.equal(nodes.get("end_resource"), "g_edge");
    assert.equal(nodes.get("logs_resource"), "g_edge");
  });

  test("labels cannot break the syntax; ids are Mermaid-safe", () => {
    assert.equal(label(['say "hi"', "", "<b>"]), '"say #quot;hi#quot;<br/>#lt;b#gt;"');
    assert.equal(nodeId("db-sg-in-5432-app"), "db_sg_in_5432_app");
    assert.equal(nodeId("--"), "node");
    // The renderer's own boxes hold "__", which no resource id can.
    assert.equal(nodeId("subnets--public"), "subnets_public");
  });

  test("the page shows the rendered SVG beside it and keeps the Mermaid source", () => {
    const page = renderDiagramPage(environment());
    assert.match(page, /^# prod \(tier prod\): architecture\n/);
    assert.match(page, /\n!\[prod architecture, rendered by Mermaid\]\(prod\.svg\)\n/);
    assert.match(page, /\n```mermaid\n---\n[\s\S]*\nflowchart TB\n[\s\S]*\n```\n\n<\/details>\n$/);
  });
});
