/**
 * The web ACL's rules as plain data: AWS's managed rule groups a security team expects, then a
 * per-IP rate limit. Shared by the load balancer's (REGIONAL) and CloudFront's web ACLs.
 */

/** AWS managed rule groups, in evaluation order: cheapest and most certain first. */
export const MANAGED_RULE_GROUPS = [
  // Known-bad IPs (bots, scanners, threat intelligence): dropped before anything else runs.
  "AWSManagedRulesAmazonIpReputationList",
  // OWASP-style protections: XSS, path traversal, oversized bodies, bad user agents.
  "AWSManagedRulesCommonRuleSet",
  // Request patterns known to exploit vulnerabilities (Log4j/Log4Shell, Java deserialization…).
  "AWSManagedRulesKnownBadInputsRuleSet",
] as const;

export const RATE_RULE_NAME = "rate-limit-per-ip";

/** A metric name CloudWatch accepts: letters, digits, - and _, up to 128 characters. */
export const metricName = (prefix: string, rule: string) =>
  `${prefix}-${rule}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 128);

const visibility = (name: string) => ({
  cloudwatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName: name,
});

export function webAclRules(input: {
  readonly rateLimitPer5Min: number;
  readonly metricPrefix: string;
  /**
   * Whether this ACL sees viewers' own addresses. A regional ACL on an ALB behind CloudFront sees
   * only CloudFront's edge addresses: keyed on the source IP, one busy edge would block every
   * viewer behind it. There the limit is keyed on the viewer address CloudFront appends to
   * X-Forwarded-For. WAF reads that header's first address, which a client can prefix, so this
   * is a second line only: CloudFront's own web ACL, which sees the viewer's real address, is the
   * limit that cannot be sidestepped (AWS WAF developer guide, "Using forwarded IP addresses").
   */
  readonly seesViewerAddresses: boolean;
}) {
  const managed = MANAGED_RULE_GROUPS.map((group, priority) => ({
    name: group,
    priority,
    // "none" keeps each group's own block actions (count would only observe).
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
    visibilityConfig: visibility(metricName(input.metricPrefix, group)),
  }));
  const rate = {
    name: RATE_RULE_NAME,
    priority: MANAGED_RULE_GROUPS.length,
    action: { block: {} },
    statement: {
      rateBasedStatement: {
        limit: input.rateLimitPer5Min,
        evaluationWindowSec: 300,
        ...(input.seesViewerAddresses
          ? { aggregateKeyType: "IP" }
          : {
              aggregateKeyType: "FORWARDED_IP",
              // CloudFront always sends the header; a request without it is not CloudFront's.
              forwardedIpConfig: { headerName: "X-Forwarded-For", fallbackBehavior: "NO_MATCH" },
            }),
      },
    },
    visibilityConfig: visibility(metricName(input.metricPrefix, RATE_RULE_NAME)),
  };
  return {
    rules: [...managed, rate],
    visibilityConfig: visibility(metricName(input.metricPrefix, "web-acl")),
  };
}

/**
 * Key policy letting CloudWatch Logs encrypt the named log groups with a key: the account keeps
 * administering it through IAM; the Logs service may use it only for those groups.
 */
export function logsKeyPolicy(input: {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly logGroupNames: readonly string[];
}) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${input.partition}:iam::${input.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CloudWatchLogsEncryptsOwnGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${input.region}.amazonaws.com` },
        Action: ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": input.logGroupNames.map(
              (n) => `arn:${input.partition}:logs:${input.region}:${input.accountId}:log-group:${n}`,
            ),
          },
        },
      },
    ],
  };
}
