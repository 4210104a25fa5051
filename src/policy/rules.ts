/**
 * The policy rules, each with the references that back it. One list serves the real pack
 * (`policy/index.ts`), the offline run over every stack's plan (tests/stack/policy.ts) and the
 * generated docs/policy-rules.md. Rules read registered inputs only; a value that is not known
 * yet (a preview before the first deploy) is never a violation.
 *
 * `@pulumi/awsguard` 0.3.1 targets @pulumi/aws v4: its load-balancer rules match type names v7
 * no longer registers and its S3 logging rule reads v4's inline bucket logging. Where an
 * awsguard rule still describes what we want, it is re-expressed here for v7 and cited.
 */
import { NAT_INSTANCE_TAG } from "../model/iam";
import {
  asArray,
  jsonDocument,
  known,
  prop,
  type ResourceRule,
  type Rule,
  type RuleResource,
  type StackRule,
  truthy,
  type Violation,
} from "./rule";
import { DATA_TYPES, T } from "../model/resource-types";
import { RECOVERY_RULES } from "./recovery-rules";

export { T };

/** Types whose deletion loses data: `protect` on prod, and the data-protection table. */
export const STATEFUL_TYPES = DATA_TYPES;

const BUCKETS = [T.bucket, T.bucketV2];

// ---------------------------------------------------------------------------------------------
// helpers

const resourceRule = (rule: Omit<ResourceRule, "kind">): ResourceRule => ({ kind: "resource", ...rule });
const stackRule = (rule: Omit<StackRule, "kind">): StackRule => ({ kind: "stack", ...rule });
const violation = (r: RuleResource, message: string): Violation => ({ urn: r.urn, name: r.name, message });

/** "is false" (known and not true), so an unknown value never fails a rule. */
const isOff = (value: unknown) => known(value) && !truthy(value);
const isNumberBelow = (value: unknown, min: number) =>
  typeof value === "number" ? value < min : value === undefined;

/** Children (settings resources) of `target`: resources that depend on it. */
const dependents = (all: readonly RuleResource[], target: RuleResource, types: readonly string[]) =>
  all.filter((r) => types.includes(r.type) && r.dependencies.includes(target.urn));

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Principal?: string | Record<string, string | string[]>;
  Condition?: Record<string, Record<string, unknown>>;
}

function statements(document: unknown): Statement[] {
  const doc = document as { Statement?: Statement | Statement[] } | undefined;
  return asArray(doc?.Statement);
}

/**
 * A statement scoped by tag (ABAC): `aws:ResourceTag/<key>` pins "*" to the resources carrying
 * one stack's tag, which is how AWS scopes services whose ARNs cannot be predicted.
 */
function tagScoped(statement: Statement): boolean {
  return Object.values(statement.Condition ?? {}).some((operands) =>
    Object.keys(operands).some((k) => k.toLowerCase().startsWith("aws:resourcetag/")),
  );
}

/** Actions that only read configuration or metrics. Secret values and decryption are not among them. */
const SENSITIVE_READS = [
  "secretsmanager:getsecretvalue",
  "kms:decrypt",
  "ssm:getparameter",
  "ssm:getparameters",
  "ssm:getparametersbypath",
  "s3:getobject",
  "logs:getlogevents",
  "logs:filterlogevents",
  "logs:startquery",
  "rds-db:connect",
  "appconfig:getlatestconfiguration",
];
function readOnlyAction(action: string): boolean {
  const a = action.toLowerCase();
  const verb = a.split(":")[1] ?? "";
  if (SENSITIVE_READS.some((s) => a === s || (verb.endsWith("*") && s.startsWith(a.slice(0, -1)))))
    return false;
  return /^(get|list|describe|batchget|lookup)[a-z0-9]*\*?$/.test(verb);
}

/** A principal any AWS account could match. */
function openPrincipal(principal: Statement["Principal"]): boolean {
  if (principal === "*") return true;
  if (principal && typeof principal === "object")
    return asArray(principal["AWS"]).some((p) => p === "*") || asArray(principal["Federated"]).includes("*");
  return false;
}

/**
 * Condition keys that pin an open principal to this account, an AWS service or a source: a key
 * policy may grant "*" under them (e.g. the service-linked role use for EBS, via kms:ViaService).
 */
const NARROWING_KEYS = [
  "kms:calleraccount",
  "kms:viaservice",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:principalorgid",
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:sourcevpce",
  "aws:sourcevpc",
];
function narrowed(statement: Statement): boolean {
  return Object.values(statement.Condition ?? {}).some((operands) =>
    Object.keys(operands).some((k) => NARROWING_KEYS.includes(k.toLowerCase())),
  );
}

function openStatements(document: unknown): Statement[] {
  return statements(document).filter(
    (s) => s.Effect === "Allow" && openPrincipal(s.Principal) && !narrowed(s),
  );
}

const WEB_PORTS = new Set([80, 443]);

/** Internet-wide ingress: a CIDR of everything, IPv4 or IPv6. */
const internetWide = (cidr: unknown) => cidr === "0.0.0.0/0" || cidr === "::/0";

