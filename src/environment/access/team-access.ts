/**
 * The seed's cross-environment access table as code. One table (team × tier → access level)
 * builds an IAM role per team per stack (src/environment/access/access.ts), renders the matrix in
 * docs/access.md, and drives the tests that prove every role's permissions match its cell.
 * Every policy is scoped to one stack: its tag, its name prefix, its secrets namespace, its key.
 */
import {
  accountRootArn,
  launchTemplateArn,
  logStreamsArn,
  parametersUnderArn,
  secretsUnderArn,
} from "../../model/arns";
import type { PolicyDocument, PolicyStatement } from "../../model/iam";

import { TEAMS, type Team } from "../../model/settings";

export { TEAMS, type Team };

export const ACCESS_LEVELS = [
  "full",
  "read-deploy",
  "read-only",
  "read-only-logs",
  "read-only-dashboards",
  "none",
] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

type Tier = "dev" | "staging" | "prod";

/** The seed's "Cross-Environment Access Rules", by tier (a new stack inherits its tier's row). */
export const ACCESS_MATRIX: Readonly<Record<Tier, Readonly<Record<Team, AccessLevel>>>> = {
  dev: { developers: "full", qa: "none", platform: "full", executives: "none" },
  staging: { developers: "read-deploy", qa: "full", platform: "full", executives: "read-only" },
  prod: {
    developers: "read-only-logs",
    qa: "read-only",
    platform: "full",
    executives: "read-only-dashboards",
  },
};

export const TEAM_TITLES: Readonly<Record<Team, string>> = {
  developers: "Developers",
  qa: "QA Team",
  platform: "Platform Team",
  executives: "Executives",
};

export const LEVEL_TITLES: Readonly<Record<AccessLevel, string>> = {
  full: "Full access",
  "read-deploy": "Read + Deploy",
  "read-only": "Read-only",
  "read-only-logs": "Read-only logs",
  "read-only-dashboards": "Read-only dashboards",
  none: "No access",
};

/** What each level may do, in words (docs/access.md). */
export const LEVEL_MEANING: Readonly<Record<AccessLevel, string>> = {
  full: "manage the stack's own resources (tagged with its Stack), read and write its secrets namespace, use its key; no IAM, no other stack",
  "read-deploy":
    "read-only, plus roll out a release: new launch-template versions, instance refreshes, the namespace's Parameter Store values",
  "read-only":
    "describe the stack's infrastructure, read its logs and dashboards and its secrets' metadata (never their values)",
  "read-only-logs": "read the stack's log groups (CloudWatch Logs), nothing else",
  "read-only-dashboards": "view the stack's CloudWatch dashboards, alarms and metrics",
  none: "no role is created",
};

/**
 * Everything a policy may name: one stack's own scope. The resources are named by their own
 * ARNs (the resources' outputs), so a policy reaches exactly what the stack created, whatever its
 * names; only the namespaces (secrets, parameters) are patterns, from src/model/arns.ts.
 */
export interface AccessScope {
  readonly region: string;
  readonly accountId: string;
  readonly stack: string;
  /** e.g. "/production/" */
  readonly namespace: string;
  readonly kmsKeyArn: string;
  /** Every log group the stack owns, in any region (the app's, flow logs, RDS's, WAF's, CloudFront's). */
  readonly logGroupArns: readonly string[];
  readonly dashboardArns: readonly string[];
  readonly alarmArns: readonly string[];
  readonly autoScalingGroupArns: readonly string[];
  /** The app servers' instance role, which a rollout passes to EC2. */
  readonly appRoleArns: readonly string[];
}

/** IAM role name for a team in a stack; fixed, so people can find it in their SSO console. */
export function accessRoleName(project: string, stack: string, team: Team): string {
  return `${project}-${stack}-${team}`;
}

/** ABAC: the provider's default tag `Stack` marks every resource the stack owns. */
const ownStack = (s: AccessScope) => ({ StringEquals: { "aws:ResourceTag/Stack": s.stack } });

const sorted = (values: readonly string[]) => [...new Set(values)].sort();
const logGroupsAndStreams = (s: AccessScope) => sorted(s.logGroupArns.flatMap((g) => [g, logStreamsArn(g)]));

function dashboards(s: AccessScope): PolicyStatement[] {
  return [
    {
      Sid: "ListMetricsAndDashboards",
      Effect: "Allow",
      // These CloudWatch reads support no resource-level scoping; they reveal metrics, not data.
      Action: [
        "cloudwatch:DescribeAlarmsForMetric",
        "cloudwatch:GetMetricData",
        "cloudwatch:GetMetricStatistics",
        "cloudwatch:ListDashboards",
        "cloudwatch:ListMetrics",
      ],
      Resource: ["*"],
    },
    {
      Sid: "OwnDashboardsAndAlarms",
      Effect: "Allow",
      Action: ["cloudwatch:DescribeAlarms", "cloudwatch:GetDashboard"],
      Resource: sorted([...s.dashboardArns, ...s.alarmArns]),
    },
  ];
}

function logs(s: AccessScope): PolicyStatement[] {
  return [
    { Sid: "ListLogGroups", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: ["*"] },
    {
      Sid: "ReadOwnLogGroups",
      Effect: "Allow",
      Action: ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents", "logs:StartQuery"],
      Resource: logGroupsAndStreams(s),
    },
    // Returns only the results of queries the caller started, which StartQuery scopes above.
    { Sid: "ReadOwnQueryResults", Effect: "Allow", Action: ["logs:GetQueryResults"], Resource: ["*"] },
  ];
}

