/**
 * The shared image repository as plain data: its lifecycle rules, who may pull from it and what
 * its KMS key allows. Pure, so the tests check the documents AWS would receive without mocks.
 * Resources are in src/artifact/program.ts.
 */
import { partitionOf } from "../model/iam";

/** A resource or key policy: statements that name their principal (IAM role policies do not). */
export interface ResourcePolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Principal: { readonly AWS: string };
    readonly Action: readonly string[];
    readonly Resource: readonly string[];
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  }[];
}
import { childName, limitedNames } from "../model/names";
import { PULL_ACTIONS } from "../model/artifact";

/** One environment that runs the image: its stack, and the account its app role lives in. */
export interface Puller {
  readonly stack: string;
  readonly accountId: string;
}

/**
 * Tagged images kept, newest first. Every push is tagged (the commit), so production's current
 * and previous digests are among the newest this many unless that many builds are pushed in
 * between; the promotion refuses a digest the repository no longer has (`describe-images`).
 */
export const KEEP_TAGGED_IMAGES = 200;
/** Untagged manifests (a tag moved on dev, a failed build) go after this many days. */
export const UNTAGGED_EXPIRY_DAYS = 14;

interface LifecycleRule {
  readonly rulePriority: number;
  readonly description: string;
  readonly selection: Record<string, unknown>;
  readonly action: { readonly type: "expire" };
}

/**
 * ECR lifecycle policy (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html):
 * `tagStatus: "tagged"` needs a tagPatternList or tagPrefixList; `countType` is
 * `sinceImagePushed` (with countUnit "days") or `imageCountMoreThan`.
 */
export function lifecyclePolicy(): { readonly rules: readonly LifecycleRule[] } {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Untagged manifests expire after ${UNTAGGED_EXPIRY_DAYS} days`,
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: UNTAGGED_EXPIRY_DAYS,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the newest ${KEEP_TAGGED_IMAGES} tagged images`,
        selection: {
          tagStatus: "tagged",
          tagPatternList: ["*"],
          countType: "imageCountMoreThan",
          countNumber: KEEP_TAGGED_IMAGES,
        },
        action: { type: "expire" },
      },
    ],
  };
}

/**
 * The role ARN pattern of a stack's app role. The role is autonamed from its logical name
 * (`<stack>-app-role-` and a random suffix), so the pattern ends in a wildcard.
 */
export function appRoleArnPattern(partition: string, puller: Puller): string {
  return `arn:${partition}:iam::${puller.accountId}:role/${limitedNames(puller.stack).appRole}-*`;
}

/**
 * Repository policy: each environment's app role may pull, nothing more. Cross-account access
 * needs both sides (this policy and the role's own policy): the principal is the account, and
 * `aws:PrincipalArn` narrows it to the app role
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html).
 */
export function repositoryPolicy(region: string, pullers: readonly Puller[]): ResourcePolicyDocument {
  const partition = partitionOf(region);
  const sorted = [...pullers].sort((a, b) => a.stack.localeCompare(b.stack));
  return {
    Version: "2012-10-17",
    Statement: sorted.map((p) => ({
      Sid: `PullFrom${p.stack.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}AppRole`,
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${p.accountId}:root` },
      Action: [...PULL_ACTIONS],
      Resource: ["*"],
      Condition: { ArnLike: { "aws:PrincipalArn": appRoleArnPattern(partition, p) } },
    })),
  };
}

/**
 * The repository's key: administered by its own account; used by ECR on the account's behalf
 * only (kms:ViaService), which is how ECR encrypts layers on push and decrypts them for any
 * allowed puller through the grants it creates on the key
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html).
 */
export function repositoryKeyPolicy(region: string, accountId: string): ResourcePolicyDocument {
  const partition = partitionOf(region);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersKey",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: ["kms:*"],
        Resource: ["*"],
      },
      {
        Sid: "EcrUsesKeyForThisAccount",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: [
          "kms:Encrypt",
          "kms:Decrypt",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:CreateGrant",
          "kms:RetireGrant",
          "kms:DescribeKey",
        ],
        Resource: ["*"],
        Condition: {
          StringEquals: {
            "kms:ViaService": `ecr.${region}.amazonaws.com`,
            "kms:CallerAccount": accountId,
          },
        },
      },
    ],
  };
}

/** Logical names of the artifact project's resources. */
export function artifactNames(stack: string) {
  return {
    key: childName(stack, "ecr-kms"),
    alias: childName(stack, "ecr-kms-alias"),
    repository: childName(stack, "app-repo"),
    lifecycle: childName(stack, "app-repo-lifecycle"),
    policy: childName(stack, "app-repo-policy"),
  };
}