function portsOutsideWeb(from: unknown, to: unknown, protocol: unknown): string | undefined {
  if (protocol === "-1" || protocol === "all") return "all ports";
  if (typeof from !== "number" || typeof to !== "number") return undefined;
  for (let p = from; p <= to; p++)
    if (!WEB_PORTS.has(p)) return from === to ? `port ${from}` : `ports ${from}-${to}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// the rules

const database: Rule[] = [
  resourceRule({
    name: "rds-storage-encrypted",
    description: "RDS instances encrypt their storage with a customer-managed KMS key.",
    types: [T.rdsInstance],
    references: [
      { source: "awsguard", id: "rds-storage-encrypted" },
      { source: "checkov", id: "CKV_AWS_16" },
      { source: "fsbp", id: "RDS.3" },
      { source: "cis", id: "2.3.1", note: "CIS v1.4/v3.0 numbering" },
    ],
    check: (r) => [
      ...(isOff(r.props["storageEncrypted"]) || r.props["storageEncrypted"] === undefined
        ? ["storageEncrypted must be true"]
        : []),
      ...(r.props["kmsKeyId"] === undefined ? ["kmsKeyId must name the environment's KMS key"] : []),
    ],
  }),
  resourceRule({
    name: "rds-not-public",
    description: "RDS instances are not publicly accessible.",
    types: [T.rdsInstance],
    references: [
      { source: "awsguard", id: "rds-instance-public-access" },
      { source: "checkov", id: "CKV_AWS_17" },
      { source: "fsbp", id: "RDS.2" },
      { source: "cis", id: "2.3.3", note: "CIS v3.0 numbering" },
    ],
    check: (r) => (truthy(r.props["publiclyAccessible"]) ? ["publiclyAccessible must be false"] : []),
  }),
  resourceRule({
    name: "rds-backup-retention",
    description: "RDS instances keep automated backups for at least 7 days.",
    types: [T.rdsInstance],
    references: [
      { source: "awsguard", id: "rds-instance-backup-enabled", note: "awsguard only requires backups on" },
      { source: "fsbp", id: "RDS.11", note: "Security Hub's default minimum is 7 days" },
      { source: "checkov", id: "CKV_AWS_133" },
    ],
    check: (r) =>
      isNumberBelow(r.props["backupRetentionPeriod"], 7)
        ? [`backupRetentionPeriod is ${String(r.props["backupRetentionPeriod"] ?? "unset")}; at least 7`]
        : [],
  }),
  resourceRule({
    name: "rds-deletion-protection",
    description: "RDS instances have deletion protection on.",
    types: [T.rdsInstance],
    references: [
      { source: "fsbp", id: "RDS.8" },
      { source: "checkov", id: "CKV_AWS_293" },
    ],
    check: (r) => (truthy(r.props["deletionProtection"]) ? [] : ["deletionProtection must be true"]),
  }),
  resourceRule({
    name: "rds-final-snapshot",
    description: "Deleting an RDS instance takes a final snapshot under a generated, unique identifier.",
    types: [T.rdsInstance],
    references: [
      {
        source: "project",
        id: "Data protection",
        note: "no Checkov, CIS or FSBP control found for final snapshots",
      },
    ],
    check: (r) =>
      truthy(r.props["skipFinalSnapshot"]) || r.props["finalSnapshotIdentifier"] === undefined
        ? ["skipFinalSnapshot must be false with a finalSnapshotIdentifier"]
        : [],
  }),
  resourceRule({
    name: "rds-multi-az",
    description: "Production RDS instances run Multi-AZ.",
    types: [T.rdsInstance],
    tiers: ["prod"],
    tiersReason: "the seed's staging and dev databases are single instances (one AZ) to save cost",
    references: [
      { source: "fsbp", id: "RDS.5" },
      { source: "checkov", id: "CKV_AWS_157" },
    ],
    check: (r) => (truthy(r.props["multiAz"]) ? [] : ["multiAz must be true"]),
  }),
  resourceRule({
    name: "rds-auto-minor-upgrade",
    description: "RDS instances take minor engine upgrades automatically.",
    types: [T.rdsInstance],
    references: [
      { source: "fsbp", id: "RDS.13" },
      { source: "checkov", id: "CKV_AWS_226" },
      { source: "cis", id: "2.3.2", note: "CIS v3.0 numbering" },
    ],
    check: (r) =>
      r.props["autoMinorVersionUpgrade"] === false ? ["autoMinorVersionUpgrade must be true"] : [],
  }),
  resourceRule({
    name: "rds-logs-exported",
    description: "PostgreSQL logs are exported to CloudWatch Logs.",
    types: [T.rdsInstance],
    references: [
      { source: "fsbp", id: "RDS.9" },
      { source: "checkov", id: "CKV_AWS_129" },
    ],
    check: (r) =>
      known(r.props["enabledCloudwatchLogsExports"]) &&
      asArray(r.props["enabledCloudwatchLogsExports"] as string[]).includes("postgresql")
        ? []
        : ['enabledCloudwatchLogsExports must include "postgresql"'],
  }),
  resourceRule({
    name: "rds-copy-tags-to-snapshots",
    description: "RDS snapshots carry the instance's tags (environment, owner) with them.",
    types: [T.rdsInstance],
    references: [
      { source: "fsbp", id: "RDS.17" },
      { source: "checkov", id: "CKV2_AWS_60" },
    ],
    check: (r) => (truthy(r.props["copyTagsToSnapshot"]) ? [] : ["copyTagsToSnapshot must be true"]),
  }),
  resourceRule({
    name: "rds-performance-insights-encrypted",
    description: "Performance Insights data, when on, is encrypted with the environment's key.",
    types: [T.rdsInstance],
    references: [{ source: "checkov", id: "CKV_AWS_354" }],
    check: (r) =>
      truthy(r.props["performanceInsightsEnabled"]) && r.props["performanceInsightsKmsKeyId"] === undefined
        ? ["performanceInsightsKmsKeyId must be set when Performance Insights is on"]
        : [],
  }),
  resourceRule({
    name: "rds-postgres-forces-tls",
    description: "PostgreSQL parameter groups set rds.force_ssl = 1: no unencrypted connections.",
    types: [T.rdsParameterGroup],
    references: [
      {
        source: "project",
        id: "Security non-negotiables: encryption in transit",
        note: "no Checkov, CIS or FSBP control for rds.force_ssl was found, so none is cited",
      },
    ],
    check: (r) => {
      const family = r.props["family"];
      if (typeof family !== "string" || !family.startsWith("postgres")) return [];
      const params = asArray(r.props["parameters"] as { name?: string; value?: string }[]);
      return params.some((p) => p.name === "rds.force_ssl" && String(p.value) === "1")
        ? []
        : ["parameter rds.force_ssl must be 1"];
    },
  }),
];

const cache: Rule[] = [
  resourceRule({
    name: "elasticache-encrypted",
    description:
      "Redis encrypts at rest with the environment's KMS key and in transit (TLS), with an AUTH token.",
    types: [T.replicationGroup],
    references: [
      { source: "fsbp", id: "ElastiCache.4" },
      { source: "fsbp", id: "ElastiCache.5" },
      { source: "checkov", id: "CKV_AWS_29" },
      { source: "checkov", id: "CKV_AWS_30" },
      { source: "checkov", id: "CKV_AWS_31" },
      { source: "checkov", id: "CKV_AWS_191" },
    ],
    check: (r) => [
      ...(truthy(r.props["atRestEncryptionEnabled"]) ? [] : ["atRestEncryptionEnabled must be true"]),
      ...(r.props["kmsKeyId"] === undefined ? ["kmsKeyId must name the environment's KMS key"] : []),
      ...(truthy(r.props["transitEncryptionEnabled"]) ? [] : ["transitEncryptionEnabled must be true"]),
      ...(r.props["authToken"] === undefined && r.props["userGroupIds"] === undefined
        ? ["an authToken (or RBAC user groups) must be set"]
        : []),
    ],
  }),
  resourceRule({
    name: "elasticache-backups",
    description: "Redis keeps automatic snapshots for at least a day.",
    types: [T.replicationGroup],
    references: [{ source: "fsbp", id: "ElastiCache.1" }],
    check: (r) =>
      isNumberBelow(r.props["snapshotRetentionLimit"], 1)
        ? ["snapshotRetentionLimit must be at least 1"]
        : [],
  }),
  resourceRule({
    name: "elasticache-auto-minor-upgrade",
    description: "Redis takes minor engine upgrades automatically.",
    types: [T.replicationGroup],
    references: [{ source: "fsbp", id: "ElastiCache.2" }],
    check: (r) =>
      r.props["autoMinorVersionUpgrade"] === false ? ["autoMinorVersionUpgrade must be true"] : [],
  }),
  resourceRule({
    name: "elasticache-failover",
    description: "Production Redis replicates with automatic failover across AZs.",
    types: [T.replicationGroup],
    tiers: ["prod"],
    tiersReason: "the seed's staging and dev caches are single nodes",
    references: [{ source: "fsbp", id: "ElastiCache.3" }],
    check: (r) => [
      ...(truthy(r.props["automaticFailoverEnabled"]) ? [] : ["automaticFailoverEnabled must be true"]),
      ...(truthy(r.props["multiAzEnabled"]) ? [] : ["multiAzEnabled must be true"]),
    ],
  }),
];

const keysAndSecrets: Rule[] = [
  resourceRule({
    name: "kms-key-rotation",
    description: "Customer-managed KMS keys rotate their key material yearly.",
    types: [T.kmsKey],
    references: [
      { source: "awsguard", id: "cmk-backing-key-rotation-enabled" },
      { source: "checkov", id: "CKV_AWS_7" },
      { source: "fsbp", id: "KMS.4" },
      { source: "cis", id: "3.6", note: "CIS v3.0 numbering (3.8 in v1.4)" },
    ],
    check: (r) => (truthy(r.props["enableKeyRotation"]) ? [] : ["enableKeyRotation must be true"]),
  }),
  resourceRule({
    name: "kms-deletion-window",
    description: "A KMS key scheduled for deletion stays recoverable for 30 days.",
    types: [T.kmsKey],
    references: [
      {
        source: "fsbp",
        id: "KMS.3",
        note: "KMS.3 flags keys scheduled for deletion; the window is this project's",
      },
      { source: "project", id: "Data protection" },
    ],
    check: (r) =>
      isNumberBelow(r.props["deletionWindowInDays"], 30)
        ? [`deletionWindowInDays is ${String(r.props["deletionWindowInDays"] ?? "unset")}; must be 30`]
        : [],
  }),
  resourceRule({
    name: "kms-key-policy-not-public",
    description:
      'KMS key policies grant no open principal ("*") unless a condition pins it to this account, a service or a source.',
    types: [T.kmsKey, T.kmsKeyPolicy],
    references: [{ source: "checkov", id: "CKV_AWS_33" }],
    check: (r) =>
      openStatements(jsonDocument(r.props["policy"])).map(
        (s) =>
          `statement ${JSON.stringify(s.Action ?? s.NotAction)} is open to any principal without a narrowing condition`,
      ),
  }),
  resourceRule({
    name: "secret-encrypted-with-cmk",
    description: "Secrets are encrypted with the environment's own KMS key, not the AWS-managed default.",
    types: [T.secret],
    references: [{ source: "checkov", id: "CKV_AWS_149" }],
    check: (r) => (r.props["kmsKeyId"] === undefined ? ["kmsKeyId must name the environment's KMS key"] : []),
  }),
  resourceRule({
    name: "secret-recovery-window",
    description: "A deleted secret stays recoverable for at least 7 days.",
    types: [T.secret],
    references: [{ source: "project", id: "Data protection" }],
    check: (r) =>
      isNumberBelow(r.props["recoveryWindowInDays"], 7) && r.props["recoveryWindowInDays"] !== undefined
        ? [`recoveryWindowInDays is ${String(r.props["recoveryWindowInDays"])}; at least 7`]
        : [],
  }),
  stackRule({
    name: "secret-rotation",
    description:
      'Every secret has a rotation schedule, or declares manual rotation with the tag Rotation = "manual" (reviewed in the plan diff).',
    types: [T.secret, T.secretRotation],
    references: [
      { source: "fsbp", id: "SecretsManager.1" },
      { source: "checkov", id: "CKV2_AWS_57" },
    ],
    check: (all) =>
      all
        .filter((r) => r.type === T.secret)
        .filter((s) => dependents(all, s, [T.secretRotation]).length === 0)
        .filter((s) => (s.props["tags"] as Record<string, string> | undefined)?.["Rotation"] !== "manual")
        .map((s) => violation(s, 'no SecretRotation, and no tag Rotation = "manual"')),
  }),
];

const logging: Rule[] = [
  resourceRule({
    name: "log-group-retention",
    description: "Log groups keep logs for a set period: a year on prod, at least a week elsewhere.",
    types: [T.logGroup],
    references: [
      { source: "checkov", id: "CKV_AWS_338", note: "Checkov asks a year everywhere; this project: prod" },
      { source: "checkov", id: "CKV_AWS_66", note: "retention set at all" },
    ],
    check: (r, { tier }) => {
      const days = r.props["retentionInDays"];
      const min = tier === "prod" ? 365 : 7;
      if (days === undefined || days === 0)
        return ["retentionInDays must be set (never-expire logs are unbounded)"];
      return typeof days === "number" && days < min
        ? [`retentionInDays is ${days}; at least ${min} on ${tier}`]
        : [];
    },
  }),
  resourceRule({
    name: "cloudtrail-secure",
    description: "Trails are multi-region, validate their log files and encrypt them with KMS.",
    types: [T.trail],
    references: [
      { source: "cis", id: "3.1", note: "multi-region; CIS v1.4/v3.0 numbering" },
      { source: "cis", id: "3.2", note: "log file validation" },
      { source: "fsbp", id: "CloudTrail.2", note: "encryption at rest" },
      { source: "fsbp", id: "CloudTrail.4", note: "log file validation" },
      { source: "checkov", id: "CKV_AWS_35", note: "KMS" },
      { source: "checkov", id: "CKV_AWS_36", note: "log file validation" },
    ],
    check: (r) => [
      ...(truthy(r.props["isMultiRegionTrail"]) ? [] : ["isMultiRegionTrail must be true"]),
      ...(truthy(r.props["enableLogFileValidation"]) ? [] : ["enableLogFileValidation must be true"]),
      ...(r.props["kmsKeyId"] === undefined ? ["kmsKeyId must be set"] : []),
    ],
  }),
  resourceRule({
    name: "sns-topic-encrypted",
    description: "SNS topics encrypt messages at rest with KMS.",
    types: [T.topic],
    references: [{ source: "checkov", id: "CKV_AWS_26" }],
    check: (r) => (r.props["kmsMasterKeyId"] === undefined ? ["kmsMasterKeyId must be set"] : []),
  }),
];

const network: Rule[] = [
  stackRule({
    name: "vpc-flow-logs",
    description: "Every VPC has a flow log of all traffic.",
    types: [T.vpc, T.flowLog],
    references: [
      { source: "cis", id: "3.7", note: "CIS v3.0 numbering (3.9 in v1.4)" },
      { source: "fsbp", id: "EC2.6" },
      { source: "checkov", id: "CKV2_AWS_11" },
    ],
    check: (all) =>
      all
        .filter((r) => r.type === T.vpc)
        .filter((vpc) => !dependents(all, vpc, [T.flowLog]).some((f) => f.props["trafficType"] === "ALL"))
        .map((vpc) => violation(vpc, "no flow log with trafficType ALL")),
  }),
  stackRule({
    name: "default-security-group-closed",
    description: "Every VPC's default security group is managed and has no rules.",
    types: [T.vpc, T.defaultSecurityGroup],
    references: [
      { source: "cis", id: "5.4", note: "CIS v3.0 numbering (5.3 in v1.4)" },
      { source: "fsbp", id: "EC2.2" },
      { source: "checkov", id: "CKV2_AWS_12" },
    ],
    check: (all) =>
      all
        .filter((r) => r.type === T.vpc)
        .flatMap((vpc) => {
          const groups = dependents(all, vpc, [T.defaultSecurityGroup]);
          if (groups.length === 0)
            return [violation(vpc, "its default security group is not managed (it allows traffic)")];
          return groups
            .filter(
              (g) =>
                asArray(g.props["ingress"] as unknown[]).length +
                  asArray(g.props["egress"] as unknown[]).length >
                0,
            )
            .map((g) => violation(g, "the default security group must have no ingress or egress rules"));
        }),
  }),
  resourceRule({
    name: "internet-ingress-web-only",
    description:
      "Ingress from the whole internet (0.0.0.0/0, ::/0) reaches only ports 80 and 443: no SSH, RDP or database ports.",
    types: [T.ingressRule, T.legacyRule, T.securityGroup],
    references: [
      { source: "cis", id: "5.2", note: "CIS v3.0: admin ports from 0.0.0.0/0" },
      { source: "cis", id: "5.3", note: "CIS v3.0: admin ports from ::/0" },
      { source: "fsbp", id: "EC2.18", note: "only authorized ports (80, 443) open to the internet" },
      { source: "fsbp", id: "EC2.13", note: "no SSH from the internet" },
      { source: "checkov", id: "CKV_AWS_24" },
      { source: "checkov", id: "CKV_AWS_25" },
      {
        source: "checkov",
        id: "CKV_AWS_260",
        note: "Checkov flags port 80 too; here 80 stays open where it only redirects to HTTPS",
      },
    ],
    check: (r) => {
      const rules: { cidrs: unknown[]; from: unknown; to: unknown; protocol: unknown }[] = [];
      if (r.type === T.ingressRule)
        rules.push({
          cidrs: [r.props["cidrIpv4"], r.props["cidrIpv6"]],
          from: r.props["fromPort"],
          to: r.props["toPort"],
          protocol: r.props["ipProtocol"],
        });
      else if (r.type === T.legacyRule && r.props["type"] === "ingress")
        rules.push({
          cidrs: [
            ...asArray(r.props["cidrBlocks"] as string[]),
            ...asArray(r.props["ipv6CidrBlocks"] as string[]),
          ],
          from: r.props["fromPort"],
          to: r.props["toPort"],
          protocol: r.props["protocol"],
        });
      else if (r.type === T.securityGroup)
        for (const i of asArray(r.props["ingress"] as Record<string, unknown>[]))
          rules.push({
            cidrs: [...asArray(i["cidrBlocks"] as string[]), ...asArray(i["ipv6CidrBlocks"] as string[])],
            from: i["fromPort"],
            to: i["toPort"],
            protocol: i["protocol"],
          });
      return rules
        .filter((x) => x.cidrs.some(internetWide))
        .map((x) => portsOutsideWeb(x.from, x.to, x.protocol))
        .filter((p): p is string => p !== undefined)
        .map((p) => `${p} open to the internet; only 80 and 443 may be`);
    },
  }),
  resourceRule({
    name: "subnet-no-auto-public-ip",
    description: "No subnet hands out public IPs automatically.",
    types: [T.subnet],
    references: [
      { source: "fsbp", id: "EC2.15" },
      { source: "checkov", id: "CKV_AWS_130" },
    ],
    check: (r) => (truthy(r.props["mapPublicIpOnLaunch"]) ? ["mapPublicIpOnLaunch must be false"] : []),
  }),
];

const compute: Rule[] = [
  resourceRule({
    name: "launch-template-hardened",
    description:
      "Launch templates require IMDSv2, assign no public IP (except a NAT instance's, tagged NatInstance) and encrypt every EBS volume with KMS.",
    types: [T.launchTemplate],
    references: [
      { source: "checkov", id: "CKV_AWS_79", note: "IMDSv1 disabled" },
      { source: "fsbp", id: "EC2.170", note: "launch templates use IMDSv2" },
      { source: "fsbp", id: "EC2.25", note: "launch templates assign no public IPs" },
      { source: "awsguard", id: "ec2-instance-no-public-ip", note: "re-expressed for launch templates" },
      { source: "awsguard", id: "encrypted-volumes", note: "re-expressed for launch templates" },
      { source: "fsbp", id: "EC2.3", note: "attached EBS volumes encrypted" },
    ],
    check: (r) => {
      const problems: string[] = [];
      if (prop(r, "metadataOptions.httpTokens") !== "required")
        problems.push('metadataOptions.httpTokens must be "required"');
      // A NAT instance (src/environment/network/nat-instance.ts) must have a public address: it is
      // the app subnets' way out. It is recognised by its tag, and its security group admits only
      // the app subnets (a stack test holds that), so the exemption opens nothing inbound.
      const natInstance = prop(r, `tags.${NAT_INSTANCE_TAG}`) !== undefined;
      for (const ni of asArray(r.props["networkInterfaces"] as Record<string, unknown>[]))
        if (truthy(ni["associatePublicIpAddress"]) && !natInstance)
          problems.push("a network interface associates a public IP");
      for (const bd of asArray(
        r.props["blockDeviceMappings"] as { deviceName?: string; ebs?: Record<string, unknown> }[],
      )) {
        if (!bd.ebs) continue;
        if (!truthy(bd.ebs["encrypted"])) problems.push(`volume ${bd.deviceName ?? "?"} must be encrypted`);
        else if (bd.ebs["kmsKeyId"] === undefined)
          problems.push(`volume ${bd.deviceName ?? "?"} must use the environment's KMS key`);
      }
      return problems;
    },
  }),
  resourceRule({
    name: "asg-elb-health-checks",
    description:
      "Auto-scaling groups behind a load balancer replace instances the load balancer finds unhealthy.",
    types: [T.autoscalingGroup],
    references: [{ source: "fsbp", id: "AutoScaling.1" }],
    check: (r) =>
      asArray(r.props["targetGroupArns"] as string[]).length > 0 && r.props["healthCheckType"] !== "ELB"
        ? ['healthCheckType must be "ELB" when attached to a target group']
        : [],
  }),
];

