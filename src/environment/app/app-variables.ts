/**
 * The application's variables, declared once. Each entry says what the app reads (its
 * environment-variable name), where the cloud publishes it (an SSM parameter under
 * `/<environment>/app/`, or only the env file when it is a pointer to where something else
 * lives), whether it is sensitive (SecureString under the environment's KMS key) and how its
 * value derives from the environment's settings. The launch template's env file, the SSM
 * parameters, `.env.example` and `docker-compose.dev.yml` are all rendered from this list, so no
 * copy is kept by hand and a variable cannot exist in one place and not another.
 */

import { featureDefaults } from "./feature-flags";
import { THIRD_PARTY_SECRETS } from "../../config/third-party/catalog";

/** Everything a variable's value may depend on: settings plus where the environment's parts live. */
export interface AppVariableInput {
  readonly nodeEnv: string;
  readonly port: number;
  readonly logLevel: string;
  readonly dbPoolMin: number;
  readonly dbPoolMax: number;
  readonly requestTimeoutMs: number;
  readonly region: string;
  /** e.g. "production": the namespace of secrets and parameters. */
  readonly environment: string;
  readonly dbHost: string;
  readonly dbPort: number;
  readonly dbName: string;
  readonly dbUser: string;
  /** RDS forces TLS (rds.force_ssl); a local PostgreSQL has no certificate. */
  readonly dbTls: boolean;
  readonly redisHost: string;
  readonly redisPort: number;
  /** ElastiCache has transit encryption on; a local Redis does not. */
  readonly redisTls: boolean;
  /** The runtime flags' initial values: the config-file layer's fallback when AppConfig is unreachable. */
  readonly featureFlags: Readonly<Record<string, boolean>>;
  /** Where the runtime-flag layer lives in AppConfig (names; locally empty). */
  readonly appConfig: {
    readonly application: string;
    readonly environment: string;
    readonly profile: string;
  };
  /** ARNs of the secrets the app reads, by the variable that points at each ("" locally). */
  readonly secretArns: Readonly<Record<string, string>>;
}

export interface AppVariable {
  /** The environment variable the app reads. */
  readonly name: string;
  /** Name under `/<environment>/app/` in Parameter Store; undefined = env file only. */
  readonly parameter: string | undefined;
  /** Published as a SecureString encrypted with the environment's key. */
  readonly sensitive: boolean;
  readonly description: string;
  readonly value: (input: AppVariableInput) => string;
}

const setting = (
  name: string,
  parameter: string,
  description: string,
  value: (i: AppVariableInput) => string,
  sensitive = false,
): AppVariable => ({ name, parameter, sensitive, description, value });

const pointer = (name: string, description: string, value: (i: AppVariableInput) => string): AppVariable => ({
  name,
  parameter: undefined,
  sensitive: false,
  description,
  value,
});

/** Parameter Store path of the environment's config-file layer: `/production/app/`. */
export function appParameterPath(environment: string): string {
  return `/${environment}/app/`;
}

/** The database secret: PostgreSQL credentials, written by the program and rotated on prod. */
export const DB_SECRET_VARIABLE = "DB_SECRET_ARN";
export const REDIS_SECRET_VARIABLE = "REDIS_AUTH_SECRET_ARN";

/**
 * The seed's "Common Environment Variables" and what the app needs to find its secrets. Values
 * never include a secret: the database URL has no password, secrets are named by ARN.
 */
