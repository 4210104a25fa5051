/**
 * The environment key's policy as plain data. Without one, KMS applies its default (the account
 * only), and AWS services that write on the environment's behalf — CloudWatch Logs, CloudWatch
 * alarms publishing to the encrypted topic, CloudTrail — cannot use the key. Each service gets
 * only the actions it needs, scoped by encryption context or source where the service sends one.
 */
import { accountRootArn, anyTrailArn, partitionOf, trailArn as trailArnOf } from "../../model/arns";

export interface KeyPolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Principal: { readonly AWS: string } | { readonly Service: string };
  readonly Action: readonly string[];
  readonly Resource: "*";
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface KeyPolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly KeyPolicyStatement[];
}

export interface KeyPolicyInput {
  readonly region: string;
  readonly accountId: string;
  /** The environment's log groups (src/environment/observability/log-groups.ts logGroupArnPatterns). */
  readonly logGroupArnPatterns: readonly string[];
  /** The environment's own trail; undefined when an organization trail records the account. */
  readonly trailArn: string | undefined;
  /** EventBridge rules publish to the encrypted alarm topic (AWS Backup failures, src/environment/recovery/). */
  readonly eventBridgePublishes?: boolean;
}

export function trailArn(region: string, accountId: string, trailName: string): string {
  return trailArnOf({ region, accountId }, trailName);
}

export function environmentKeyPolicy(input: KeyPolicyInput): KeyPolicyDocument {
  const partition = partitionOf(input.region);
  const statements: KeyPolicyStatement[] = [
    {
      // KMS's default statement: IAM policies in this account decide who else may use the key.
      // Without it nobody could ever change the key again.
      Sid: "AccountAdministersKeyThroughIam",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(partition, input.accountId) },
      Action: ["kms:*"],
      Resource: "*",
    },
    {
      Sid: "CloudWatchLogsEncryptsOwnLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${input.region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": [...input.logGroupArnPatterns] } },
    },
    {
      // The app servers' root volumes are encrypted with this key, and the auto-scaling group
      // launches them as its service-linked role, whose AWS-managed policy cannot be given a
      // customer key and which KMS refuses to name until it exists. AWS's own EBS key policy
      // pattern: any principal of this account, only through EC2 in this region.
      Sid: "AccountUsesKeyForEbsThroughEc2",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: [
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:CreateGrant",
        "kms:DescribeKey",
      ],
      Resource: "*",
      Condition: {
        StringEquals: {
          "kms:CallerAccount": input.accountId,
          "kms:ViaService": `ec2.${input.region}.amazonaws.com`,
        },
      },
    },
    {
      // Alarms publish to the KMS-encrypted alarm topic; CloudWatch sends no encryption context.
      Sid: "CloudWatchAlarmsPublishToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    },
  ];
  if (input.eventBridgePublishes) {
    // EventBridge encrypts what it publishes to an SNS topic with the topic's key; like
    // CloudWatch, it sends no encryption context to condition on.
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html (encrypted SNS targets)
    statements.push({
      Sid: "EventBridgePublishesToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    });
  }
  if (input.trailArn) {
    statements.push(
      {
        Sid: "CloudTrailEncryptsOwnTrailLogs",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: ["kms:GenerateDataKey*"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceArn": input.trailArn },
          StringLike: {
            "kms:EncryptionContext:aws:cloudtrail:arn": anyTrailArn({
              region: input.region,
              accountId: input.accountId,
            }),
          },
        },
      },
      {
        // The trail's bucket encrypts with an S3 Bucket Key: creating or updating an SSE-KMS trail
        // then needs kms:Decrypt for CloudTrail ("Configure AWS KMS key policies for CloudTrail",
        // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
        Sid: "CloudTrailDecryptsForBucketKey",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: ["kms:Decrypt"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceArn": input.trailArn } },
      },
      {
        Sid: "CloudTrailDescribesKey",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: ["kms:DescribeKey"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceArn": input.trailArn } },
      },
    );
  }
  return { Version: "2012-10-17", Statement: statements };
}
