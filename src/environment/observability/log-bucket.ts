/**
 * What every log bucket of the environment gets (the audit trail's and the access logs'): public
 * access blocked, bucket-owner-enforced ownership (writers are granted by the bucket policy, not
 * ACLs) and versioning (policy rule s3-versioning: an overwritten log stays recoverable).
 * Encryption, lifecycle and policy differ per bucket and stay with it.
 */
import * as aws from "@pulumi/aws";
import type { Scope } from "../scope";

/** Registers the three settings for `bucket`, named `<prefix>-…`; returns the public-access block. */
export function lockDownLogBucket(
  scope: Scope,
  prefix: string,
  bucket: aws.s3.Bucket,
): aws.s3.BucketPublicAccessBlock {
  const publicAccess = new aws.s3.BucketPublicAccessBlock(
    scope.name(`${prefix}-public-access`),
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    scope.opts(),
  );
  new aws.s3.BucketOwnershipControls(
    scope.name(`${prefix}-ownership`),
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    scope.opts(),
  );
  new aws.s3.BucketVersioning(
    scope.name(`${prefix}-versioning`),
    { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
    scope.opts(),
  );
  return publicAccess;
}
