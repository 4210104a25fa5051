/**
 * Resources for third-party keys: one Secrets Manager secret per key the stack file supplies as a
 * `secure:` value (catalog in src/config/third-party/); the value never enters a plan.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { secretName } from "../../model/names";
import {
  setSecretCommand,
  type ThirdPartySecret,
  THIRD_PARTY_SECRETS,
} from "../../config/third-party/catalog";
import type { Scope } from "../scope";
import type { Secrets } from "./secrets";

export interface ThirdPartySecretResource {
  readonly spec: ThirdPartySecret;
  readonly secret: aws.secretsmanager.Secret;
}

/**
 * One Secrets Manager secret per third-party key, under the environment's namespace and its KMS
 * key, protected like every other secret. The value comes only from the stack's `secure:` config:
 * while a stack file has none, the secret exists without a version (the app sees "not set"),
 * and `pulumi config set --secret` followed by `pulumi up` adds it.
 */
export function buildThirdPartySecrets(
  scope: Scope,
  secrets: Secrets,
  values: Readonly<Record<string, pulumi.Output<string>>>,
): ThirdPartySecretResource[] {
  const { settings } = scope;
  return THIRD_PARTY_SECRETS.map((spec) => {
    const suffix = `secret-${spec.path.split("/").pop()!}`;
    const secret = new aws.secretsmanager.Secret(
      scope.name(suffix),
      {
        name: secretName(settings.environment, spec.path),
        description: `${spec.description}. Set with: ${setSecretCommand(spec, settings.stack)}`,
        kmsKeyId: secrets.key.arn,
        recoveryWindowInDays: settings.secrets.recoveryWindowDays,
        // Rotated by hand, as the seed's "API Keys: manual or auto" allows: the vendor issues a
        // new key, `pulumi config set --secret` and a deploy put it in (policy: secret-rotation).
        tags: { ...scope.tags(suffix), Rotation: "manual" },
      },
      // The name is the app's contract, so a replacement must delete first.
      scope.statefulOpts({ deleteBeforeReplace: true }),
    );
    const value = values[spec.key];
    if (settings.providedSecrets.includes(spec.key) && value) {
      new aws.secretsmanager.SecretVersion(
        scope.name(`${suffix}-value`),
        { secretId: secret.id, secretString: value },
        scope.opts(),
      );
    }
    return { spec, secret };
  });
}