export const APP_VARIABLES: readonly AppVariable[] = [
  setting("NODE_ENV", "node-env", "environment name", (i) => i.nodeEnv),
  setting("PORT", "port", "server port", (i) => String(i.port)),
  setting("LOG_LEVEL", "log-level", "logging verbosity", (i) => i.logLevel),
  setting("REQUEST_TIMEOUT_MS", "request-timeout-ms", "server request timeout in milliseconds", (i) =>
    String(i.requestTimeoutMs),
  ),
  // Sensitive: it names the database host and its user. The password is in DB_SECRET_ARN.
  setting(
    "DATABASE_URL",
    "database-url",
    "PostgreSQL connection string without the password",
    (i) =>
      `postgres://${i.dbUser}@${i.dbHost}:${i.dbPort}/${i.dbName}?sslmode=${i.dbTls ? "require" : "disable"}`,
    true,
  ),
  setting("DB_POOL_MIN", "db-pool-min", "connection pool minimum", (i) => String(i.dbPoolMin)),
  setting("DB_POOL_MAX", "db-pool-max", "connection pool maximum", (i) => String(i.dbPoolMax)),
  // rediss:// is TLS; the AUTH token is in REDIS_AUTH_SECRET_ARN.
  setting(
    "REDIS_URL",
    "redis-url",
    "Redis URL without the AUTH token",
    (i) => `${i.redisTls ? "rediss" : "redis"}://${i.redisHost}:${i.redisPort}`,
  ),
  setting(
    "FEATURE_DEFAULTS",
    "feature-defaults",
    "feature flags' values when AppConfig cannot be reached (name=true|false,…)",
    (i) => featureDefaults(i.featureFlags),
  ),
  pointer("AWS_REGION", "AWS region of the environment", (i) => i.region),
  pointer("APP_CONFIG_PATH", "Parameter Store path of this environment's settings", (i) =>
    appParameterPath(i.environment),
  ),
  pointer("SECRETS_NAMESPACE", "Secrets Manager namespace of this environment", (i) => `/${i.environment}/`),
  pointer(DB_SECRET_VARIABLE, "Secrets Manager ARN of the PostgreSQL credentials", (i) =>
    secretArn(i, DB_SECRET_VARIABLE),
  ),
  pointer(REDIS_SECRET_VARIABLE, "Secrets Manager ARN of the Redis AUTH token", (i) =>
    secretArn(i, REDIS_SECRET_VARIABLE),
  ),
  pointer(
    "APPCONFIG_APPLICATION",
    "AppConfig application holding the runtime flags",
    (i) => i.appConfig.application,
  ),
  pointer("APPCONFIG_ENVIRONMENT", "AppConfig environment of this stack", (i) => i.appConfig.environment),
  pointer("APPCONFIG_PROFILE", "AppConfig feature-flag profile", (i) => i.appConfig.profile),
  // Third-party keys by reference; locally the app may be given the value itself (see .env.example).
  ...THIRD_PARTY_SECRETS.map((s) =>
    pointer(s.arnVariable, `Secrets Manager ARN of the ${s.description}`, (i) => secretArn(i, s.arnVariable)),
  ),
];

function secretArn(input: AppVariableInput, variable: string): string {
  const arn = input.secretArns[variable];
  if (arn === undefined) throw new RangeError(`no secret ARN given for ${variable}`);
  return arn;
}

/** name → value, in catalog order. */
export function appEnvironment(
  input: AppVariableInput,
  variables: readonly AppVariable[] = APP_VARIABLES,
): Record<string, string> {
  return Object.fromEntries(variables.map((v) => [v.name, v.value(input)]));
}

export interface AppParameter {
  /** Full Parameter Store name, e.g. /production/app/log-level. */
  readonly name: string;
  readonly variable: string;
  readonly sensitive: boolean;
  readonly description: string;
  readonly value: string;
}

/** Variables that have a Parameter Store entry. */
export function publishedVariables(
  variables: readonly AppVariable[] = APP_VARIABLES,
): (AppVariable & { readonly parameter: string })[] {
  return variables.filter((v): v is AppVariable & { parameter: string } => v.parameter !== undefined);
}

/** Full Parameter Store name of a published variable: /production/app/log-level. */
export function parameterName(environment: string, variable: { readonly parameter: string }): string {
  return `${appParameterPath(environment)}${variable.parameter}`;
}

/** The variables published to Parameter Store, with their full names and values. */
export function appParameters(
  input: AppVariableInput,
  variables: readonly AppVariable[] = APP_VARIABLES,
): AppParameter[] {
  return publishedVariables(variables).map((v) => ({
    name: parameterName(input.environment, v),
    variable: v.name,
    sensitive: v.sensitive,
    description: `${v.name}: ${v.description}`,
    value: v.value(input),
  }));
}
