import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { appConfigPolicy, parameterArn } from "../../../src/environment/app/app-access";
import {
  APP_VARIABLES,
  appEnvironment,
  appParameters,
  type AppVariableInput,
} from "../../../src/environment/app/app-variables";
import { renderEnvFile } from "../../../src/environment/app/user-data";

const CLOUD: AppVariableInput = {
  nodeEnv: "production",
  port: 8080,
  logLevel: "info",
  dbPoolMin: 10,
  dbPoolMax: 50,
  requestTimeoutMs: 60000,
  region: "eu-west-1",
  environment: "production",
  dbHost: "db.internal",
  dbPort: 5432,
  dbName: "app",
  dbUser: "app_admin",
  dbTls: true,
  redisHost: "redis.internal",
  redisPort: 6379,
  redisTls: true,
  featureFlags: { newCheckout: false, betaSearch: true },
  appConfig: { application: "infra-prod", environment: "production", profile: "feature-flags" },
  secretArns: {
    DB_SECRET_ARN: "arn:db",
    REDIS_AUTH_SECRET_ARN: "arn:redis",
    STRIPE_API_KEY_SECRET_ARN: "arn:stripe",
    SENDGRID_API_KEY_SECRET_ARN: "arn:sendgrid",
    SENTRY_DSN_SECRET_ARN: "arn:sentry",
    DATADOG_API_KEY_SECRET_ARN: "arn:datadog",
  },
};

describe("the app's variables, declared once", () => {
  test("the env file: the seed's variables, secrets by reference only", () => {
    assert.deepEqual(appEnvironment(CLOUD), {
      NODE_ENV: "production",
      PORT: "8080",
      LOG_LEVEL: "info",
      REQUEST_TIMEOUT_MS: "60000",
      DATABASE_URL: "postgres://app_admin@db.internal:5432/app?sslmode=require",
      DB_POOL_MIN: "10",
      DB_POOL_MAX: "50",
      REDIS_URL: "rediss://redis.internal:6379",
      FEATURE_DEFAULTS: "betaSearch=true,newCheckout=false",
      AWS_REGION: "eu-west-1",
      APP_CONFIG_PATH: "/production/app/",
      SECRETS_NAMESPACE: "/production/",
      DB_SECRET_ARN: "arn:db",
      REDIS_AUTH_SECRET_ARN: "arn:redis",
      APPCONFIG_APPLICATION: "infra-prod",
      APPCONFIG_ENVIRONMENT: "production",
      APPCONFIG_PROFILE: "feature-flags",
      STRIPE_API_KEY_SECRET_ARN: "arn:stripe",
      SENDGRID_API_KEY_SECRET_ARN: "arn:sendgrid",
      SENTRY_DSN_SECRET_ARN: "arn:sentry",
      DATADOG_API_KEY_SECRET_ARN: "arn:datadog",
    });
  });

  test("locally the same names carry plain-TCP URLs", () => {
    const env = appEnvironment({ ...CLOUD, dbHost: "db", dbTls: false, redisHost: "redis", redisTls: false });
    assert.equal(env["DATABASE_URL"], "postgres://app_admin@db:5432/app?sslmode=disable");
    assert.equal(env["REDIS_URL"], "redis://redis:6379");
  });

  test("Parameter Store: settings under /<environment>/app/, pointers stay in the env file", () => {
    assert.deepEqual(
      appParameters(CLOUD).map((p) => [p.name, p.variable, p.sensitive, p.value]),
      [
        ["/production/app/node-env", "NODE_ENV", false, "production"],
        ["/production/app/port", "PORT", false, "8080"],
        ["/production/app/log-level", "LOG_LEVEL", false, "info"],
        ["/production/app/request-timeout-ms", "REQUEST_TIMEOUT_MS", false, "60000"],
        [
          "/production/app/database-url",
          "DATABASE_URL",
          true,
          "postgres://app_admin@db.internal:5432/app?sslmode=require",
        ],
        ["/production/app/db-pool-min", "DB_POOL_MIN", false, "10"],
        ["/production/app/db-pool-max", "DB_POOL_MAX", false, "50"],
        ["/production/app/redis-url", "REDIS_URL", false, "rediss://redis.internal:6379"],
        ["/production/app/feature-defaults", "FEATURE_DEFAULTS", false, "betaSearch=true,newCheckout=false"],
      ],
    );
  });

  test("names are unique, uppercase, and every parameter name is unique", () => {
    const names = APP_VARIABLES.map((v) => v.name);
    assert.deepEqual(names, [...new Set(names)]);
    for (const n of names) assert.match(n, /^[A-Z][A-Z0-9_]*$/);
    const params = APP_VARIABLES.flatMap((v) => (v.parameter ? [v.parameter] : []));
    assert.deepEqual(params, [...new Set(params)]);
  });

  test("a missing secret ARN is a programming error, not an empty variable", () => {
    assert.throws(
      () => appEnvironment({ ...CLOUD, secretArns: {} }),
      /no secret ARN given for DB_SECRET_ARN/,
    );
  });

  test("every rendered value is safe in the env file (the DATABASE_URL's ? included)", () => {
    assert.doesNotThrow(() => renderEnvFile(appEnvironment(CLOUD)));
    assert.throws(() => renderEnvFile({ X: "a b" }), /X has characters unsafe/);
  });
});

describe("the app role's access to its parameters", () => {
  test("exact ARNs, the path for by-path reads, KMS only via SSM", () => {
    const doc = appConfigPolicy({
      region: "us-gov-west-1",
      accountId: "111122223333",
      parameterNames: ["/production/app/port", "/production/app/log-level"],
      parameterPath: "/production/app/",
      kmsKeyArn: "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/k",
    });
    assert.deepEqual(doc.Statement, [
      {
        Sid: "ReadOwnAppParameters",
        Effect: "Allow",
        Action: ["ssm:GetParameter", "ssm:GetParameters"],
        Resource: [
          "arn:aws-us-gov:ssm:us-gov-west-1:111122223333:parameter/production/app/log-level",
          "arn:aws-us-gov:ssm:us-gov-west-1:111122223333:parameter/production/app/port",
        ],
      },
      {
        Sid: "ListOwnAppParameterPath",
        Effect: "Allow",
        Action: ["ssm:GetParametersByPath"],
        Resource: ["arn:aws-us-gov:ssm:us-gov-west-1:111122223333:parameter/production/app"],
      },
      {
        Sid: "DecryptAppParametersWithOwnKey",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: ["arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/k"],
        Condition: { StringEquals: { "kms:ViaService": "ssm.us-gov-west-1.amazonaws.com" } },
      },
    ]);
  });

  test("a parameter ARN has exactly one slash after parameter", () => {
    assert.equal(parameterArn("us-east-1", "1", "/dev/app/x"), "arn:aws:ssm:us-east-1:1:parameter/dev/app/x");
  });
});
