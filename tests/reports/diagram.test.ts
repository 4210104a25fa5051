import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { label, nodeId, renderDiagram, renderDiagramPage } from "../../src/reports/diagram";
import type { Plan } from "../../src/model/plan";
import {
  DB,
  plan,
  type ResourceSpec,
  SECRET,
  SECURITY_GROUP,
  SUBNET,
  urnOf,
  VPC,
} from "../support/plan-builders";

const S = "prod";
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
const sgId = (name: string) => `${S}-${name}-sg-id`;

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
        vpcZoneIdentifiers: [`${S}-app-a-id`, `${S}-app-b-id`],
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

/** Which subgraph each node is declared in, every edge, and a syntax sanity check. */
function parse(diagram: string) {
  const lines = diagram.split("\n");
  assert.equal(lines[0], "flowchart TB");
  const stack: string[] = [];
  const nodes = new Map<string, string>();
  const edges: string[] = [];
  for (const line of lines.slice(1)) {
    const text = line.trim();
    const sub = /^subgraph (\w+)\[".*"\]$/.exec(text);
    if (sub) {
      stack.push(sub[1]!);
      continue;
    }
    if (text === "end") {
      assert.ok(stack.pop(), "an end without a subgraph");
      continue;
    }
    if (text.startsWith("direction ")) continue;
    const edge = /^(\w+) (-->|-\.->)(?:\|"([^"]*)"\|)? (\w+)$/.exec(text);
    if (edge) {
      edges.push(`${edge[1]} ${edge[2]} ${edge[4]}${edge[3] ? ` : ${edge[3]}` : ""}`);
      continue;
    }
    const node = /^(\w+)(\[\(".*"\)\]|\[".*"\]|\(\(\w+\)\))$/.exec(text);
    assert.ok(node, `not a node, edge or subgraph line: ${text}`);
    assert.ok(!nodes.has(node[1]!), `${node[1]} declared twice`);
    nodes.set(node[1]!, stack.at(-1) ?? "");
  }
  assert.deepEqual(stack, [], "every subgraph is closed");
  for (const e of edges) {
    const [from, , to] = e.split(" ");
    assert.ok(nodes.has(from!) && nodes.has(to!), `edge ${e} joins undeclared nodes`);
  }
  return { nodes, edges };
}

describe("diagram: one Mermaid picture per stack, from its plan", () => {
  test("subnets grouped by tier, one box per AZ; workloads in their tier", () => {
    const { nodes } = parse(renderDiagram(environment()));
    assert.equal(nodes.get("public_a"), "g_tier_public");
    assert.equal(nodes.get("public_b"), "g_tier_public");
    assert.equal(nodes.get("app_b"), "g_tier_app");
    assert.equal(nodes.get("data_a"), "g_tier_data");
    assert.equal(nodes.get("alb"), "g_tier_public");
    assert.equal(nodes.get("nat"), "g_tier_public");
    assert.equal(nodes.get("app_asg"), "g_tier_app");
    assert.equal(nodes.get("db"), "g_tier_data");
    assert.equal(nodes.get("redis"), "g_tier_data");
    assert.equal(nodes.get("secrets"), "g_regional");
    assert.equal(nodes.get("kms"), "g_regional");
    assert.equal(nodes.get("internet"), "");
  });

  test("traffic arrows come from the security-group rules, ports merged per pair", () => {
    const { edges } = parse(renderDiagram(environment()));
    assert.deepEqual(edges.filter((e) => e.includes("-->")).sort(), [
      "alb --> app_asg : 8080",
      "app_asg --> db : 5432",
      "app_asg --> redis : 6379",
      "internet --> alb : 80, 443",
    ]);
    assert.deepEqual(edges.filter((e) => e.includes("-.->")).sort(), [
      "app_asg -.-> nat : 443",
      "app_asg -.-> secrets : reads",
      "db -.-> kms : encrypted by",
      "nat -.-> internet",
      "redis -.-> kms : encrypted by",
      "secrets -.-> kms : encrypted by",
    ]);
  });

  test("sizes and protections on the boxes", () => {
    const text = renderDiagram(environment());
    assert.match(
      text,
      /app_asg\["Auto Scaling group prod-app-asg<br\/>10× c5.xlarge \(min 5, max 50\)<br\/>across 2 app subnets"\]/,
    );
    assert.match(
      text,
      /db\[\("PostgreSQL 17 prod-db<br\/>db.r5.xlarge, 100 GB<br\/>Multi-AZ standby<br\/>backups 14 days"\)\]/,
    );
    assert.match(
      text,
      /alb\["Application Load Balancer prod-alb<br\/>HTTPS :443<br\/>deletion protection"\]/,
    );
    assert.match(text, /secrets\["Secrets Manager<br\/>1 secret under \/production\/\*<br\/>no rotation"\]/);
  });

  test("without a load balancer nothing is drawn from the internet into the VPC", () => {
    const { nodes, edges } = parse(renderDiagram(environment([], false)));
    assert.ok(!nodes.has("alb"));
    assert.ok(!edges.some((e) => e.startsWith("internet")), edges.join("\n"));
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

  test("other regional services appear as one counted box each, only when present", () => {
    const extras: ResourceSpec[] = [
      { type: "aws:ssm/parameter:Parameter", name: `${S}-p1` },
      { type: "aws:ssm/parameter:Parameter", name: `${S}-p2` },
      { type: "aws:appconfig/application:Application", name: `${S}-appconfig` },
      { type: "aws:appconfig/environment:Environment", name: `${S}-appconfig-env` },
      { type: "aws:cloudtrail/trail:Trail", name: `${S}-trail` },
    ];
    const text = renderDiagram(environment(extras));
    const { nodes } = parse(text);
    for (const id of ["ssm", "appconfig", "cloudtrail"]) assert.equal(nodes.get(id), "g_regional", id);
    assert.match(text, /ssm\["SSM Parameter Store<br\/>2 parameters"\]/);
    assert.match(text, /appconfig\["AppConfig<br\/>2 resources"\]/);
    const plain = parse(renderDiagram(environment())).nodes;
    for (const id of ["ssm", "appconfig", "cloudtrail", "sns", "s3"]) assert.ok(!plain.has(id), id);
  });

  test("a resource named like a fixed box or a Mermaid keyword gets its own id", () => {
    const edge: ResourceSpec[] = [
      { type: T.cdn, name: `${S}-nat` },
      { type: T.waf, name: `${S}-end` },
    ];
    const { nodes } = parse(renderDiagram(environment(edge)));
    assert.equal(nodes.get("nat"), "g_tier_public");
    assert.equal(nodes.get("nat_resource"), "g_edge");
    assert.equal(nodes.get("end_resource"), "g_edge");
  });

  test("labels cannot break the syntax; ids are Mermaid-safe", () => {
    assert.equal(label(['say "hi"', "", "<b>"]), '"say #quot;hi#quot;<br/>#lt;b#gt;"');
    assert.equal(nodeId("db-sg-in-5432-app"), "db_sg_in_5432_app");
    assert.equal(nodeId("--"), "node");
  });

  test("the page wraps the diagram in a mermaid block GitHub renders", () => {
    const page = renderDiagramPage(environment());
    assert.match(page, /^# prod \(tier prod\): architecture\n/);
    assert.match(page, /\n```mermaid\nflowchart TB\n[\s\S]*\n```\n$/);
  });
});
