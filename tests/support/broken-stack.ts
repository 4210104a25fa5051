/**
 * A deliberately broken stack: prod's captured resources with one breakage per policy rule.
 * Each breakage is what a careless change would look like (a flag flipped, a setting dropped, a
 * resource added without its companions); the policy tests prove every rule catches its own.
 */
import type { RuleResource } from "../../src/policy/rule";
import { T } from "../../src/policy/rules";
import { RECOVERY_TYPES as RT } from "../../src/policy/recovery-rules";

export interface Breakage {
  /** The rule this breakage must trip. */
  readonly rule: string;
  readonly what: string;
  apply(resources: RuleResource[]): RuleResource[];
}

/** Copies the first resource of a type with changed inputs (or options). */
function change(
  type: string,
  props: Record<string, unknown>,
  extra: Partial<RuleResource> = {},
  pick: (r: RuleResource) => boolean = () => true,
) {
  return (resources: RuleResource[]) => {
    const index = resources.findIndex((r) => r.type === type && pick(r));
    if (index < 0) throw new Error(`the fixture has no ${type} to break`);
    const target = resources[index]!;
    const broken = { ...target, ...extra, props: { ...target.props, ...props } };
    return resources.map((r, i) => (i === index ? broken : r));
  };
}

/** Removes every resource of a type. */
const drop = (type: string) => (resources: RuleResource[]) => resources.filter((r) => r.type !== type);

let serial = 0;
/** Adds a resource (urn unique in the fixture). */
function add(type: string, props: Record<string, unknown>, extra: Partial<RuleResource> = {}) {
  return (resources: RuleResource[]) => {
    const name = `broken-${++serial}`;
    return [
      ...resources,
      {
        type,
        name,
        urn: `urn:pulumi:broken::infra::${type}::${name}`,
        props,
        protect: true,
        dependencies: [],
        ...extra,
      },
    ];
  };
}

const policy = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

