/**
 * The application artifact: one container image in one private ECR repository that belongs to no
 * environment (the `artifact/` project owns it). This module is the one source of the
 * repository's name, of how an image is referenced (by digest, or on dev by tag) and of the
 * registry's URI and ARN, for the artifact project, the environments, the promotion and the tests.
 */
import { partitionOf } from "./iam";

/** The repository's name in the artifact account's registry. */
export const APP_REPOSITORY_NAME = "app";

/** The artifact project's folder (its Pulumi.yaml and single stack file live there). */
export const ARTIFACT_PROJECT_DIR = "artifact";

/**
 * A content digest as ECR reports it: `sha256:` and 64 lowercase hex digits
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageIdentifier.html).
 */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/**
 * An image tag as the OCI distribution spec allows it: `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests).
 * A tag cannot start with "sha256:" (no colon is allowed), so the two forms never overlap.
 */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/**
 * What a `docker pull` from ECR needs on the repository, after `ecr:GetAuthorizationToken` on the
 * registry (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html).
 */
export const PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] as const;

export type ImageReference =
  { readonly kind: "digest"; readonly digest: string } | { readonly kind: "tag"; readonly tag: string };

/** "sha256:…" → a digest, "main" → a tag, anything else → undefined. */
export function parseImageReference(text: string): ImageReference | undefined {
  if (DIGEST_PATTERN.test(text)) return { kind: "digest", digest: text };
  if (TAG_PATTERN.test(text)) return { kind: "tag", tag: text };
  return undefined;
}

/** Where the shared repository lives: the artifact project's account and region. */
export interface Registry {
  readonly accountId: string;
  readonly region: string;
}

/** The ECR DNS suffix; China regions use amazonaws.com.cn. */
function ecrDomain(region: string): string {
  return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
}

/** `<account>.dkr.ecr.<region>.amazonaws.com`: what `docker login` is given. */
export function registryHost(registry: Registry): string {
  return `${registry.accountId}.dkr.ecr.${registry.region}.${ecrDomain(registry.region)}`;
}

/** The repository's URI, without tag or digest. */
export function repositoryUri(registry: Registry, name = APP_REPOSITORY_NAME): string {
  return `${registryHost(registry)}/${name}`;
}

/** The repository's ARN: what an environment's app role may pull from. */
export function repositoryArn(registry: Registry, name = APP_REPOSITORY_NAME): string {
  return `arn:${partitionOf(registry.region)}:ecr:${registry.region}:${registry.accountId}:repository/${name}`;
}

/** What `docker pull` is given: `<repository>@sha256:…` or `<repository>:<tag>`. */
export function imageUri(registry: Registry, ref: ImageReference, name = APP_REPOSITORY_NAME): string {
  return ref.kind === "digest"
    ? `${repositoryUri(registry, name)}@${ref.digest}`
    : `${repositoryUri(registry, name)}:${ref.tag}`;
}

export function describeImage(ref: ImageReference): string {
  return ref.kind === "digest" ? ref.digest : ref.tag;
}
