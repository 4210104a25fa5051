/**
 * The audit trail's S3 bucket rules and the alarm topic's policy, as plain data.
 */
import { partitionOf } from "../../model/iam";
import { stackAlarmsArn } from "../../model/arns";

interface Statement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal: "*" | { readonly Service: string } | { readonly AWS: string };
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface ResourcePolicy {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Statement[];
}

/** Nobody may use the bucket, or anything in it, without TLS (CIS, Security Hub S3.5). */
export const denyBucketWithoutTls = (bucketArn: string): Statement => ({
  Sid: "DenyWithoutTls",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [bucketArn, `${bucketArn}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
});

/**
 * The trail's bucket: CloudTrail may read the ACL and write its own prefix, only for this trail,
 * handing the objects to the bucket owner; nobody may use the bucket without TLS.
 */
export function trailBucketPolicy(input: {
  readonly bucketArn: string;
  readonly accountId: string;
  readonly trailArn: string;
}): ResourcePolicy {
  const cloudTrail = { Service: "cloudtrail.amazonaws.com" };
  const sourceArn = { "aws:SourceArn": input.trailArn };
  return {
    Version: "2012-10-17",
    Statement: [
      denyBucketWithoutTls(input.bucketArn),
      {
        Sid: "CloudTrailReadsAcl",
        Effect: "Allow",
        Principal: cloudTrail,
        Action: "s3:GetBucketAcl",
        Resource: input.bucketArn,
        Condition: { StringEquals: sourceArn },
      },
      {
        Sid: "CloudTrailWritesOwnPrefix",
        Effect: "Allow",
        Principal: cloudTrail,
        Action: "s3:PutObject",
        Resource: `${input.bucketArn}/AWSLogs/${input.accountId}/*`,
        Condition: { StringEquals: { ...sourceArn, "s3:x-amz-acl": "bucket-owner-full-control" } },
      },
    ],
  };
}

export interface LifecycleRule {
  readonly id: string;
  readonly status: "Enabled";
  readonly filter: Record<string, never>;
  readonly transitions?: readonly { readonly days: number; readonly storageClass: string }[];
  readonly expiration?: { readonly days: number };
  readonly noncurrentVersionExpiration?: { readonly noncurrentDays: number };
  readonly abortIncompleteMultipartUpload?: { readonly daysAfterInitiation: number };
}

/** Log files older than this go to Glacier Instant Retrieval: rarely read, still readable at once. */
export const TRAIL_ARCHIVE_AFTER_DAYS = 90;
/** A deleted or overwritten log file stays recoverable this long (the bucket is versioned). */
export const TRAIL_NONCURRENT_DAYS = 30;

/** Keep log files `retentionDays`, archived after 90 days when they live long enough to gain from it. */
export function trailLifecycleRules(retentionDays: number): LifecycleRule[] {
  // Glacier IR bills at least 90 days per object: archiving only pays if the file stays longer.
  const archive = retentionDays > TRAIL_ARCHIVE_AFTER_DAYS * 2;
  return [
    {
      id: "expire-log-files",
      status: "Enabled",
      filter: {},
      ...(archive ? { transitions: [{ days: TRAIL_ARCHIVE_AFTER_DAYS, storageClass: "GLACIER_IR" }] } : {}),
      expiration: { days: retentionDays },
      noncurrentVersionExpiration: { noncurrentDays: TRAIL_NONCURRENT_DAYS },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    },
  ];
}

/**
 * The alarm topic: the account administers it, this stack's CloudWatch alarms in this account may publish,
 * and nothing reaches it without TLS.
 */
export function alarmTopicPolicy(input: {
  readonly topicArn: string;
  /** The stack whose alarms may publish (src/model/arns.ts stackAlarmsArn). */
  readonly stack: string;
  readonly region: string;
  readonly accountId: string;
  /** EventBridge rules allowed to publish (AWS Backup failures, src/environment/recovery/), as an ARN pattern. */
  readonly eventRuleArnPattern?: string;
}): ResourcePolicy {
  const partition = partitionOf(input.region);
  const eventRules = input.eventRuleArnPattern
    ? [
        {
          Sid: "OwnEventRulesPublish",
          Effect: "Allow" as const,
          Principal: { Service: "events.amazonaws.com" },
          Action: "sns:Publish",
          Resource: input.topicArn,
          Condition: { ArnLike: { "aws:SourceArn": input.eventRuleArnPattern } },
        },
      ]
    : [];
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersTopic",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${input.accountId}:root` },
        Action: [
          "sns:GetTopicAttributes",
          "sns:SetTopicAttributes",
          "sns:Subscribe",
          "sns:ListSubscriptionsByTopic",
          "sns:Publish",
        ],
        Resource: input.topicArn,
      },
      {
        Sid: "OwnAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: input.topicArn,
        Condition: {
          StringEquals: { "aws:SourceAccount": input.accountId },
          // This stack's alarms only: another stack's alarm in the same account must not page
          // this stack's subscribers.
          ArnLike: {
            "aws:SourceArn": stackAlarmsArn(
              { region: input.region, accountId: input.accountId },
              input.stack,
            ),
          },
        },
      },
      ...eventRules,
      {
        Sid: "DenyWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: input.topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}