const loadBalancing: Rule[] = [
  resourceRule({
    name: "alb-drops-invalid-headers",
    description: "Application load balancers drop invalid HTTP headers (request smuggling).",
    types: [T.loadBalancer],
    references: [
      { source: "fsbp", id: "ELB.4" },
      { source: "checkov", id: "CKV_AWS_131" },
    ],
    check: (r) =>
      r.props["loadBalancerType"] === "application" && !truthy(r.props["dropInvalidHeaderFields"])
        ? ["dropInvalidHeaderFields must be true"]
        : [],
  }),
  resourceRule({
    name: "alb-deletion-protection",
    description: "Production load balancers have deletion protection on.",
    types: [T.loadBalancer],
    tiers: ["prod"],
    tiersReason: "staging and dev load balancers are rebuilt freely; nothing is lost with them",
    references: [
      {
        source: "awsguard",
        id: "elb-deletion-protection-enabled",
        note: "re-expressed: awsguard matches v4 type names",
      },
      { source: "fsbp", id: "ELB.6" },
      { source: "checkov", id: "CKV_AWS_150" },
    ],
    check: (r) =>
      truthy(r.props["enableDeletionProtection"]) ? [] : ["enableDeletionProtection must be true"],
  }),
  resourceRule({
    name: "alb-http-redirects-to-https",
    description: "Plain-HTTP listeners only redirect to HTTPS.",
    types: [T.listener],
    references: [
      {
        source: "awsguard",
        id: "alb-http-to-https-redirection",
        note: "re-expressed: awsguard matches v4 type names",
      },
      { source: "fsbp", id: "ELB.1" },
      { source: "checkov", id: "CKV2_AWS_20" },
    ],
    check: (r) => {
      if (r.props["protocol"] !== "HTTP") return [];
      const actions = asArray(
        r.props["defaultActions"] as { type?: string; redirect?: { protocol?: string } }[],
      );
      return actions.length === 1 &&
        actions[0]!.type === "redirect" &&
        actions[0]!.redirect?.protocol === "HTTPS"
        ? []
        : ["an HTTP listener must redirect to HTTPS and do nothing else"];
    },
  }),
  resourceRule({
    name: "alb-modern-tls",
    description: "HTTPS listeners use a TLS 1.2+ security policy.",
    types: [T.listener],
    references: [
      { source: "checkov", id: "CKV_AWS_103" },
      { source: "fsbp", id: "ELB.17", note: "not verified against the current Security Hub list" },
    ],
    check: (r) => {
      if (r.props["protocol"] !== "HTTPS") return [];
      const policy = r.props["sslPolicy"];
      return typeof policy === "string" && /TLS13|TLS-1-2|FS-1-2/.test(policy)
        ? []
        : [`sslPolicy ${String(policy ?? "(default)")} allows TLS below 1.2`];
    },
  }),
];

