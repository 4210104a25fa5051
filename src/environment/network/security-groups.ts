/**
 * Resources of the security groups: one per tier of the stack (load balancer, app, database,
 * cache), with rules from security-rules.ts and nothing open that the rules do not list.
 */
import * as aws from "@pulumi/aws";
import { type GroupRole, securityRules } from "./security-rules";
import type { Network } from "./network";
import type { Scope } from "../scope";

export type SecurityGroups = Readonly<Partial<Record<GroupRole, aws.ec2.SecurityGroup>>> & {
  readonly app: aws.ec2.SecurityGroup;
  readonly db: aws.ec2.SecurityGroup;
  readonly cache: aws.ec2.SecurityGroup;
};

export const CLOUDFRONT_ORIGIN_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

const PURPOSE: Record<GroupRole, string> = {
  alb: "Application load balancer",
  app: "App servers",
  db: "PostgreSQL",
  cache: "Redis",
  rotation: "Secrets rotation function",
};

/**
 * One group per role and one resource per rule. Separate rule resources (rather than inline
 * rules) let groups reference each other without a cycle and change one rule without touching
 * the rest.
 */
export function buildSecurityGroups(scope: Scope, network: Network, https: boolean): SecurityGroups {
  const { settings } = scope;
  const rules = securityRules({
    appPort: settings.app.port,
    loadBalancer: settings.loadBalancer.enabled,
    https,
    rotation: settings.secrets.rotationDays !== null,
    cloudFrontOnly: settings.edge.cloudFront,
  });
  // AWS keeps CloudFront's origin-facing addresses in a managed prefix list; looked up only when used.
  const cloudFrontPrefixList = settings.edge.cloudFront
    ? aws.ec2.getManagedPrefixListOutput({ name: CLOUDFRONT_ORIGIN_PREFIX_LIST }, { parent: scope.parent }).id
    : undefined;
  const roles = [...new Set<GroupRole>(["app", "db", "cache", ...rules.map((r) => r.group)])];
  const groups = new Map<GroupRole, aws.ec2.SecurityGroup>();
  for (const role of roles) {
    groups.set(
      role,
      new aws.ec2.SecurityGroup(
        scope.name(`${role}-sg`),
        {
          vpcId: network.vpc.id,
          description: `${PURPOSE[role]} (${settings.stack})`,
          // Inline rules stay empty; the rule resources below are the whole truth.
          tags: scope.tags(`${role}-sg`),
        },
        scope.opts(),
      ),
    );
  }
  const group = (role: GroupRole) => groups.get(role)!;
  for (const rule of rules) {
    const peer =
      rule.peer === "cloudfront"
        ? { prefixListId: cloudFrontPrefixList! }
        : rule.peer === "internet-v4"
          ? { cidrIpv4: "0.0.0.0/0" }
          : rule.peer === "internet-v6"
            ? { cidrIpv6: "::/0" }
            : { referencedSecurityGroupId: group(rule.peer).id };
    const args = {
      securityGroupId: group(rule.group).id,
      ipProtocol: "tcp",
      fromPort: rule.port,
      toPort: rule.port,
      description: rule.description,
      ...peer,
    };
    const name = scope.name(`${rule.group}-sg-${rule.id}`);
    if (rule.direction === "ingress") new aws.vpc.SecurityGroupIngressRule(name, args, scope.opts());
    else new aws.vpc.SecurityGroupEgressRule(name, args, scope.opts());
  }
  return Object.fromEntries(groups) as unknown as SecurityGroups;
}
