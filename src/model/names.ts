/**
 * Every name the Environment gives a resource, and the AWS limits those names must meet.
 *
 * Names are a contract: renaming a child replaces the real resource, so they derive from the
 * stack name with fixed suffixes and live in one place. `pulumi preview` does not check AWS's
 * name rules and `pulumi up` fails on them halfway through; `checkNames` catches the ones the
 * stack name decides while the stack file is resolved, and the program checks every name it
 * constructs before anything is registered (src/resource-rules.ts).
 */

import { NAME_RULES, type NameRule, nameSource, physicalLength, physicalNameProblem } from "./name-rules";
import { T } from "./resource-types";

/** Stack names become resource-name prefixes: lowercase so RDS and ElastiCache accept them. */
export const STACK_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Logical name of a child resource: `<stack>-<suffix>`. */
export function childName(stack: string, suffix: string): string {
  return `${stack}-${suffix}`;
}

/** The logical names of the children whose physical names AWS limits (autonamed from these). */
export function limitedNames(stack: string) {
  return {
    loadBalancer: childName(stack, "alb"),
    targetGroup: childName(stack, "app"),
    database: childName(stack, "db"),
    cache: childName(stack, "redis"),
    appRole: childName(stack, "app-role"),
    flowLogRole: childName(stack, "flow-logs-role"),
    rotationRole: childName(stack, "rotation-role"),
    // The sleep schedule's scheduler roles and the NAT instance's role (issue 17).
    databaseSleepRole: childName(stack, "db-sleep-role"),
    alarmsSleepRole: childName(stack, "alarms-sleep-role"),
    natRole: childName(stack, "nat-role"),
  };
}

/** Secrets Manager names live under the environment's namespace: /production/database/master. */
export function secretName(environment: string, path: string): string {
  return `/${environment}/${path}`;
}

export function secretsNamespace(environment: string): string {
  return `/${environment}/`;
}

export const SECRET_PATHS = {
  database: "database/master",
  cache: "cache/auth-token",
} as const;

/**
 * The database's fixed identifier. RDS names its log groups (`/aws/rds/instance/<identifier>/…`)
 * and its metrics' dimension after it, so it is known before the instance exists.
 */
export function databaseIdentifier(stack: string): string {
  return childName(stack, "db");
}

/** The environment's own CloudTrail trail (the KMS key's and the bucket's policies name it). */
export function trailName(stack: string): string {
  return childName(stack, "trail");
}

/** The environment's CloudWatch dashboard. */
export function dashboardName(project: string, stack: string): string {
  return `${project}-${stack}`;
}

/** Prefix of every log group the environment names itself: `/<project>/<stack>/`. */
export function logGroupPrefix(project: string, stack: string): string {
  return `/${project}/${stack}/`;
}

/** The log groups RDS exports the database's logs to: `/aws/rds/instance/<identifier>/<log>`. */
export function rdsLogGroupPrefix(stack: string): string {
  return `/aws/rds/instance/${databaseIdentifier(stack)}/`;
}

/** AWS WAF accepts a CloudWatch Logs destination only if its name starts with this. */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";

/** The edge's log groups: the ALB's web ACL, CloudFront's web ACL and CloudFront's access logs. */
export function edgeLogGroupNames(stack: string) {
  return {
    waf: `${WAF_LOG_GROUP_PREFIX}${stack}`,
    cdnWaf: `${WAF_LOG_GROUP_PREFIX}${stack}-cdn`,
    cdnAccess: childName(stack, "cdn-access-logs"),
  } as const;
}

/** KMS alias of the environment's key: unique per project and stack within an account. */
export function kmsAliasName(project: string, stack: string): string {
  return `alias/${project}/${stack}`;
}

/** A name `checkNames` knows from the stack name alone, and the AWS rule it must meet. */
interface KnownName {
  readonly rule: NameRule;
  readonly name: string;
  readonly autonamed: boolean;
}

function ruleFor(type: string, property = "name"): NameRule {
  const rule = NAME_RULES[type]?.find((r) => r.property === property);
  if (!rule) throw new Error(`no AWS name rule for ${type} ${property} in src/model/name-rules.ts`);
  return rule;
}

function knownNames(project: string, stack: string, environment: string): KnownName[] {
  const n = limitedNames(stack);
  const role = ruleFor(T.role);
  return [
    { rule: ruleFor(T.loadBalancer), name: n.loadBalancer, autonamed: true },
    { rule: ruleFor(T.lbTargetGroup), name: n.targetGroup, autonamed: true },
    { rule: ruleFor(T.rdsInstance, "identifier"), name: n.database, autonamed: false },
    { rule: ruleFor(T.replicationGroup, "replicationGroupId"), name: n.cache, autonamed: true },
    ...[n.appRole, n.flowLogRole, n.rotationRole, n.databaseSleepRole, n.alarmsSleepRole, n.natRole].map(
      (name) => ({ rule: role, name, autonamed: true }),
    ),
    ...Object.values(SECRET_PATHS).map((path) => ({
      rule: ruleFor(T.secret),
      name: secretName(environment, path),
      autonamed: false,
    })),
    { rule: ruleFor(T.kmsAlias), name: kmsAliasName(project, stack), autonamed: false },
  ];
}

/**
 * Problems with the physical names a stack would produce, as complete sentences, found before
 * anything is registered. Empty when every name fits. Length counts Pulumi's random suffix, which
 * AWS's own error message omits. Every name is checked again, against the same rules, by the
 * resource-level check (src/config/aws/plan-rules.ts) the program runs before registration.
 */
export function checkNames(project: string, stack: string, environment: string): string[] {
  if (!STACK_NAME_PATTERN.test(stack)) {
    return [
      `stack name "${stack}": resource names derive from it, so it must be lowercase letters and digits in hyphen-separated words, starting with a letter (e.g. prod-eu)`,
    ];
  }
  const problems: string[] = [];
  for (const { rule, name, autonamed } of knownNames(project, stack, environment)) {
    const problem = physicalNameProblem(rule, name, autonamed);
    if (problem === undefined) continue;
    const over = physicalLength(rule, name, autonamed) - rule.max;
    const hint = over > 0 ? `. Use a stack name ${over} character${over === 1 ? "" : "s"} shorter` : "";
    problems.push(`stack name "${stack}": ${rule.what} ${problem}${hint}; ${nameSource(rule)}`);
  }
  return problems;
}