const iam: Rule[] = [
  resourceRule({
    name: "iam-no-admin-policies",
    description: 'No IAM policy allows every action ("*") on every resource.',
    types: [T.rolePolicy, T.policy, T.userPolicy],
    references: [
      { source: "fsbp", id: "IAM.1" },
      { source: "cis", id: "1.16", note: "CIS v1.4 numbering (1.15 in v3.0)" },
      { source: "checkov", id: "CKV_AWS_62" },
      { source: "checkov", id: "CKV_AWS_1" },
    ],
    check: (r) =>
      statements(jsonDocument(r.props["policy"]))
        .filter(
          (s) => s.Effect === "Allow" && asArray(s.Action).includes("*") && asArray(s.Resource).includes("*"),
        )
        .map(() => 'a statement allows "*" on "*"'),
  }),
  resourceRule({
    name: "iam-no-wildcard-resource-writes",
    description:
      'Resource "*" is granted only for read-only actions (Get/List/Describe) that reveal no secret or data, or under an aws:ResourceTag condition; everything else names its resources.',
    types: [T.rolePolicy, T.policy, T.userPolicy],
    references: [
      {
        source: "checkov",
        id: "CKV_AWS_355",
        note: "approximation: Checkov lists restrictable actions; here anything not read-only must name resources",
      },
    ],
    check: (r) =>
      statements(jsonDocument(r.props["policy"]))
        .filter((s) => s.Effect === "Allow" && asArray(s.Resource).includes("*") && !tagScoped(s))
        .flatMap((s) => asArray(s.Action).filter((a) => !readOnlyAction(a)))
        .map((a) => `${a} is allowed on every resource ("*")`),
  }),
  resourceRule({
    name: "iam-trust-not-public",
    description:
      "Role trust policies name their principals: no open principal without a narrowing condition.",
    types: [T.role],
    references: [
      { source: "checkov", id: "CKV_AWS_60" },
      { source: "checkov", id: "CKV_AWS_61" },
    ],
    check: (r) =>
      openStatements(jsonDocument(r.props["assumeRolePolicy"])).map(
        () => "the trust policy lets any principal assume the role",
      ),
  }),
  stackRule({
    name: "iam-no-users",
    description:
      "No IAM users, user policies or access keys: people come in through roles (SSO), machines through instance roles.",
    types: [T.user, T.userPolicy, T.userPolicyAttachment, T.accessKey],
    references: [
      { source: "cis", id: "1.15", note: "CIS v1.4: permissions only through groups; here through roles" },
      { source: "fsbp", id: "IAM.2" },
    ],
    check: (all) =>
      all
        .filter((r) =>
          ([T.user, T.userPolicy, T.userPolicyAttachment, T.accessKey] as string[]).includes(r.type),
        )
        .map((r) => violation(r, `${r.type} is not allowed; grant access through a role`)),
  }),
];

