// The five layers, read where the infrastructure puts them: precedence, Parameter Store names,
// the secret files' shapes and the feature flags.
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadConfig, parameterVariable, resolve, value } from "../src/config.js";

function hostLayers(files) {
  const dir = mkdtempSync(join(tmpdir(), "app-layers-"));
  mkdirSync(join(dir, "secrets"));
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  return {
    dir,
    env: {
      APP_CONFIG_FILE: join(dir, "config.json"),
      APP_SECRETS_DIR: join(dir, "secrets"),
      APP_FLAGS_FILE: join(dir, "flags.json"),
    },
  };
}

test("the highest layer that sets a key wins, and says which it is", () => {
  const r = resolve({
    runtimeFlag: { A: "flag" },
    environmentVariable: { A: "env", B: "env" },
    secretManager: { B: "secret", C: "secret" },
    configFile: { C: "file", D: "file" },
    codeDefault: { D: "default", E: "default" },
  });
  assert.deepEqual(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.layer])), {
    A: "runtimeFlag",
    B: "environmentVariable",
    C: "secretManager",
    D: "configFile",
    E: "codeDefault",
  });
});

test("a Parameter Store name names its variable: /production/app/log-level is LOG_LEVEL", () => {
  assert.equal(parameterVariable("/production/app/log-level"), "LOG_LEVEL");
  assert.equal(parameterVariable("/staging/app/request-timeout-ms"), "REQUEST_TIMEOUT_MS");
});

test("on a host: Parameter Store's snapshot, the secret files and AppConfig's flags, each in its layer", () => {
  const { dir, env } = hostLayers({
    "config.json": JSON.stringify([
      { name: "/production/app/log-level", value: "info" },
      { name: "/production/app/db-pool-max", value: "50" },
      { name: "/production/app/feature-defaults", value: "newCheckout=false,search=true" },
    ]),
    "secrets/DB_SECRET_ARN": JSON.stringify({
      engine: "postgres",
      username: "app_admin",
      password: "s3cret",
    }),
    "secrets/REDIS_AUTH_SECRET_ARN": JSON.stringify({ host: "h", port: 6379, authToken: "t0ken" }),
    "secrets/STRIPE_API_KEY_SECRET_ARN": "sk_live_x",
    "flags.json": JSON.stringify({ newCheckout: { enabled: true } }),
  });
  try {
    const config = loadConfig({ ...env, NODE_ENV: "production", LOG_LEVEL: "warn" });
    assert.deepEqual(config.settings.LOG_LEVEL, { value: "warn", layer: "environmentVariable" });
    assert.deepEqual(config.settings.DB_POOL_MAX, { value: "50", layer: "configFile" });
    assert.deepEqual(config.settings.DB_POOL_MIN, { value: "2", layer: "codeDefault" });
    assert.deepEqual(config.settings.DB_PASSWORD, { value: "s3cret", layer: "secretManager" });
    assert.equal(value(config, "REDIS_AUTH_TOKEN"), "t0ken");
    assert.equal(value(config, "STRIPE_API_KEY"), "sk_live_x");
    assert.deepEqual(config.flags.newCheckout, { value: true, layer: "runtimeFlag" });
    assert.deepEqual(config.flags.search, { value: true, layer: "codeDefault" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without AppConfig the flags are FEATURE_DEFAULTS, then the code's", () => {
  const config = loadConfig({ NODE_ENV: "development", FEATURE_DEFAULTS: "newCheckout=true" });
  assert.deepEqual(config.flags.newCheckout, { value: true, layer: "codeDefault" });
  assert.equal(loadConfig({ NODE_ENV: "development" }).flags.newCheckout.value, false);
  // Locally the config-file layer is config/<NODE_ENV>.json.
  assert.deepEqual(loadConfig({ NODE_ENV: "development" }).settings.LOG_LEVEL, {
    value: "debug",
    layer: "configFile",
  });
});

test("an empty variable (an unset ARN in .env.example) sets nothing", () => {
  assert.equal(loadConfig({ NODE_ENV: "development", PORT: "" }).settings.PORT.layer, "codeDefault");
});
