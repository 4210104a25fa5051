/**
 * Every name the Environment gives a resource, and the AWS limits those names must meet.
 *
 * Names are a contract: renaming a child replaces the real resource, so they derive from the
 * stack name with fixed suffixes and live in one place. `pulumi preview` does not check AWS's
 * name rules and `pulumi up` fails on them halfway through; `checkNames` catches them before
 * anything is registered.
 */

/** Pulumi autonaming appends "-" and 7 random characters to the logical name. */
export const AUTONAME_SUFFIX_LENGTH = 8;

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

interface NameRule {
  readonly what: string;
  readonly name: string;
  readonly max: number;
  readonly autonamed: boolean;
  readonly pattern?: RegExp;
  readonly allowed?: string;
}

function rules(project: string, stack: string, environment: string): NameRule[] {
  const n = limitedNames(stack);
  const rdsPattern = /^[a-z](?!.*--)[a-z0-9-]*$/;
  return [
    { what: "ALB name", name: n.loadBalancer, max: 32, autonamed: true },
    { what: "target group name", name: n.targetGroup, max: 32, autonamed: true },
    {
      what: "RDS identifier",
      name: n.database,
      max: 63,
      autonamed: false,
      pattern: rdsPattern,
      allowed: "lowercase letters, digits and single hyphens, starting with a letter",
    },
    {
      what: "ElastiCache replication group id",
      name: n.cache,
      max: 40,
      autonamed: true,
      pattern: rdsPattern,
      allowed: "lowercase letters, digits and single hyphens, starting with a letter",
    },
    { what: "IAM role name", name: n.appRole, max: 64, autonamed: true },
    { what: "IAM role name", name: n.flowLogRole, max: 64, autonamed: true },
    { what: "IAM role name", name: n.rotationRole, max: 64, autonamed: true },
    { what: "IAM role name", name: n.databaseSleepRole, max: 64, autonamed: true },
    { what: "IAM role name", name: n.alarmsSleepRole, max: 64, autonamed: true },
    { what: "IAM role name", name: n.natRole, max: 64, autonamed: true },
    ...Object.values(SECRET_PATHS).map((path) => ({
      what: "Secrets Manager name",
      name: secretName(environment, path),
      max: 512,
      autonamed: false,
      pattern: /^[A-Za-z0-9/_+=.@-]+$/,
      allowed: "letters, digits and /_+=.@-",
    })),
    {
      what: "KMS alias",
      name: kmsAliasName(project, stack),
      max: 256,
      autonamed: false,
      pattern: /^alias\/[A-Za-z0-9/_-]+$/,
      allowed: "letters, digits and /_- after alias/",
    },
  ];
}

/**
 * Problems with the physical names a stack would produce, as complete sentences. Empty when
 * every name fits. Length counts Pulumi's random suffix, which AWS's own error message omits.
 */
export function checkNames(project: string, stack: string, environment: string): string[] {
  if (!STACK_NAME_PATTERN.test(stack)) {
    return [
      `stack name "${stack}": resource names derive from it, so it must be lowercase letters and digits in hyphen-separated words, starting with a letter (e.g. prod-eu)`,
    ];
  }
  const problems: string[] = [];
  for (const rule of rules(project, stack, environment)) {
    const length = rule.name.length + (rule.autonamed ? AUTONAME_SUFFIX_LENGTH : 0);
    if (length > rule.max) {
      const suffix = rule.autonamed ? ` plus Pulumi's ${AUTONAME_SUFFIX_LENGTH}-character random suffix` : "";
      const over = length - rule.max;
      problems.push(
        `stack name "${stack}": ${rule.what} "${rule.name}"${suffix} is ${length} characters; AWS allows ${rule.max}. Use a stack name ${over} character${over === 1 ? "" : "s"} shorter`,
      );
    }
    if (rule.pattern && !rule.pattern.test(rule.name)) {
      problems.push(`stack name "${stack}": ${rule.what} "${rule.name}" may contain only ${rule.allowed}`);
    }
  }
  return problems;
}