const storage: Rule[] = [
  stackRule({
    name: "s3-public-access-blocked",
    description: "Every bucket has a public access block with all four settings on.",
    types: [...BUCKETS, T.publicAccessBlock],
    references: [
      { source: "fsbp", id: "S3.8" },
      { source: "cis", id: "2.1.4", note: "CIS v3.0 numbering" },
      { source: "checkov", id: "CKV2_AWS_6" },
    ],
    check: (all) =>
      all
        .filter((r) => BUCKETS.includes(r.type as (typeof BUCKETS)[number]))
        .filter(
          (b) =>
            !dependents(all, b, [T.publicAccessBlock]).some((p) =>
              ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every(
                (k) => truthy(p.props[k]),
              ),
            ),
        )
        .map((b) => violation(b, "no public access block with all four settings true")),
  }),
  stackRule({
    name: "s3-encrypted",
    description:
      "Every bucket declares its default encryption (SSE-KMS, or SSE-S3 where the writer demands it).",
    types: [...BUCKETS, T.bucketEncryption, T.bucketEncryptionV2],
    references: [
      { source: "checkov", id: "CKV_AWS_19" },
      { source: "checkov", id: "CKV_AWS_145", note: "KMS; ALB access logs accept SSE-S3 only" },
    ],
    check: (all) =>
      all
        .filter((r) => BUCKETS.includes(r.type as (typeof BUCKETS)[number]))
        .filter(
          (b) =>
            dependents(all, b, [T.bucketEncryption, T.bucketEncryptionV2]).length === 0 &&
            b.props["serverSideEncryptionConfiguration"] === undefined,
        )
        .map((b) => violation(b, "no server-side encryption configuration")),
  }),
  stackRule({
    name: "s3-tls-only",
    description: "Every bucket's policy denies requests without TLS (aws:SecureTransport false).",
    types: [...BUCKETS, T.bucketPolicy],
    references: [
      { source: "fsbp", id: "S3.5" },
      { source: "cis", id: "2.1.1", note: "CIS v3.0 numbering" },
    ],
    check: (all) =>
      all
        .filter((r) => BUCKETS.includes(r.type as (typeof BUCKETS)[number]))
        .filter((b) => {
          const policies = dependents(all, b, [T.bucketPolicy]).map((p) => p.props["policy"]);
          if (policies.some((p) => !known(p))) return false;
          return !policies.some((p) =>
            statements(jsonDocument(p)).some(
              (s) =>
                s.Effect === "Deny" &&
                JSON.stringify(s.Condition ?? {}).includes('"aws:SecureTransport":"false"'),
            ),
          );
        })
        .map((b) => violation(b, "no bucket policy denies aws:SecureTransport = false")),
  }),
  stackRule({
    name: "s3-versioning",
    description: "Every bucket keeps versions, so an overwrite or delete can be undone.",
    types: [...BUCKETS, T.bucketVersioning, T.bucketVersioningV2],
    references: [{ source: "checkov", id: "CKV_AWS_21" }],
    check: (all) =>
      all
        .filter((r) => BUCKETS.includes(r.type as (typeof BUCKETS)[number]))
        .filter(
          (b) =>
            !dependents(all, b, [T.bucketVersioning, T.bucketVersioningV2]).some(
              (v) => prop(v, "versioningConfiguration.status") === "Enabled",
            ),
        )
        .map((b) => violation(b, "versioning is not enabled")),
  }),
];

