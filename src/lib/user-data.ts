/**
 * The app's environment, delivered through launch-template user data. It carries configuration
 * and *where* secrets live (ARNs, the namespace), never a secret value: user data is readable by
 * anyone who can describe the instance.
 */

export interface AppEnvironmentInput {
  readonly nodeEnv: string;
  readonly port: number;
  readonly logLevel: string;
  readonly dbPoolMin: number;
  readonly dbPoolMax: number;
  readonly region: string;
  readonly dbHost: string;
  readonly dbPort: number;
  readonly dbName: string;
  readonly redisHost: string;
  readonly redisPort: number;
  readonly secretsNamespace: string;
  readonly dbSecretArn: string;
  readonly redisSecretArn: string;
}

/** The variables the app reads, in the seed's names where it has one. */
export function appEnvironment(input: AppEnvironmentInput): Record<string, string> {
  return {
    NODE_ENV: input.nodeEnv,
    PORT: String(input.port),
    LOG_LEVEL: input.logLevel,
    AWS_REGION: input.region,
    DB_HOST: input.dbHost,
    DB_PORT: String(input.dbPort),
    DB_NAME: input.dbName,
    DB_POOL_MIN: String(input.dbPoolMin),
    DB_POOL_MAX: String(input.dbPoolMax),
    // TLS to Redis (transit encryption is on); the AUTH token is in REDIS_AUTH_SECRET_ARN.
    REDIS_URL: `rediss://${input.redisHost}:${input.redisPort}`,
    SECRETS_NAMESPACE: input.secretsNamespace,
    DB_SECRET_ARN: input.dbSecretArn,
    REDIS_AUTH_SECRET_ARN: input.redisSecretArn,
  };
}

const SAFE_VALUE = /^[A-Za-z0-9_./:@+=,-]*$/;

/**
 * A boot script that writes the environment to /etc/app/app.env for the app's service unit
 * (EnvironmentFile=). Values are checked, not quoted, so the file is valid for systemd and sh.
 */
export function renderUserData(env: Readonly<Record<string, string>>): string {
  const lines = Object.entries(env).map(([key, value]) => {
    if (!SAFE_VALUE.test(value))
      throw new RangeError(`${key} has characters unsafe in an env file: ${value}`);
    return `${key}=${value}`;
  });
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "install -d -m 0755 /etc/app",
    "cat > /etc/app/app.env <<'APP_ENV'",
    ...lines,
    "APP_ENV",
    "chmod 0644 /etc/app/app.env",
    "",
  ].join("\n");
}