/** A bucket with every companion setting except the one left out. */
function bucketWithout(missing: string) {
  return (resources: RuleResource[]): RuleResource[] => {
    const name = `broken-bucket-${missing}`;
    const urn = `urn:pulumi:broken::infra::${T.bucket}::${name}`;
    const companion = (type: string, props: Record<string, unknown>): RuleResource => ({
      type,
      name: `${name}-${type.split(":").pop()}`,
      urn: `${urn}-${type}`,
      props,
      protect: false,
      dependencies: [urn],
    });
    const companions: Record<string, RuleResource> = {
      publicAccessBlock: companion(T.publicAccessBlock, {
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
      encryption: companion(T.bucketEncryption, { rules: [] }),
      policy: companion(T.bucketPolicy, {
        policy: policy({
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      }),
      versioning: companion(T.bucketVersioning, { versioningConfiguration: { status: "Enabled" } }),
    };
    return [
      ...resources,
      { type: T.bucket, name, urn, props: {}, protect: true, dependencies: [] },
      ...Object.entries(companions)
        .filter(([k]) => k !== missing)
        .map(([, r]) => r),
    ];
  };
}

export const BREAKAGES: readonly Breakage[] = [
  {
    rule: "rds-storage-encrypted",
    what: "storage unencrypted",
    apply: change(T.rdsInstance, { storageEncrypted: false }),
  },
  {
    rule: "rds-not-public",
    what: "database made public",
    apply: change(T.rdsInstance, { publiclyAccessible: true }),
  },
  {
    rule: "rds-backup-retention",
    what: "backups cut to a day",
    apply: change(T.rdsInstance, { backupRetentionPeriod: 1 }),
  },
  {
    rule: "rds-deletion-protection",
    what: "deletion protection off",
    apply: change(T.rdsInstance, { deletionProtection: false }),
  },
  {
    rule: "rds-final-snapshot",
    what: "final snapshot skipped",
    apply: change(T.rdsInstance, { skipFinalSnapshot: true }),
  },
  { rule: "rds-multi-az", what: "single-AZ database", apply: change(T.rdsInstance, { multiAz: false }) },
  {
    rule: "rds-auto-minor-upgrade",
    what: "minor upgrades off",
    apply: change(T.rdsInstance, { autoMinorVersionUpgrade: false }),
  },
  {
    rule: "rds-logs-exported",
    what: "no log exports",
    apply: change(T.rdsInstance, { enabledCloudwatchLogsExports: [] }),
  },
  {
    rule: "rds-copy-tags-to-snapshots",
    what: "snapshots untagged",
    apply: change(T.rdsInstance, { copyTagsToSnapshot: false }),
  },
  {
    rule: "rds-performance-insights-encrypted",
    what: "insights without the key",
    apply: change(T.rdsInstance, {
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: undefined,
    }),
  },
  {
    rule: "rds-postgres-forces-tls",
    what: "force_ssl dropped",
    apply: change(T.rdsParameterGroup, {
      parameters: [{ name: "log_min_duration_statement", value: "1000" }],
    }),
  },
  {
    rule: "elasticache-encrypted",
    what: "Redis without TLS",
    apply: change(T.replicationGroup, { transitEncryptionEnabled: false }),
  },
  {
    rule: "elasticache-backups",
    what: "no Redis snapshots",
    apply: change(T.replicationGroup, { snapshotRetentionLimit: 0 }),
  },
  {
    rule: "elasticache-auto-minor-upgrade",
    what: "Redis minor upgrades off",
    apply: change(T.replicationGroup, { autoMinorVersionUpgrade: false }),
  },
  {
    rule: "elasticache-failover",
    what: "no failover",
    apply: change(T.replicationGroup, { automaticFailoverEnabled: false }),
  },
  {
    rule: "kms-key-rotation",
    what: "key rotation off",
    apply: change(T.kmsKey, { enableKeyRotation: false }),
  },
  {
    rule: "kms-deletion-window",
    what: "7-day key deletion",
    apply: change(T.kmsKey, { deletionWindowInDays: 7 }),
  },
  {
    rule: "kms-key-policy-not-public",
    what: "key usable by anyone",
    apply: change(T.kmsKey, {
      policy: policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" }),
    }),
  },
  {
    rule: "secret-encrypted-with-cmk",
    what: "secret on the default key",
    apply: change(T.secret, { kmsKeyId: undefined }),
  },
  {
    rule: "secret-recovery-window",
    what: "secret deleted at once",
    apply: change(T.secret, { recoveryWindowInDays: 0 }),
  },
  { rule: "secret-rotation", what: "rotation removed", apply: drop(T.secretRotation) },
  {
    rule: "log-group-retention",
    what: "logs kept a week on prod",
    apply: change(T.logGroup, { retentionInDays: 7 }),
  },
  {
    rule: "cloudtrail-secure",
    what: "single-region trail",
    apply: add(T.trail, { isMultiRegionTrail: false, enableLogFileValidation: true, kmsKeyId: "arn:key" }),
  },
  { rule: "sns-topic-encrypted", what: "plain topic", apply: add(T.topic, {}) },
  { rule: "vpc-flow-logs", what: "flow log removed", apply: drop(T.flowLog) },
  {
    rule: "default-security-group-closed",
    what: "default group opened",
    apply: change(T.defaultSecurityGroup, {
      ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }],
    }),
  },
  {
    rule: "internet-ingress-web-only",
    what: "SSH from anywhere",
    apply: add(T.ingressRule, { cidrIpv4: "0.0.0.0/0", fromPort: 22, toPort: 22, ipProtocol: "tcp" }),
  },
  {
    rule: "subnet-no-auto-public-ip",
    what: "public IPs on launch",
    apply: change(T.subnet, { mapPublicIpOnLaunch: true }),
  },
  {
    rule: "launch-template-hardened",
    what: "IMDSv1 allowed",
    apply: change(T.launchTemplate, { metadataOptions: { httpEndpoint: "enabled", httpTokens: "optional" } }),
  },
  {
    rule: "asg-elb-health-checks",
    what: "EC2 health checks behind an ALB",
    apply: change(T.autoscalingGroup, { healthCheckType: "EC2" }),
  },
  {
    rule: "alb-drops-invalid-headers",
    what: "invalid headers passed on",
    apply: change(T.loadBalancer, { dropInvalidHeaderFields: false }),
  },
  {
    rule: "alb-deletion-protection",
    what: "ALB deletion protection off",
    apply: change(T.loadBalancer, { enableDeletionProtection: false }),
  },
  {
    rule: "alb-http-redirects-to-https",
    what: "HTTP forwards to the app",
    // Prod's ALB (behind CloudFront) has no port-80 listener to break: add one that forwards.
    apply: add(T.listener, {
      loadBalancerArn: "alb",
      port: 80,
      protocol: "HTTP",
      defaultActions: [{ type: "forward", targetGroupArn: "tg" }],
    }),
  },
  {
    rule: "alb-modern-tls",
    what: "TLS 1.0 policy",
    apply: change(
      T.listener,
      { sslPolicy: "ELBSecurityPolicy-2016-08" },
      {},
      (r) => r.props["protocol"] === "HTTPS",
    ),
  },
  {
    rule: "iam-no-admin-policies",
    what: "admin inline policy",
    apply: change(T.rolePolicy, { policy: policy({ Effect: "Allow", Action: "*", Resource: "*" }) }),
  },
  {
    rule: "iam-no-wildcard-resource-writes",
    what: "read any secret",
    apply: change(
      T.rolePolicy,
      { policy: policy({ Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: "*" }) },
      {},
      // Not the policy the admin breakage above rewrites: both must survive in the broken stack.
      (r) => r.name.endsWith("flow-logs-policy"),
    ),
  },
  {
    rule: "iam-trust-not-public",
    what: "role assumable by anyone",
    apply: change(T.role, {
      assumeRolePolicy: policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }),
    }),
  },
  { rule: "iam-no-users", what: "an IAM user", apply: add(T.user, { name: "deployer" }) },
  {
    rule: "s3-public-access-blocked",
    what: "bucket without a public access block",
    apply: bucketWithout("publicAccessBlock"),
  },
  { rule: "s3-encrypted", what: "bucket without encryption", apply: bucketWithout("encryption") },
  { rule: "s3-tls-only", what: "bucket without a TLS-only policy", apply: bucketWithout("policy") },
  { rule: "s3-versioning", what: "bucket without versioning", apply: bucketWithout("versioning") },
  {
    rule: "waf-on-public-load-balancers",
    what: "web ACL detached from the ALB",
    apply: drop(T.webAclAssociation),
  },
  {
    rule: "waf-rules",
    what: "managed rule groups only counting",
    apply: change(T.webAcl, {
      rules: [
        {
          name: "AWSManagedRulesCommonRuleSet",
          overrideAction: { count: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" },
          },
          visibilityConfig: { cloudwatchMetricsEnabled: true },
        },
      ],
    }),
  },
  { rule: "waf-logging", what: "WAF logging removed", apply: drop(T.webAclLogging) },
  {
    rule: "cloudfront-secure",
    what: "TLS 1.0 for viewers",
    apply: change(T.distribution, {
      viewerCertificate: {
        acmCertificateArn: "arn",
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1",
      },
    }),
  },
  {
    rule: "cloudfront-access-logging",
    what: "CloudFront access logs removed",
    apply: drop(T.logDeliverySource),
  },
  {
    rule: "log-group-encrypted",
    what: "WAF logs unencrypted",
    apply: change(T.logGroup, { kmsKeyId: undefined }, {}, (r) =>
      String(r.props["name"]).startsWith("aws-waf-logs-"),
    ),
  },
  {
    rule: "stateful-resources-protected",
    what: "database unprotected",
    apply: change(T.rdsInstance, {}, { protect: false }),
  },
  {
    rule: "backup-plan-covers-database",
    what: "the database's backup selection removed",
    apply: drop(RT.selection),
  },
  {
    rule: "backup-vault-encrypted-locked",
    what: "vault lock of the primary vault removed",
    apply: (resources) => resources.filter((r) => r.name !== "prod-backup-vault-lock"),
  },
  {
    rule: "backup-vault-encrypted-locked",
    what: "vault lock left in governance mode",
    apply: change(RT.vaultLock, { changeableForDays: undefined }),
  },
  {
    rule: "backup-vault-encrypted-locked",
    what: "every vault removed",
    apply: drop(RT.vault),
  },
  {
    rule: "backup-cross-region-copy",
    what: "the copy action removed from the backup plan",
    apply: change(RT.plan, {
      rules: [{ ruleName: "every-1h", schedule: "cron(0 */1 ? * * *)", lifecycle: { deleteAfter: 3 } }],
    }),
  },
  {
    rule: "rds-automated-backups-replicated",
    what: "automated backup replication removed",
    apply: drop(RT.backupReplication),
  },
  {
    rule: "backup-restore-testing",
    what: "restore testing removed",
    apply: drop(RT.restoreTestingSelection),
  },
  {
    rule: "backup-restore-testing",
    what: "restore failures no longer alert",
    apply: drop(RT.eventTarget),
  },
];

/** Every breakage at once: the deliberately broken stack. */
export function brokenStack(resources: readonly RuleResource[]): RuleResource[] {
  return BREAKAGES.reduce((acc, b) => b.apply(acc), [...resources]);
}
