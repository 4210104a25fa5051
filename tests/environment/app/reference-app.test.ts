/**
 * The reference application (app/) and the infrastructure agree on the contract: the layers'
 * order, how a Parameter Store name names its variable, where the host puts each layer, and the
 * secrets the host fetches. The app's own tests (app/test/) run it against real servers.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { LAYERS } from "../../../src/environment/app/precedence";
import {
  APP_VARIABLES,
  DB_SECRET_VARIABLE,
  publishedVariables,
  REDIS_SECRET_VARIABLE,
} from "../../../src/environment/app/app-variables";
import { HOST_PATHS, HOST_SCRIPTS } from "../../../src/environment/app/user-data";
import { THIRD_PARTY_SECRETS } from "../../../src/config/third-party/catalog";

const APP_DIR = join(__dirname, "../../../app");

interface AppConfigModule {
  LAYERS: string[];
  SETTINGS: string[];
  parameterVariable(name: string): string;
  secretLayer(env: Record<string, string>): Record<string, string>;
}
const load = () => import(join(APP_DIR, "src/config.js")) as Promise<AppConfigModule>;

test("the app resolves the layers in the infrastructure's order", async () => {
  assert.deepEqual((await load()).LAYERS, [...LAYERS]);
});

test("every Parameter Store setting names the variable the app reads it as", async () => {
  const app = await load();
  for (const v of publishedVariables()) {
    assert.equal(app.parameterVariable(`/production/app/${v.parameter}`), v.name, v.parameter);
    assert.ok(app.SETTINGS.includes(v.name), `the app does not read ${v.name}`);
  }
});

test("the app reads each layer where the host puts it", () => {
  const source = readFileSync(join(APP_DIR, "src/config.js"), "utf8");
  const run = HOST_SCRIPTS["/usr/local/sbin/app-run"]!;
  for (const [variable, path] of [
    ["APP_CONFIG_FILE", HOST_PATHS.configFile],
    ["APP_SECRETS_DIR", HOST_PATHS.secretsDir],
    ["APP_FLAGS_FILE", HOST_PATHS.flagsFile],
  ] as const) {
    assert.ok(run.includes(`--env ${variable}=${path}`), `the host does not pass ${variable}`);
    assert.ok(source.includes(`env.${variable}`), `the app does not read ${variable}`);
  }
  assert.ok(APP_VARIABLES.some((v) => v.name === "FEATURE_DEFAULTS"));
});

test("every secret the host fetches becomes a setting the app reads", async () => {
  const app = await load();
  const variables = [
    DB_SECRET_VARIABLE,
    REDIS_SECRET_VARIABLE,
    ...THIRD_PARTY_SECRETS.map((t) => t.arnVariable),
  ];
  const dir = mkdtempSync(join(tmpdir(), "app-secrets-"));
  try {
    writeFileSync(join(dir, DB_SECRET_VARIABLE), JSON.stringify({ username: "u", password: "p" }));
    writeFileSync(
      join(dir, REDIS_SECRET_VARIABLE),
      JSON.stringify({ host: "h", port: 6379, authToken: "t" }),
    );
    for (const t of THIRD_PARTY_SECRETS) writeFileSync(join(dir, t.arnVariable), "v");
    const layer = app.secretLayer({ APP_SECRETS_DIR: dir });
    assert.equal(Object.keys(layer).length, variables.length);
    for (const key of Object.keys(layer)) assert.ok(app.SETTINGS.includes(key), key);
    for (const t of THIRD_PARTY_SECRETS) assert.equal(layer[t.variable], "v", t.variable);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
