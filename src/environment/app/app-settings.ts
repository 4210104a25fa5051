/**
 * Resources of the app's configuration layers: its variables in Parameter Store (SecureString
 * under the environment's key) and the secrets it reads, from the one list in app-variables.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { appConfigPolicy } from "./app-access";
import {
  appParameterPath,
  type AppVariableInput,
  DB_SECRET_VARIABLE,
  parameterName,
  publishedVariables,
  REDIS_SECRET_VARIABLE,
} from "./app-variables";
import { REDIS_PORT, type Cache } from "../data/cache";
import { type Database, POSTGRES_PORT } from "../data/database";
import type { Scope } from "../scope";
import type { RuntimeFlagNames } from "./runtime-flags";
import type { Secrets } from "../secrets/secrets";
import type { ThirdPartySecretResource } from "../secrets/third-party";

/**
 * The one input every rendering of the app's variables reads (the env file in user data, the
 * Parameter Store entries): settings plus where the database, cache and secrets ended up.
 */
export function appVariableInput(
  scope: Scope,
  deps: {
    database: Database;
    cache: Cache;
    secrets: Secrets;
    thirdParty: ThirdPartySecretResource[];
    flags: RuntimeFlagNames;
  },
): pulumi.Output<AppVariableInput> {
  const { settings } = scope;
  return pulumi
    .all([
      deps.database.instance.address,
      deps.cache.group.primaryEndpointAddress,
      deps.secrets.dbSecret.arn,
      deps.secrets.cacheSecret.arn,
      pulumi.all(deps.thirdParty.map((t) => t.secret.arn)),
    ])
    .apply(([dbHost, redisHost, dbSecretArn, redisSecretArn, thirdPartyArns]): AppVariableInput => ({
      ...settings.app,
      region: settings.region,
      environment: settings.environment,
      dbHost,
      dbPort: POSTGRES_PORT,
      dbName: settings.database.name,
      dbUser: settings.database.username,
      dbTls: true,
      redisHost,
      redisPort: REDIS_PORT,
      redisTls: true,
      featureFlags: settings.runtimeFlags.flags,
      appConfig: deps.flags,
      secretArns: {
        [DB_SECRET_VARIABLE]: dbSecretArn,
        [REDIS_SECRET_VARIABLE]: redisSecretArn,
        ...Object.fromEntries(deps.thirdParty.map((t, i) => [t.spec.arnVariable, thirdPartyArns[i]!])),
      },
    }));
}

export interface AppParameters {
  readonly parameters: aws.ssm.Parameter[];
}

/**
 * The config-file layer: every app setting as a Parameter Store entry under
 * `/<environment>/app/`, SecureString with the environment's key where the catalog marks it
 * sensitive, and a role policy letting the app servers read exactly these.
 */
export function buildAppParameters(
  scope: Scope,
  deps: {
    input: pulumi.Output<AppVariableInput>;
    secrets: Secrets;
    role: aws.iam.Role;
    accountId: pulumi.Input<string>;
  },
): AppParameters {
  const { settings } = scope;
  const parameters = publishedVariables().map((variable) => {
    const value = deps.input.apply((i) => variable.value(i));
    return new aws.ssm.Parameter(
      scope.name(`param-${variable.parameter}`),
      {
        name: parameterName(settings.environment, variable),
        description: `${variable.name}: ${variable.description}`,
        ...(variable.sensitive
          ? { type: "SecureString", keyId: deps.secrets.key.arn, value: pulumi.secret(value) }
          : // insecureValue keeps a plain setting readable in plans and diffs.
            { type: "String", insecureValue: value }),
        tags: scope.tags(`param-${variable.parameter}`),
      },
      scope.opts(),
    );
  });
  new aws.iam.RolePolicy(
    scope.name("app-config"),
    {
      role: deps.role.id,
      policy: pulumi.all([deps.accountId, deps.secrets.key.arn]).apply(([accountId, kmsKeyArn]) =>
        JSON.stringify(
          appConfigPolicy({
            region: settings.region,
            accountId,
            parameterNames: publishedVariables().map((v) => parameterName(settings.environment, v)),
            parameterPath: appParameterPath(settings.environment),
            kmsKeyArn,
          }),
        ),
      ),
    },
    scope.opts(),
  );
  return { parameters };
}
