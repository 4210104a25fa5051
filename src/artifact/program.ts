/**
 * The artifact project's program: the one private ECR repository every environment pulls the
 * application image from. It belongs to no environment, so it has its own project
 * (artifact/Pulumi.yaml) and stack; it grants pull to each environment's app role and to
 * nothing else. Immutable tags (a tag can never point at other bytes), scan on push, encrypted
 * with its own KMS key, and a lifecycle policy.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { APP_REPOSITORY_NAME, repositoryArn, repositoryUri } from "../model/artifact";
import { environmentAccounts, readArtifactProject } from "../config/artifact-project";
import { defaultTags } from "../environment/tags";
import { artifactNames, lifecyclePolicy, repositoryKeyPolicy, repositoryPolicy } from "./repository-plan";
import { userError } from "../run-error";

export interface ArtifactProgramOptions {
  /** The environments' project directory; the artifact project is its `artifact/` folder. */
  readonly rootDir: string;
}

export async function runArtifactProgram(options: ArtifactProgramOptions): Promise<Record<string, unknown>> {
  const artifact = readArtifactProject(options.rootDir);
  const pullers = environmentAccounts(options.rootDir);
  const stack = pulumi.getStack();
  if (stack !== artifact.stack) {
    throw userError(
      `The artifact project has one stack, "${artifact.stack}" (artifact/Pulumi.${artifact.stack}.yaml); got "${stack}"`,
    );
  }
  const { registry } = artifact;
  const names = artifactNames(stack);
  const provider = new aws.Provider(`${stack}-aws`, {
    region: registry.region as aws.Region,
    allowedAccountIds: [registry.accountId],
    defaultTags: {
      tags: defaultTags({ environment: "shared", project: pulumi.getProject(), stack }),
    },
  });
  const opts = { provider };

  const key = new aws.kms.Key(
    names.key,
    {
      description: "Encrypts the shared application image repository",
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify(repositoryKeyPolicy(registry.region, registry.accountId)),
    },
    // The images every environment runs are encrypted with it: never deleted by a deploy.
    { ...opts, protect: true, retainOnDelete: true },
  );
  new aws.kms.Alias(
    names.alias,
    { name: `alias/${pulumi.getProject()}/${stack}`, targetKeyId: key.keyId },
    opts,
  );

  const repository = new aws.ecr.Repository(
    names.repository,
    {
      name: APP_REPOSITORY_NAME,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }],
      // Deleting the repository would delete every image production can roll back to.
      forceDelete: false,
    },
    { ...opts, protect: true, retainOnDelete: true },
  );
  new aws.ecr.LifecyclePolicy(
    names.lifecycle,
    { repository: repository.name, policy: JSON.stringify(lifecyclePolicy()) },
    opts,
  );
  new aws.ecr.RepositoryPolicy(
    names.policy,
    { repository: repository.name, policy: JSON.stringify(repositoryPolicy(registry.region, pullers)) },
    opts,
  );

  return {
    registryAccountId: registry.accountId,
    region: registry.region,
    repositoryName: APP_REPOSITORY_NAME,
    repositoryUrl: repositoryUri(registry),
    repositoryArn: repositoryArn(registry),
    pullingStacks: pullers.map((p) => p.stack),
    keyArn: key.arn,
  };
}
