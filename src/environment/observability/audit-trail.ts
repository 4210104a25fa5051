/**
 * Resources of the audit trail: CloudTrail (multi-region, validated, KMS-encrypted) and its
 * TLS-only, versioned, lifecycled, access-logged bucket.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { trailBucketPolicy, trailLifecycleRules } from "./audit-trail-plan";
import { trailName } from "../../model/names";
import { trailArn } from "../../model/arns";
import type { Scope } from "../scope";
import { lockDownLogBucket } from "./log-bucket";

export interface AuditTrail {
  readonly trail: aws.cloudtrail.Trail;
  readonly bucket: aws.s3.Bucket;
}

/**
 * CloudTrail for the environment's account and region: log files signed (validation), encrypted
 * with the environment's key, in a versioned bucket that is never public, refuses plain HTTP and
 * expires files after the tier's retention. The bucket holds audit evidence: stateful.
 */
export function buildAuditTrail(scope: Scope, key: aws.kms.Key, accountId: pulumi.Input<string>): AuditTrail {
  const { settings } = scope;
  const name = trailName(settings.stack);
  const bucket = new aws.s3.Bucket(
    scope.name("trail-logs"),
    {
      // Only a tier that does not protect its data may drop the bucket with its files in it.
      forceDestroy: !settings.protectStateful,
      tags: scope.tags("trail-logs"),
    },
    scope.statefulOpts(),
  );
  const publicAccess = lockDownLogBucket(scope, "trail-logs", bucket);
  new aws.s3.BucketServerSideEncryptionConfiguration(
    scope.name("trail-logs-encryption"),
    {
      bucket: bucket.id,
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
          bucketKeyEnabled: true,
        },
      ],
    },
    scope.opts(),
  );
  new aws.s3.BucketLifecycleConfiguration(
    scope.name("trail-logs-lifecycle"),
    {
      bucket: bucket.id,
      rules: trailLifecycleRules(settings.monitoring.trailRetentionDays).map((rule) => ({
        ...rule,
        filter: { prefix: "" },
        transitions: rule.transitions?.map((t) => ({ ...t })),
      })),
    },
    scope.opts(),
  );
  const policy = new aws.s3.BucketPolicy(
    scope.name("trail-logs-policy"),
    {
      bucket: bucket.id,
      policy: pulumi.all([bucket.arn, accountId]).apply(([bucketArn, account]) =>
        JSON.stringify(
          trailBucketPolicy({
            bucketArn,
            accountId: account,
            trailArn: trailArn({ region: settings.region, accountId: account }, name),
          }),
        ),
      ),
    },
    // S3 refuses a bucket policy while the public access block is being changed.
    scope.opts({ dependsOn: [publicAccess] }),
  );
  const trail = new aws.cloudtrail.Trail(
    scope.name("trail"),
    {
      name,
      s3BucketName: bucket.id,
      kmsKeyId: key.arn,
      enableLogFileValidation: true,
      enableLogging: true,
      includeGlobalServiceEvents: true,
      // Every region of the account: activity in a region the app does not use is the suspicious kind.
      isMultiRegionTrail: true,
      tags: scope.tags("trail"),
    },
    // CloudTrail checks on creation that it may write to the bucket.
    scope.opts({ dependsOn: [policy] }),
  );
  return { trail, bucket };
}