function readOnly(s: AccessScope): PolicyStatement[] {
  return [
    ...dashboards(s),
    ...logs(s),
    {
      Sid: "DescribeInfrastructure",
      Effect: "Allow",
      // Describe calls support no resource-level scoping; they reveal configuration, not data or secrets.
      Action: [
        "autoscaling:Describe*",
        "ec2:Describe*",
        "elasticache:Describe*",
        "elasticloadbalancing:Describe*",
        "rds:Describe*",
        "secretsmanager:ListSecrets",
        "ssm:DescribeParameters",
      ],
      Resource: ["*"],
    },
    {
      Sid: "OwnSecretsMetadataOnly",
      Effect: "Allow",
      Action: ["secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"],
      Resource: [secretsUnderArn(s, s.namespace)],
    },
    { Sid: "OwnKeyMetadata", Effect: "Allow", Action: ["kms:DescribeKey"], Resource: [s.kmsKeyArn] },
  ];
}

function deploy(s: AccessScope): PolicyStatement[] {
  return [
    {
      Sid: "RollOutOwnAutoScalingGroups",
      Effect: "Allow",
      Action: [
        "autoscaling:CancelInstanceRefresh",
        "autoscaling:RollbackInstanceRefresh",
        "autoscaling:StartInstanceRefresh",
        "autoscaling:UpdateAutoScalingGroup",
      ],
      Resource: sorted(s.autoScalingGroupArns),
    },
    {
      Sid: "NewVersionsOfOwnLaunchTemplates",
      Effect: "Allow",
      Action: ["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"],
      Resource: [launchTemplateArn(s, "*")],
      Condition: ownStack(s),
    },
    {
      Sid: "OwnParameters",
      Effect: "Allow",
      Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:PutParameter"],
      Resource: [parametersUnderArn(s, s.namespace)],
    },
    {
      Sid: "PassOwnAppRole",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: sorted(s.appRoleArns),
      Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
    },
  ];
}

function full(s: AccessScope): PolicyStatement[] {
  return [
    ...readOnly(s),
    ...deploy(s),
    {
      Sid: "ManageOwnTaggedResources",
      Effect: "Allow",
      Action: ["autoscaling:*", "ec2:*", "elasticache:*", "elasticloadbalancing:*", "rds:*"],
      Resource: ["*"],
      Condition: ownStack(s),
    },
    {
      Sid: "OwnSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:*"],
      Resource: [secretsUnderArn(s, s.namespace)],
    },
    {
      Sid: "UseOwnKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
      Resource: [s.kmsKeyArn],
    },
    {
      Sid: "ManageOwnLogGroups",
      Effect: "Allow",
      Action: ["logs:*"],
      Resource: logGroupsAndStreams(s),
    },
  ];
}

/** The permissions of one access level in one stack; undefined for "none" (no role at all). */
export function accessPolicy(level: AccessLevel, scope: AccessScope): PolicyDocument | undefined {
  const statements: Record<Exclude<AccessLevel, "none">, () => PolicyStatement[]> = {
    full: () => full(scope),
    "read-deploy": () => [...readOnly(scope), ...deploy(scope)],
    "read-only": () => readOnly(scope),
    "read-only-logs": () => logs(scope),
    "read-only-dashboards": () => dashboards(scope),
  };
  return level === "none" ? undefined : { Version: "2012-10-17", Statement: statements[level]() };
}

export interface TrustInput {
  readonly partition: string;
  /** The account people sign in to (the identity/SSO account), or the stack's own account. */
  readonly identityAccountId: string;
  /** IAM Identity Center permission set allowed to assume the role; null = any principal the identity account allows. */
  readonly permissionSet: string | null;
}

/**
 * Who may assume a team's role: principals of the identity account, narrowed to the team's IAM
 * Identity Center permission set when one is configured (its roles live under aws-reserved/).
 */
export function accessTrustPolicy(input: TrustInput): unknown {
  const statement: Record<string, unknown> = {
    Effect: "Allow",
    Principal: { AWS: accountRootArn(input.partition, input.identityAccountId) },
    Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
  };
  if (input.permissionSet) {
    statement["Condition"] = {
      ArnLike: {
        "aws:PrincipalArn": `arn:${input.partition}:iam::${input.identityAccountId}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${input.permissionSet}_*`,
      },
    };
  }
  return { Version: "2012-10-17", Statement: [statement] };
}

/** The access matrix as a Markdown table (docs/access.md), from the same table that builds the roles. */
export function renderAccessMatrix(): string {
  const tiers = Object.keys(ACCESS_MATRIX) as Tier[];
  const lines = [
    `| Environment (tier) | ${TEAMS.map((t) => TEAM_TITLES[t]).join(" | ")} |`,
    `| --- | ${TEAMS.map(() => "---").join(" | ")} |`,
    ...tiers.map(
      (tier) => `| **${tier}** | ${TEAMS.map((t) => LEVEL_TITLES[ACCESS_MATRIX[tier][t]]).join(" | ")} |`,
    ),
  ];
  const levels = [
    "",
    "| Access level | What the role may do |",
    "| --- | --- |",
    ...ACCESS_LEVELS.map((l) => `| ${LEVEL_TITLES[l]} | ${LEVEL_MEANING[l]} |`),
  ];
  return [...lines, ...levels].join("\n");
}
