/**
 * IAM policy documents as plain data. The app's role may read only its own environment's
 * secrets and decrypt only with its own environment's key: every ARN is scoped, none is "*".
 */

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface TrustPolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly {
    readonly Effect: "Allow";
    readonly Principal: { readonly Service: string };
    readonly Action: "sts:AssumeRole";
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  }[];
}

/** On whose behalf a service may assume a role: confused-deputy protection. */
export interface TrustSource {
  /** aws:SourceAccount: the account whose resource makes the service act. */
  readonly account: string;
  /** aws:SourceArn (ArnLike): the resources that may, e.g. src/model/arns.ts flowLogsArn. */
  readonly arn?: string;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

import { logStreamsArn, partitionOf, secretsUnderArn } from "./arns";

export { partitionOf };

/** ARN pattern of every secret under a namespace (src/model/arns.ts secretsUnderArn). */
export function namespaceSecretsArn(region: string, accountId: string, namespace: string): string {
  return secretsUnderArn({ region, accountId }, namespace);
}

/**
 * Trust policy letting one AWS service assume a role; with `source`, only on behalf of that account
 * (and those resources), so another account's resource cannot make the service use this role
 * (IAM user guide, "The confused deputy problem").
 */
export function assumeRolePolicy(service: string, source?: TrustSource): TrustPolicyDocument {
  const condition = source && {
    Condition: {
      StringEquals: { "aws:SourceAccount": source.account },
      ...(source.arn ? { ArnLike: { "aws:SourceArn": source.arn } } : {}),
    },
  };
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...condition }],
  };
}

export interface AppAccessInput {
  readonly region: string;
  /**
   * ARNs of exactly the secrets the app reads (its database and cache credentials and its
   * third-party keys), all under its own namespace. Not the namespace wildcard: other secrets
   * of the environment (rotation, delivery, edge) are none of the app's business.
   */
  readonly secretArns: readonly string[];
  readonly kmsKeyArn: string;
}

/** What the app's instance role may do with secrets: read exactly its own, decrypt via Secrets Manager. */
export function appSecretsPolicy(input: AppAccessInput): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadOwnSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
        Resource: [...input.secretArns].sort(),
      },
      {
        Sid: "DecryptWithOwnKeyViaSecretsManager",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [input.kmsKeyArn],
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${input.region}.amazonaws.com` } },
      },
    ],
  };
}

/** A role that writes to one log group (the app servers' logs) and nowhere else in CloudWatch Logs. */
export function writeLogGroupPolicy(logGroupArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [logGroupArn, logStreamsArn(logGroupArn)],
      },
    ],
  };
}

/**
 * The VPC flow-log service's role: AWS's documented actions for publishing to CloudWatch Logs
 * (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html) on the flow-log
 * group only. logs:DescribeLogGroups supports no resource-level scoping (Service Authorization
 * Reference, CloudWatch Logs); CreateLogGroup is left out because the group is created here.
 */
export function flowLogsPolicy(logGroupArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { ...writeLogGroupPolicy(logGroupArn).Statement[0]! },
      { Sid: "FindLogGroup", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: ["*"] },
    ],
  };
}

/** The tag that marks the NAT instance's pieces; its IAM policy acts only on resources carrying it. */
export const NAT_INSTANCE_TAG = "NatInstance";

/**
 * What the NAT instance may do at boot (src/environment/network/nat-instance.ts): attach the
 * static interface the app subnets route to, and turn off the source/destination check on its own
 * interface. Both act only on network interfaces and instances tagged NatInstance=<name>: EC2's
 * AttachNetworkInterface authorizes the instance and the interface, ModifyNetworkInterfaceAttribute
 * the interface (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html),
 * and both support the aws:ResourceTag condition key on those resources.
 */
export function natInstancePolicy(input: {
  region: string;
  accountId: string;
  natName: string;
}): PolicyDocument {
  const arn = (resource: string) =>
    `arn:${partitionOf(input.region)}:ec2:${input.region}:${input.accountId}:${resource}`;
  const tagged = { StringEquals: { [`aws:ResourceTag/${NAT_INSTANCE_TAG}`]: input.natName } };
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AttachStaticInterface",
        Effect: "Allow",
        Action: ["ec2:AttachNetworkInterface"],
        Resource: [arn("instance/*"), arn("network-interface/*")],
        Condition: tagged,
      },
      {
        Sid: "ForwardThroughOwnInterface",
        Effect: "Allow",
        Action: ["ec2:ModifyNetworkInterfaceAttribute"],
        Resource: [arn("network-interface/*")],
        Condition: tagged,
      },
    ],
  };
}

/**
 * The database scheduler's role (src/environment/data/database-sleep.ts): stop and start exactly
 * one database. StopDBInstance and StartDBInstance authorize the `db` resource
 * (arn:aws:rds:<region>:<account>:db:<identifier>,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html).
 */
export function databaseSleepPolicy(databaseArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "StopAndStartOneDatabase",
        Effect: "Allow",
        Action: ["rds:StartDBInstance", "rds:StopDBInstance"],
        Resource: [databaseArn],
      },
    ],
  };
}

/** The ARN of an RDS instance from its identifier. */
export function rdsInstanceArn(region: string, accountId: string, identifier: string): string {
  return `arn:${partitionOf(region)}:rds:${region}:${accountId}:db:${identifier}`;
}

/** The ARN of a CloudWatch alarm from its name. */
export function alarmArn(region: string, accountId: string, name: string): string {
  return `arn:${partitionOf(region)}:cloudwatch:${region}:${accountId}:alarm:${name}`;
}

/**
 * The alarm scheduler's role (src/environment/observability/alarm-sleep.ts): turn the actions of
 * exactly the environment's alarms off and on. Both actions authorize the `alarm` resource
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html).
 */
export function alarmActionsPolicy(alarmArns: readonly string[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "SilenceOwnAlarmsWhileAsleep",
        Effect: "Allow",
        Action: ["cloudwatch:DisableAlarmActions", "cloudwatch:EnableAlarmActions"],
        Resource: [...alarmArns].sort(),
      },
    ],
  };
}
