/**
 * The AWS rules that read resources rather than the settings: every name a resource gets (its
 * name input, or Pulumi's autoname from the logical name) against the rule of its type
 * (src/model/name-rules.ts), and the Regions the edge's web ACLs and certificates are created in,
 * read off each resource's own `region` or its provider's. Pure: resources in, problem lines out,
 * one per problem, each `<resource> (<type>) <property>: … ; source: …`.
 *
 * One rule code, two callers: the program applies it to the resources it is about to register,
 * before any of them is (src/resource-rules.ts), so a real `pulumi preview` refuses what `npm run
 * plan` refuses; `infra plan` applies it again to the captured plan (src/cli/generators.ts,
 * planFiles), where a name that was still an Output when its resource was constructed has its value.
 */
import type { PlanResource } from "../../model/plan";
import { NAME_RULES, nameSource, physicalName, physicalNameProblem } from "../../model/name-rules";
import { T } from "../../model/resource-types";

/**
 * What the rules read of a resource: a captured plan's resource (`urn`, `provider` and
 * `dependencies` are URNs), or one the program has constructed (they are keys the program gives;
 * inputs as passed to the constructor, an unresolved name is an Output the name rules skip).
 */
export type RuleResource = Pick<PlanResource, "urn" | "type" | "name" | "provider" | "dependencies"> & {
  readonly inputs: { readonly [key: string]: unknown };
};

/** A plan, or the resources a program run has constructed. */
export interface RuleGraph {
  readonly resources: readonly RuleResource[];
}

/** Problems with the names of every resource of a plan. */
export function planNameProblems(plan: RuleGraph): string[] {
  const problems: string[] = [];
  for (const r of plan.resources) {
    for (const rule of NAME_RULES[r.type] ?? []) {
      const physical = physicalName(rule, r.name, r.inputs);
      if (!physical) continue;
      const problem = physicalNameProblem(rule, physical.name, physical.autonamed);
      if (problem !== undefined)
        problems.push(`${r.name} (${r.type}) ${rule.property}: ${rule.what} ${problem}; ${nameSource(rule)}`);
    }
  }
  return problems;
}

/** CloudFront's certificates and CLOUDFRONT-scoped web ACLs: its control plane's one Region. */
export const CLOUDFRONT_CONTROL_REGION = "us-east-1";

const REGION_SOURCES = {
  wafScope: {
    label:
      "AWS WAF Developer Guide, Resources that you can protect: a web ACL lives in the Region of the resource it protects; for CloudFront, US East (N. Virginia) (read 2026-12-02)",
    url: "https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html",
  },
  cloudFrontCertificate: {
    label:
      "CloudFront Developer Guide, Requirements for using SSL/TLS certificates: an ACM certificate for viewers must be in us-east-1 (read 2026-12-02)",
    url: "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html",
  },
  regionalCertificate: {
    label:
      "ACM User Guide, Supported Regions: certificates are regional; Elastic Load Balancing uses one from its own Region (read 2026-12-02)",
    url: "https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html",
  },
} as const;

const cite = (key: keyof typeof REGION_SOURCES) =>
  `source: ${REGION_SOURCES[key].label}, ${REGION_SOURCES[key].url}`;

/**
 * The Region a resource is created in, and what decides it: its own `region` input (AWS provider
 * v7's per-resource Region) or its provider's `region`. Undefined when neither says (a default
 * provider, which the program disables).
 */
export function creationRegion(
  plan: RuleGraph,
  r: RuleResource,
): { readonly region: string; readonly via: string } | undefined {
  const own = r.inputs["region"];
  if (typeof own === "string") return { region: own, via: "its region input" };
  const provider = plan.resources.find((p) => p.urn === r.provider);
  const region = provider?.inputs["region"];
  if (provider && typeof region === "string") return { region, via: `provider ${provider.name}` };
  return undefined;
}

/** The certificates a resource uses: directly, or through the validation that waits for one. */
function certificatesOf(plan: RuleGraph, r: RuleResource): RuleResource[] {
  const byUrn = new Map(plan.resources.map((x) => [x.urn, x]));
  const deps = r.dependencies.map((u) => byUrn.get(u)).filter((x): x is RuleResource => x !== undefined);
  return deps.flatMap((d) =>
    d.type === T.certificate
      ? [d]
      : d.type === T.acmCertificateValidation
        ? d.dependencies.map((u) => byUrn.get(u)).filter((x): x is RuleResource => x?.type === T.certificate)
        : [],
  );
}

/**
 * Where the edge's pieces are created: a CLOUDFRONT-scoped web ACL and every certificate a
 * distribution uses in us-east-1, whatever the stack's Region; a REGIONAL web ACL and every
 * certificate a load balancer's listener uses in the stack's Region; a certificate's validation
 * in its certificate's Region (it waits on the certificate through that Region's ACM endpoint).
 */
export function planRegionProblems(plan: RuleGraph, stackRegion: string): string[] {
  const problems: string[] = [];
  const expect = (r: RuleResource, property: string, want: string, what: string, source: string) => {
    const at = creationRegion(plan, r);
    if (at === undefined) {
      problems.push(
        `${r.name} (${r.type}) ${property}: created through no provider with a Region; ${what} must be created in ${want}; ${source}`,
      );
    } else if (at.region !== want) {
      problems.push(
        `${r.name} (${r.type}) ${property}: created in ${at.region} (through ${at.via}); ${what} must be created in ${want}; ${source}`,
      );
    }
  };
  const seen = new Set<string>();
  for (const r of plan.resources) {
    if (r.type === T.webAcl) {
      const cloudFront = r.inputs["scope"] === "CLOUDFRONT";
      expect(
        r,
        "scope",
        cloudFront ? CLOUDFRONT_CONTROL_REGION : stackRegion,
        cloudFront
          ? "a CLOUDFRONT-scoped web ACL"
          : `a REGIONAL web ACL (it protects the load balancer in the stack's Region)`,
        cite("wafScope"),
      );
    }
    if (r.type === T.distribution || r.type === T.listener) {
      const cloudFront = r.type === T.distribution;
      for (const cert of certificatesOf(plan, r)) {
        const key = `${cert.urn}|${r.type}`;
        if (seen.has(key)) continue;
        seen.add(key);
        expect(
          cert,
          "provider",
          cloudFront ? CLOUDFRONT_CONTROL_REGION : stackRegion,
          cloudFront
            ? `a certificate CloudFront serves (to ${r.name})`
            : `a certificate a load balancer's listener serves (${r.name}, in the stack's Region)`,
          cite(cloudFront ? "cloudFrontCertificate" : "regionalCertificate"),
        );
      }
    }
    if (r.type === T.acmCertificateValidation) {
      for (const cert of certificatesOf(plan, r)) {
        const at = creationRegion(plan, cert);
        if (at)
          expect(
            r,
            "provider",
            at.region,
            `the validation of ${cert.name} (its certificate's Region)`,
            cite("regionalCertificate"),
          );
      }
    }
  }
  return problems;
}

/** Every resource-level AWS rule, in one list (what the program, `infra plan` and the bench run). */
export function planRuleProblems(plan: RuleGraph, stackRegion: string): string[] {
  return [...planNameProblems(plan), ...planRegionProblems(plan, stackRegion)];
}

/** The message `infra plan` prints when a plan breaks a rule: the stack, then one line per problem. */
export function planRuleMessage(stack: string, problems: readonly string[]): string {
  return (
    `The plan of stack "${stack}" (Pulumi.${stack}.yaml) breaks rules AWS enforces; nothing was written:\n` +
    problems.map((p) => `  - ${p}`).join("\n")
  );
}
