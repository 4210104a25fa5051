/**
 * The policy pack: `pulumi preview --policy-pack policy`. Its packages resolve from the project's
 * node_modules (`npm ci` at the root installs them); every CI preview and deploy runs it.
 * The rules themselves live in src/policy/rules.ts, apart from this pack object, because
 * constructing a PolicyPack starts its gRPC server; the test suite runs the same rules offline.
 *
 * Every policy reads one config value, `tier` (default "prod", the strictest). For a dev-tier
 * stack pass `--policy-pack-config policy/config/dev.json`: it sets the tier and turns the dev
 * exceptions (each with its reason, in docs/policy-rules.md) into advisories.
 */
import { PolicyPack, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { appliesTo } from "../src/policy/evaluate";
import { TIERS, type PolicyTier, type Rule, type RuleResource } from "../src/policy/rule";
import { RULES } from "../src/policy/rules";

const configSchema = {
  properties: { tier: { type: "string" as const, enum: [...TIERS], default: "prod" } },
};

const describe = (rule: Rule) =>
  `${rule.description} (${rule.references.map((r) => `${r.source} ${r.id}`).join(", ")})`;

function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
  const base = {
    name: rule.name,
    description: describe(rule),
    enforcementLevel: "mandatory" as const,
    configSchema,
  };
  if (rule.kind === "resource") {
    return {
      ...base,
      validateResource: (args, report) => {
        const { tier } = args.getConfig<{ tier: PolicyTier }>();
        if (!rule.types.includes(args.type) || !appliesTo(rule, tier)) return;
        const resource: RuleResource = {
          type: args.type,
          name: args.name,
          urn: args.urn,
          props: args.props,
          protect: args.opts.protect,
          dependencies: [],
        };
        for (const message of rule.check(resource, { tier })) report(message);
      },
    };
  }
  return {
    ...base,
    validateStack: (args, report) => {
      const { tier } = args.getConfig<{ tier: PolicyTier }>();
      if (!appliesTo(rule, tier)) return;
      const resources: RuleResource[] = args.resources
        .filter((r) => rule.types.includes(r.type))
        .map((r) => ({
          type: r.type,
          name: r.name,
          urn: r.urn,
          props: r.props,
          protect: r.opts.protect,
          dependencies: r.dependencies.map((d) => d.urn),
        }));
      for (const v of rule.check(resources, { tier })) report(v.message, v.urn);
    },
  };
}

new PolicyPack("infra-guardrails", { policies: RULES.map(toPolicy) });
