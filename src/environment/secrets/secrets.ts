/**
 * Resources of the secrets part: the environment's KMS key and its policy, and the generated
 * secrets under the environment's namespace, rotated where the tier says.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { environmentKeyPolicy, trailArn } from "./key-policy";
import { logGroupArnPatterns } from "../observability/log-groups";
import { kmsAliasName, SECRET_PATHS, secretName, trailName } from "../../model/names";
import type { Scope } from "../scope";
import { mapInput } from "../inputs";

/**
 * Specials in the RDS master password. RDS accepts any printable ASCII except / ' " @ and space
 * (RDS API reference, CreateDBInstance MasterUserPassword).
 */
export const RDS_PASSWORD_SPECIALS = "!#$%^&*()-_=+[]{}<>:?";

/**
 * Specials in the ElastiCache AUTH token: only ! & # $ ^ < > - besides letters and digits
 * (ElastiCache user guide, "Authenticating with the Redis AUTH command",
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html). The provider's validator
 * rejects only @ " /, so a wider set passes a preview and fails CreateReplicationGroup.
 */
export const ELASTICACHE_AUTH_TOKEN_SPECIALS = "!&#$^<>-";

export interface Secrets {
  readonly key: aws.kms.Key;
  readonly dbPassword: random.RandomPassword;
  readonly cacheAuthToken: random.RandomPassword;
  readonly dbSecret: aws.secretsmanager.Secret;
  readonly cacheSecret: aws.secretsmanager.Secret;
}

/**
 * The environment's KMS key and its secrets. Each secret lives under the environment's namespace
 * (/dev/…, /staging/…, /production/…), is encrypted with the environment's own key, and is
 * generated here by @pulumi/random: no secret value is ever typed into a file.
 */
export function buildSecrets(scope: Scope, accountId: pulumi.Input<string>): Secrets {
  const { settings } = scope;
  // The services that write logs, alarms and audit records for this environment may use its key.
  const policy = mapInput(accountId, (account) =>
    JSON.stringify(
      environmentKeyPolicy({
        region: settings.region,
        accountId: account,
        logGroupArnPatterns: logGroupArnPatterns(settings, account),
        trailArn: settings.monitoring.organizationTrail
          ? undefined
          : trailArn(settings.region, account, trailName(settings.stack)),
        eventBridgePublishes: settings.recovery.backupPlan,
      }),
    ),
  );
  const key = new aws.kms.Key(
    scope.name("kms"),
    {
      description: `${settings.environment} environment key (${settings.project}/${settings.stack})`,
      enableKeyRotation: true,
      deletionWindowInDays: settings.secrets.kmsDeletionWindowDays,
      policy,
      tags: scope.tags("kms"),
    },
    scope.statefulOpts(),
  );
  new aws.kms.Alias(
    scope.name("kms-alias"),
    { name: kmsAliasName(settings.project, settings.stack), targetKeyId: key.keyId },
    scope.opts(),
  );

  const dbPassword = new random.RandomPassword(
    scope.name("db-password"),
    { length: 40, special: true, overrideSpecial: RDS_PASSWORD_SPECIALS },
    scope.opts(),
  );
  const cacheAuthToken = new random.RandomPassword(
    scope.name("redis-auth-token"),
    { length: 64, special: true, overrideSpecial: ELASTICACHE_AUTH_TOKEN_SPECIALS },
    scope.opts(),
  );

  // The policy pack's secret-rotation rule: a secret either has a rotation schedule or says, in a
  // tag a reviewer sees in the plan diff, that it is rotated by hand (a new value and a deploy).
  const secret = (suffix: string, path: string, description: string, rotation: "automatic" | "manual") =>
    new aws.secretsmanager.Secret(
      scope.name(suffix),
      {
        name: secretName(settings.environment, path),
        description,
        kmsKeyId: key.arn,
        recoveryWindowInDays: settings.secrets.recoveryWindowDays,
        tags: { ...scope.tags(suffix), Rotation: rotation },
      },
      // The name is fixed (it is the app's contract), so a replacement must delete first.
      scope.statefulOpts({ deleteBeforeReplace: true }),
    );
  return {
    key,
    dbPassword,
    cacheAuthToken,
    dbSecret: secret(
      "db-secret",
      SECRET_PATHS.database,
      "PostgreSQL master credentials",
      settings.secrets.rotationDays === null ? "manual" : "automatic",
    ),
    // AWS publishes no rotation function for ElastiCache AUTH tokens: a new token is a deploy.
    cacheSecret: secret("redis-secret", SECRET_PATHS.cache, "Redis AUTH token", "manual"),
  };
}