/** The managed rule groups a web ACL must run (see src/environment/edge/waf.ts for why each). */
const REQUIRED_MANAGED_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
];
/** CloudFront viewer TLS policies at TLS 1.2 or above, 2021 ciphers or newer. */
const MODERN_VIEWER_TLS = /^TLSv1\.(2_(2021|2025)|3_2025)$/;

const edge: Rule[] = [
  stackRule({
    name: "waf-on-public-load-balancers",
    description: "Every internet-facing application load balancer has a WAFv2 web ACL associated.",
    types: [T.loadBalancer, T.webAclAssociation],
    tiers: ["staging", "prod"],
    tiersReason: "dev has no load balancer by default; one enabled there is a test endpoint",
    references: [{ source: "checkov", id: "CKV2_AWS_28" }],
    check: (all) =>
      all
        .filter((r) => r.type === T.loadBalancer && r.props["internal"] !== true)
        .filter((lb) => dependents(all, lb, [T.webAclAssociation]).length === 0)
        .map((lb) => violation(lb, "no web ACL is associated")),
  }),
  resourceRule({
    name: "waf-rules",
    description:
      "Web ACLs run AWS's IP reputation, common and known-bad-inputs rule groups (not in count mode) and a per-IP rate limit, with metrics on.",
    types: [T.webAcl],
    references: [
      { source: "fsbp", id: "WAF.10", note: "at least one rule" },
      { source: "fsbp", id: "WAF.12", note: "CloudWatch metrics on every rule" },
      { source: "checkov", id: "CKV_AWS_192", note: "known bad inputs (Log4j)" },
      { source: "project", id: "Security non-negotiables: rate limiting and DDoS protection" },
    ],
    check: (r) => {
      if (!known(r.props["rules"])) return [];
      const rules = asArray(r.props["rules"] as Record<string, unknown>[]);
      const problems: string[] = [];
      for (const group of REQUIRED_MANAGED_GROUPS) {
        const rule = rules.find(
          (x) => prop({ ...r, props: x }, "statement.managedRuleGroupStatement.name") === group,
        );
        if (!rule) problems.push(`managed rule group ${group} is missing`);
        else if ((rule["overrideAction"] as Record<string, unknown> | undefined)?.["count"] !== undefined)
          problems.push(`${group} only counts (overrideAction count)`);
      }
      const rate = rules.find((x) => prop({ ...r, props: x }, "statement.rateBasedStatement") !== undefined);
      if (!rate || (rate["action"] as Record<string, unknown> | undefined)?.["block"] === undefined)
        problems.push("no rate-based rule that blocks");
      for (const x of [...rules, r.props])
        if (
          prop({ ...r, props: x as Record<string, unknown> }, "visibilityConfig.cloudwatchMetricsEnabled") !==
          true
        )
          problems.push(
            `metrics are off for ${String((x as Record<string, unknown>)["name"] ?? "the web ACL")}`,
          );
      return problems;
    },
  }),
  stackRule({
    name: "waf-logging",
    description: "Every web ACL logs its requests.",
    types: [T.webAcl, T.webAclLogging],
    references: [
      { source: "fsbp", id: "WAF.11" },
      { source: "checkov", id: "CKV2_AWS_31" },
    ],
    check: (all) =>
      all
        .filter((r) => r.type === T.webAcl)
        .filter((acl) => dependents(all, acl, [T.webAclLogging]).length === 0)
        .map((acl) => violation(acl, "no logging configuration")),
  }),
  resourceRule({
    name: "cloudfront-secure",
    description:
      "CloudFront serves viewers HTTPS only with TLS 1.2 (2021 ciphers) or newer, talks HTTPS (TLS 1.2) to its origins, carries a web ACL and a security-headers response policy.",
    types: [T.distribution],
    references: [
      { source: "checkov", id: "CKV_AWS_34", note: "viewer HTTPS" },
      { source: "fsbp", id: "CloudFront.3", note: "encryption in transit" },
      { source: "checkov", id: "CKV_AWS_174", note: "TLS 1.2 viewers" },
      { source: "fsbp", id: "CloudFront.9", note: "HTTPS to custom origins" },
      { source: "fsbp", id: "CloudFront.10", note: "no deprecated SSL protocols to origins" },
      { source: "checkov", id: "CKV_AWS_68", note: "WAF" },
      { source: "fsbp", id: "CloudFront.6", note: "WAF" },
      { source: "checkov", id: "CKV2_AWS_32", note: "response headers policy" },
    ],
    check: (r) => {
      const problems: string[] = [];
      const behaviors = [
        r.props["defaultCacheBehavior"],
        ...asArray(r.props["orderedCacheBehaviors"] as unknown[]),
      ];
      for (const b of behaviors as (Record<string, unknown> | undefined)[]) {
        if (!b) continue;
        if (!["https-only", "redirect-to-https"].includes(String(b["viewerProtocolPolicy"])))
          problems.push(`viewerProtocolPolicy ${String(b["viewerProtocolPolicy"])} lets viewers use HTTP`);
        if (b["responseHeadersPolicyId"] === undefined)
          problems.push("a cache behavior has no response headers policy");
      }
      const tls = prop(r, "viewerCertificate.minimumProtocolVersion");
      if (known(tls) && !MODERN_VIEWER_TLS.test(String(tls)))
        problems.push(`minimumProtocolVersion ${String(tls)} is below TLSv1.2_2021`);
      for (const o of asArray(r.props["origins"] as Record<string, unknown>[])) {
        const custom = o["customOriginConfig"] as Record<string, unknown> | undefined;
        if (!custom) continue;
        if (custom["originProtocolPolicy"] !== "https-only")
          problems.push(`origin ${String(o["originId"])} is not HTTPS only`);
        if (asArray(custom["originSslProtocols"] as string[]).some((p) => p !== "TLSv1.2"))
          problems.push(`origin ${String(o["originId"])} allows protocols below TLS 1.2`);
      }
      if (r.props["webAclId"] === undefined) problems.push("no web ACL (webAclId)");
      return problems;
    },
  }),
  stackRule({
    name: "cloudfront-access-logging",
    description: "Every CloudFront distribution writes access logs (standard logging, legacy or v2).",
    types: [T.distribution, T.logDeliverySource],
    references: [
      { source: "checkov", id: "CKV_AWS_86" },
      { source: "fsbp", id: "CloudFront.5" },
    ],
    check: (all) =>
      all
        .filter((r) => r.type === T.distribution && r.props["loggingConfig"] === undefined)
        .filter(
          (d) => !dependents(all, d, [T.logDeliverySource]).some((s) => s.props["logType"] === "ACCESS_LOGS"),
        )
        .map((d) => violation(d, "no access logging")),
  }),
  resourceRule({
    name: "log-group-encrypted",
    description: "Every log group is encrypted with a customer-managed KMS key.",
    types: [T.logGroup],
    references: [{ source: "checkov", id: "CKV_AWS_158" }],
    check: (r) => (r.props["kmsKeyId"] === undefined ? ["kmsKeyId must be set"] : []),
  }),
];

const dataProtection: Rule[] = [
  resourceRule({
    name: "stateful-resources-protected",
    description:
      "On prod, every resource that holds data or keys has Pulumi's `protect`: no deploy can delete or replace it.",
    types: [...STATEFUL_TYPES],
    tiers: ["prod"],
    tiersReason: "dev and staging are rebuilt from code; their data is synthetic or sanitized",
    references: [{ source: "project", id: "Data protection: data is never lost by a deploy" }],
    check: (r) => (r.protect ? [] : ["must be protected (protect: true)"]),
  }),
];

export const RULES: readonly Rule[] = [
  ...database,
  ...cache,
  ...keysAndSecrets,
  ...logging,
  ...network,
  ...compute,
  ...loadBalancing,
  ...iam,
  ...storage,
  ...edge,
  ...dataProtection,
  ...RECOVERY_RULES,
];
