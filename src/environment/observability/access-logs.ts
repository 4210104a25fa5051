/**
 * The environment's access-log bucket: S3 server access logs of the audit-trail bucket (CIS AWS
 * Foundations 3.6, Security Hub CloudTrail.7) and the load balancer's access logs. Neither
 * service can write to a bucket encrypted with a customer KMS key — S3 server access logging
 * supports only SSE-S3 on its target bucket, and ALB access logs only SSE-S3 — so this bucket,
 * unlike the trail's, is encrypted with S3-managed keys
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucketArn, partitionOf } from "../../model/arns";
import { denyBucketWithoutTls, type ResourcePolicy, TRAIL_NONCURRENT_DAYS } from "./audit-trail-plan";
import type { Scope } from "../scope";
import { lockDownLogBucket } from "./log-bucket";

/** Prefixes inside the bucket, one per source. */
export const ACCESS_LOG_PREFIXES = { trailBucket: "trail-logs/", loadBalancer: "alb" } as const;

export interface AccessLogs {
  readonly bucket: aws.s3.Bucket;
  /** Writers must wait for the bucket policy: ALB and S3 check their access when logging is turned on. */
  readonly policy: aws.s3.BucketPolicy;
}

export interface AccessLogsPolicyInput {
  readonly bucketArn: string;
  readonly accountId: string;
  /** The trail bucket whose server access logs land here; undefined without an own trail. */
  readonly trailBucketArn: string | undefined;
  /** The Elastic Load Balancing account of the region, as the provider's aws.elb.getServiceAccount returns it. */
  readonly loadBalancerLogWriter: string | undefined;
}

/** Who may write where: S3 logging for the trail bucket only, ELB for this account's prefix only. */
export function accessLogsBucketPolicy(input: AccessLogsPolicyInput): ResourcePolicy {
  const statements: ResourcePolicy["Statement"][number][] = [denyBucketWithoutTls(input.bucketArn)];
  if (input.trailBucketArn) {
    statements.push({
      Sid: "S3ServerAccessLogsOfTrailBucket",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${input.bucketArn}/${ACCESS_LOG_PREFIXES.trailBucket}*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": input.accountId },
        ArnLike: { "aws:SourceArn": input.trailBucketArn },
      },
    });
  }
  if (input.loadBalancerLogWriter) {
    statements.push({
      Sid: "LoadBalancerAccessLogs",
      Effect: "Allow",
      Principal: { AWS: input.loadBalancerLogWriter },
      Action: "s3:PutObject",
      Resource: `${input.bucketArn}/${ACCESS_LOG_PREFIXES.loadBalancer}/AWSLogs/${input.accountId}/*`,
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * The bucket and its policy. Created only where something logs to it: the trail's bucket (no
 * organization trail) or a load balancer.
 */
export function buildAccessLogs(
  scope: Scope,
  args: {
    readonly accountId: pulumi.Input<string>;
    readonly trailBucket: aws.s3.Bucket | undefined;
    readonly loadBalancer: boolean;
  },
): AccessLogs | undefined {
  const { settings } = scope;
  if (!args.trailBucket && !args.loadBalancer) return undefined;
  const bucket = new aws.s3.Bucket(
    scope.name("access-logs"),
    { forceDestroy: !settings.protectStateful, tags: scope.tags("access-logs") },
    scope.statefulOpts(),
  );
  const publicAccess = lockDownLogBucket(scope, "access-logs", bucket);
  new aws.s3.BucketServerSideEncryptionConfiguration(
    scope.name("access-logs-encryption"),
    { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
    scope.opts(),
  );
  // Access logs are traffic evidence, kept as long as the tier keeps flow and WAF logs.
  new aws.s3.BucketLifecycleConfiguration(
    scope.name("access-logs-lifecycle"),
    {
      bucket: bucket.id,
      rules: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: { prefix: "" },
          expiration: { days: settings.network.flowLogRetentionDays },
          noncurrentVersionExpiration: { noncurrentDays: TRAIL_NONCURRENT_DAYS },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    },
    scope.opts(),
  );
  const writer = args.loadBalancer
    ? aws.elb.getServiceAccountOutput({}, { parent: scope.parent }).arn
    : pulumi.output(undefined);
  const policy = new aws.s3.BucketPolicy(
    scope.name("access-logs-policy"),
    {
      bucket: bucket.id,
      policy: pulumi
        .all([bucket.bucket, args.accountId, args.trailBucket?.arn, writer])
        .apply(([name, accountId, trailBucketArn, loadBalancerLogWriter]) =>
          JSON.stringify(
            accessLogsBucketPolicy({
              bucketArn: bucketArn(partitionOf(settings.region), name),
              accountId,
              trailBucketArn,
              loadBalancerLogWriter,
            }),
          ),
        ),
    },
    // S3 refuses a bucket policy while the public access block is being changed.
    scope.opts({ dependsOn: [publicAccess] }),
  );
  if (args.trailBucket) {
    new aws.s3.BucketLogging(
      scope.name("trail-logs-access-logging"),
      {
        bucket: args.trailBucket.id,
        targetBucket: bucket.id,
        targetPrefix: ACCESS_LOG_PREFIXES.trailBucket,
      },
      scope.opts({ dependsOn: [policy] }),
    );
  }
  return { bucket, policy };
}
